package main

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/golibbpf/golibbpf/skel/section"
)

func init() {
	register("resolve", "resolve SEC() names like libbpf 1.5.0 (NAME... or one per line on stdin)", resolveCmd)
}

// resolveCmd prints one line per name (from args, or stdin when there are
// none): name, program type, attach type or "none", flags; or name,
// "ERROR", reason. It returns 1 if any name failed.
func resolveCmd(args []string, stdout, stderr io.Writer) int {
	w := bufio.NewWriter(stdout)
	failed := false
	one := func(name string) {
		s, err := section.Resolve(name)
		if err != nil {
			failed = true
			fmt.Fprintln(w, errorLine(name, err))
			return
		}
		fmt.Fprintln(w, line(name, s.Definition))
	}
	if len(args) > 0 {
		for _, name := range args {
			one(name)
		}
	} else {
		sc := bufio.NewScanner(stdin)
		sc.Buffer(make([]byte, 0, 4096), 1<<20)
		for sc.Scan() {
			name := strings.TrimSuffix(sc.Text(), "\r")
			if name == "" {
				continue
			}
			one(name)
		}
		if err := sc.Err(); err != nil {
			w.Flush()
			fmt.Fprintln(stderr, "skelgen resolve: reading stdin:", err)
			return 2
		}
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "skelgen resolve:", err)
		return 2
	}
	if failed {
		return 1
	}
	return 0
}
