package main

import (
	"bufio"
	"fmt"
	"io"

	"github.com/golibbpf/golibbpf/skel/section"
)

func init() {
	register("sections", "print libbpf 1.5.0's section definitions, in its matching order", sectionsCmd)
}

// sectionsCmd prints every definition as resolve prints a name, with the
// definition's prefix ("kprobe+", "cgroup/connect4") as the name.
func sectionsCmd(args []string, stdout, stderr io.Writer) int {
	if len(args) > 0 {
		fmt.Fprintln(stderr, "usage: skelgen sections")
		return 2
	}
	w := bufio.NewWriter(stdout)
	for _, d := range section.Definitions() {
		fmt.Fprintln(w, line(d.Prefix, &d))
	}
	if err := w.Flush(); err != nil {
		fmt.Fprintln(stderr, "skelgen sections:", err)
		return 2
	}
	return 0
}
