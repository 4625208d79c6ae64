// Command skelgen works with the ELF sections of BPF objects.
//
// Usage:
//
//	skelgen resolve [NAME...]   resolve SEC() names as libbpf 1.5.0 does (names on stdin if none given)
//	skelgen sections            print libbpf 1.5.0's table of section definitions
//
// Each subcommand prints one tab-separated line per name: the name, the
// program type and the expected attach type in libbpf's spelling
// (libbpf_bpf_prog_type_str, libbpf_bpf_attach_type_str; "none" when the
// section has none), and the section's flags.
package main

import (
	"fmt"
	"io"
	"os"
	"sort"
)

// A command is one subcommand: run gets the arguments after its name and
// returns the exit status.
type command struct {
	summary string
	run     func(args []string, stdout, stderr io.Writer) int
}

// commands maps a subcommand's name to it; each subcommand's file adds
// itself with register in an init function.
var commands = map[string]command{}

// stdin is where subcommands read input; tests replace it.
var stdin io.Reader = os.Stdin

// register adds a subcommand.
func register(name, summary string, run func(args []string, stdout, stderr io.Writer) int) {
	if _, dup := commands[name]; dup {
		panic("skelgen: two subcommands named " + name)
	}
	commands[name] = command{summary: summary, run: run}
}

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// run dispatches args to a subcommand and returns the exit status: 2 for
// a usage error.
func run(args []string, stdout, stderr io.Writer) int {
	if len(args) == 0 {
		usage(stderr)
		return 2
	}
	switch args[0] {
	case "help", "-h", "-help", "--help":
		usage(stdout)
		return 0
	}
	cmd, ok := commands[args[0]]
	if !ok {
		fmt.Fprintf(stderr, "skelgen: unknown subcommand %q\n", args[0])
		usage(stderr)
		return 2
	}
	return cmd.run(args[1:], stdout, stderr)
}

func usage(w io.Writer) {
	fmt.Fprintln(w, "usage: skelgen SUBCOMMAND [ARG...]")
	names := make([]string, 0, len(commands))
	for name := range commands {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		fmt.Fprintf(w, "  %-10s %s\n", name, commands[name].summary)
	}
}
