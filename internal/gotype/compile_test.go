package gotype

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// TestCompile writes the generated code of every test object into a
// throwaway module, one package each, runs go vet on it, and runs a program
// that calls each package's layout check, so that unsafe.Sizeof and
// unsafe.Offsetof of every generated struct and field are compared with
// BTF by the Go compiler itself.
func TestCompile(t *testing.T) {
	if testing.Short() {
		t.Skip("runs the go command")
	}
	goCmd := filepath.Join(os.Getenv("GOROOT"), "bin", "go")
	if _, err := os.Stat(goCmd); err != nil {
		if goCmd, err = exec.LookPath("go"); err != nil {
			t.Skip("no go command")
		}
	}
	dir := t.TempDir()
	write := func(name, content string) {
		t.Helper()
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	// The generated code needs nothing but the standard library; the
	// replace directive lets a skeleton's golibbpf imports resolve to this
	// tree if the generated code ever grows one.
	write("go.mod", "module gotypecheck\n\ngo 1.24\n\nrequire github.com/golibbpf/golibbpf v0.0.0\n\nreplace github.com/golibbpf/golibbpf => "+moduleRoot(t)+"\n")
	var imports, calls strings.Builder
	for _, o := range append(objects, struct{ name, prefix string }{"broken", "Layout"}) {
		pkg := strings.ReplaceAll(o.name, "_", "")
		var src string
		var out *Output
		if o.name == "broken" {
			// The layout object with struct gl_nested's first member
			// widened behind the generator's back: the check must say so.
			out = generateObject(t, "gotype_layout", o.prefix)
			src = regexp.MustCompile(`(?m)^(\tKind\s+)uint8`).ReplaceAllString(goFile(t, pkg, out), "${1}uint16")
		} else {
			out = generateObject(t, o.name, o.prefix)
			src = goFile(t, pkg, out)
		}
		// Export the check so that main can call it.
		exported := strings.ToUpper(out.CheckLayoutFunc[:1]) + out.CheckLayoutFunc[1:]
		src += fmt.Sprintf("\n// %s runs %s.\nfunc %s() error { return %s() }\n", exported, out.CheckLayoutFunc, exported, out.CheckLayoutFunc)
		write(filepath.Join(pkg, "gen.go"), src)
		fmt.Fprintf(&imports, "\t%q\n", "gotypecheck/"+pkg)
		fmt.Fprintf(&calls, "\tcheck(%q, %s.%s())\n", o.name, pkg, exported)
	}
	write("main.go", fmt.Sprintf(`package main

import (
	"fmt"

%s)

func check(name string, err error) {
	if err != nil {
		fmt.Println(name+":", err)
		return
	}
	fmt.Println(name, "ok")
}

func main() {
%s}
`, imports.String(), calls.String()))
	run := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(goCmd, args...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOFLAGS=-mod=mod", "GOWORK=off", "GOPROXY=off")
		b, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, b)
		}
		return string(b)
	}
	run("vet", "./...")
	got := run("run", ".")
	t.Logf("go run:\n%s", got)
	for _, o := range objects {
		if !strings.Contains(got, o.name+" ok\n") {
			t.Errorf("layout check of %s did not pass:\n%s", o.name, got)
		}
	}
	for _, want := range []string{
		"broken: the generated Go types do not match",
		"offset of LayoutGlNested.Stamp (member stamp of struct gl_nested): 16 in Go, 8 in BTF",
		"size of LayoutGlNested (struct gl_nested): 112 in Go, 104 in BTF",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("the check of the broken layout does not say %q:\n%s", want, got)
		}
	}
}

func moduleRoot(t *testing.T) string {
	t.Helper()
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	return root
}
