package main

import (
	"bytes"
	"errors"
	"flag"
	"fmt"
	"go/format"
	"go/token"
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"strings"

	"github.com/golibbpf/golibbpf/internal/gotype"
)

func init() {
	register("gen", "generate a Go skeleton from a BPF object (or compile a .bpf.c first with -cc)", genMain)
}

// genConfig is what `skelgen gen` was asked to do.
type genConfig struct {
	Type    string // the skeleton's Go type, e.g. Connect4
	Package string // the generated file's package
	Out     string // the generated file; "" = stdout
	Input   string // the BPF object, or the C source when CC is set
	CC      string // a clang for BPF; "" = Input is an object
	CFlags  string // extra flags for CC
}

func genMain(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("skelgen gen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var c genConfig
	fs.StringVar(&c.Type, "type", "", "the skeleton's Go type name (default: from the object's file name)")
	fs.StringVar(&c.Package, "package", "main", "the Go package of the generated file")
	fs.StringVar(&c.Out, "o", "", "the generated Go file (default: standard output)")
	fs.StringVar(&c.CC, "cc", "", "compile the input, a BPF C file, with this clang first (e.g. clang-16)")
	fs.StringVar(&c.CFlags, "cflags", "", "extra flags for -cc, split on spaces")
	fs.Usage = func() {
		fmt.Fprintln(stderr, "usage: skelgen gen [-type Name] [-package pkg] [-o file.go] [-cc clang -cflags \"...\"] object.bpf.o|prog.bpf.c")
		fs.PrintDefaults()
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() != 1 {
		fs.Usage()
		return 2
	}
	c.Input = fs.Arg(0)
	if err := gen(&c, stdout); err != nil {
		fmt.Fprintln(stderr, "skelgen gen:", err)
		return 1
	}
	return 0
}

// gen runs the whole generation: compile (with -cc), read the object,
// render and gofmt the skeleton, write it.
func gen(c *genConfig, stdout io.Writer) error {
	if !token.IsIdentifier(c.Package) {
		return fmt.Errorf("-package %q is not a Go identifier", c.Package)
	}
	objPath := c.Input
	if c.CC != "" {
		var err error
		if objPath, err = compile(c); err != nil {
			return err
		}
	}
	if c.Type == "" {
		c.Type = gotype.GoName(strings.TrimSuffix(strings.TrimSuffix(filepath.Base(objPath), ".o"), ".bpf"))
	}
	if !token.IsIdentifier(c.Type) || !token.IsExported(c.Type) {
		return fmt.Errorf("-type %q is not an exported Go identifier", c.Type)
	}
	elfBytes, err := os.ReadFile(objPath)
	if err != nil {
		return err
	}
	embed, err := embedPath(c.Out, objPath)
	if err != nil {
		return err
	}
	sk, err := newSkeleton(c, filepath.ToSlash(embed), elfBytes)
	if err != nil {
		return err
	}
	src, err := sk.render()
	if err != nil {
		return err
	}
	pretty, err := format.Source(src)
	if err != nil {
		return fmt.Errorf("the generated code does not parse (a skelgen bug): %w\n%s", err, src)
	}
	if c.Out == "" {
		_, err = stdout.Write(pretty)
		return err
	}
	return writeIfChanged(c.Out, pretty)
}

// compile runs c.CC for BPF on the C source c.Input and returns the object
// it wrote: the source's name with .o for .c, beside it.
func compile(c *genConfig) (string, error) {
	if !strings.HasSuffix(c.Input, ".c") {
		return "", fmt.Errorf("-cc given, but %s is not a .c file", c.Input)
	}
	obj := strings.TrimSuffix(c.Input, ".c") + ".o"
	args := []string{"-g", "-O2", "-target", "bpf"}
	args = append(args, strings.Fields(c.CFlags)...)
	args = append(args, "-c", c.Input, "-o", obj)
	cmd := exec.Command(c.CC, args...)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("%s %s: %w\n%s", c.CC, strings.Join(args, " "), err, out.String())
	}
	return obj, nil
}

// embedPath is the object's path relative to the generated file's
// directory, which //go:embed needs; the object must be in it or below.
func embedPath(out, obj string) (string, error) {
	dir := "."
	if out != "" {
		dir = filepath.Dir(out)
	}
	// Rel needs both paths relative or both absolute: -o and the object
	// may be given either way.
	absDir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	absObj, err := filepath.Abs(obj)
	if err != nil {
		return "", err
	}
	rel, err := filepath.Rel(absDir, absObj)
	if err != nil {
		return "", err
	}
	if rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator)) {
		return "", fmt.Errorf("//go:embed needs the object in the generated file's directory or below, and %s is not under %s", obj, dir)
	}
	return rel, nil
}

// writeIfChanged writes data to path unless the file already holds it, so
// that go generate leaves unchanged files' times alone.
func writeIfChanged(path string, data []byte) error {
	old, err := os.ReadFile(path)
	if err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
