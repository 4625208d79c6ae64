package main

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"text/template"

	"github.com/google/go-cmp/cmp"

	"github.com/golibbpf/golibbpf/internal/testenv"
)

// The generated skeletons are built as programs inside the module (they
// import its packages) under build/_skelgen-test-*: build/ is git-ignored
// and the leading underscore keeps ./... patterns from seeing them. Each
// program is the generated file, its object, runner.go (below) and, for
// lifecycle, lifecycle_run.go.

// runnerTemplate is the main package around a generated skeleton. Its
// modes print one line per fact:
//
//	open    Open (no program is loaded), check that every field was filled
//	        in, Destroy twice; prints "ok".
//	attach  OpenAndLoad, Attach(nil), prints "prog NAME attached|skipped"
//	        for each program, "map NAME" for each map, "links N", and
//	        "reader METHOD ok" for each New<Map>Reader it could call.
var runnerTemplate = template.Must(template.New("runner").Parse(`package main

import (
	"fmt"
	"io"
	"os"
	"reflect"
	"strings"

	"github.com/golibbpf/golibbpf/skel"
)

var modes = map[string]func() error{"open": openOnly, "attach": attachAll}

func main() {
	if len(os.Args) != 2 || modes[os.Args[1]] == nil {
		fmt.Fprintln(os.Stderr, "usage: runner open|attach|run")
		os.Exit(2)
	}
	if err := modes[os.Args[1]](); err != nil {
		fmt.Fprintln(os.Stderr, "runner:", err)
		os.Exit(1)
	}
}

func openOnly() error {
	s, err := Open{{.}}(nil)
	if err != nil {
		return err
	}
	if err := filled(s); err != nil {
		s.Destroy()
		return err
	}
	if s.Obj.Loaded() {
		return fmt.Errorf("loaded after Open")
	}
	if err := s.Destroy(); err != nil {
		return err
	}
	if err := s.Destroy(); err != nil {
		return fmt.Errorf("second Destroy: %w", err)
	}
	fmt.Println("ok")
	return nil
}

// filled checks that Open set every pointer field of the skeleton and of
// its Progs, Maps and Typed structs, and no link.
func filled(s *{{.}}) error {
	v := reflect.ValueOf(s).Elem()
	for i := range v.NumField() {
		f := v.Field(i)
		name := v.Type().Field(i).Name
		switch {
		case f.Kind() == reflect.Pointer && f.IsNil():
			return fmt.Errorf("%s is nil after Open", name)
		case f.Kind() == reflect.Struct:
			for j := range f.NumField() {
				if isNil := f.Field(j).IsNil(); isNil != (name == "Links") {
					return fmt.Errorf("%s.%s is nil=%v after Open", name, f.Type().Field(j).Name, isNil)
				}
			}
		}
	}
	return nil
}

// report prints what Attach attached, and the maps.
func report(s *{{.}}) {
	progs, links := reflect.ValueOf(s.Progs), reflect.ValueOf(s.Links)
	for i := range progs.NumField() {
		state := "skipped"
		if !links.FieldByName(progs.Type().Field(i).Name).IsNil() {
			state = "attached"
		}
		fmt.Printf("prog %s %s\n", progs.Field(i).Interface().(*skel.Program).Name(), state)
	}
	maps := reflect.ValueOf(s.Maps)
	for i := range maps.NumField() {
		fmt.Printf("map %s\n", maps.Field(i).Interface().(*skel.Map).Name())
	}
	fmt.Printf("links %d\n", len(s.Obj.Links()))
}

func attachAll() error {
	s, err := OpenAndLoad{{.}}(nil)
	if err != nil {
		return err
	}
	defer s.Destroy()
	if err := s.Attach(nil); err != nil {
		return err
	}
	report(s)
	v := reflect.ValueOf(s)
	for i := range v.NumMethod() {
		name := v.Type().Method(i).Name
		if !strings.HasPrefix(name, "New") || !strings.HasSuffix(name, "Reader") {
			continue
		}
		out := v.Method(i).Call(nil)
		if err, _ := out[1].Interface().(error); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
		if err := out[0].Interface().(io.Closer).Close(); err != nil {
			return fmt.Errorf("%s: Close: %w", name, err)
		}
		fmt.Printf("reader %s ok\n", name)
	}
	return s.Destroy()
}
`))

// lifecycleRun is the "run" mode of lifecycle's runner: the whole life of
// a generated skeleton on the kernel. It prints report's lines, "count
// FIELD N" for the .bss counters after the triggers, and "refused ERR" for
// the .rodata write after Load.
const lifecycleRun = `package main

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"reflect"
	"syscall"

	"github.com/golibbpf/golibbpf/skel"
)

func init() { modes["run"] = run }

func run() error {
	pid := uint32(os.Getpid())
	s, err := OpenLifecycle(nil)
	if err != nil {
		return err
	}
	defer s.Destroy()
	if err := s.SetRodata(func(r *LifecycleRodata) { r.TargetTgid = pid }); err != nil {
		return fmt.Errorf("SetRodata before Load: %w", err)
	}
	if err := s.Load(); err != nil {
		return fmt.Errorf("Load: %+v", err)
	}
	if got := s.Rodata.TargetTgid; got != pid {
		return fmt.Errorf(".rodata after Load: target_tgid %d, want %d", got, pid)
	}
	called := false
	err = s.SetRodata(func(*LifecycleRodata) { called = true })
	if !errors.Is(err, skel.ErrReadOnly) || called {
		return fmt.Errorf("SetRodata after Load: %v, fn called %v; want an error wrapping skel.ErrReadOnly", err, called)
	}
	fmt.Println("refused", err)

	if err := s.Attach(nil); err != nil {
		return fmt.Errorf("Attach: %w", err)
	}
	report(s)
	for range 5 {
		syscall.Getppid()
	}
	if out, err := exec.Command("../testdata/lifecycle_target", "3").CombinedOutput(); err != nil {
		return fmt.Errorf("lifecycle_target: %v\n%s", err, out)
	}
	counts := s.Bss.State // from the kernel's memory
	v := reflect.ValueOf(counts)
	for i := range v.NumField() {
		fmt.Printf("count %s %d\n", v.Type().Field(i).Name, v.Field(i).Uint())
	}

	// Detach: no link left, and the programs stop counting.
	if err := s.Detach(); err != nil {
		return fmt.Errorf("Detach: %w", err)
	}
	if s.Links != (LifecycleLinks{}) || len(s.Obj.Links()) != 0 {
		return fmt.Errorf("links left after Detach: %+v, %d in the object", s.Links, len(s.Obj.Links()))
	}
	syscall.Getppid()
	if s.Bss.State.Tp != counts.Tp {
		return fmt.Errorf("tp counted %d after Detach, was %d", s.Bss.State.Tp, counts.Tp)
	}

	// A link made by hand and stored in Links runs, and Destroy destroys it.
	l, err := s.Progs.OnTp.Attach()
	if err != nil {
		return fmt.Errorf("attach on_tp by hand: %w", err)
	}
	s.Links.OnTp = l
	syscall.Getppid()
	if s.Bss.State.Tp != counts.Tp+1 {
		return fmt.Errorf("tp counted %d with the hand-made link, want %d", s.Bss.State.Tp, counts.Tp+1)
	}
	if err := s.Destroy(); err != nil {
		return fmt.Errorf("Destroy: %w", err)
	}
	if fd := l.FD(); fd != -1 {
		return fmt.Errorf("the hand-made link has fd %d after Destroy, want -1", fd)
	}
	if err := s.Destroy(); err != nil {
		return fmt.Errorf("second Destroy: %w", err)
	}
	return nil
}
`

// cRunner is the C program around a bpftool skeleton (SKEL is its name,
// SKEL_H its header): SKEL__open_and_load, SKEL__attach, then the same
// "prog NAME attached|skipped" lines as the Go runner, from the
// skeleton's program table, whose link pointers are &skel->links.NAME,
// and "map NAME" for each map that is not an internal one (.rodata, ...).
const cRunner = `#include <stdio.h>
#include <string.h>
#include <bpf/libbpf.h>
#include PRELUDE_H
#include SKEL_H

#define CAT_(a, b) a##b
#define CAT(a, b) CAT_(a, b)

int main(void)
{
	struct SKEL *s = CAT(SKEL, __open_and_load)();
	if (!s) {
		perror("open_and_load");
		return 1;
	}
	int err = CAT(SKEL, __attach)(s);
	if (err) {
		fprintf(stderr, "attach: %d\n", err);
		CAT(SKEL, __destroy)(s);
		return 1;
	}
	struct bpf_object_skeleton *k = s->skeleton;
	for (int i = 0; i < k->prog_cnt; i++) {
		struct bpf_prog_skeleton *p = (void *)((char *)k->progs + i * k->prog_skel_sz);
		printf("prog %s %s\n", p->name, *p->link ? "attached" : "skipped");
	}
	for (int i = 0; i < k->map_cnt; i++) {
		struct bpf_map_skeleton *m = (void *)((char *)k->maps + i * k->map_skel_sz);
		if (!strchr(m->name, '.'))
			printf("map %s\n", m->name);
	}
	CAT(SKEL, __destroy)(s);
	return 0;
}
`

// skeletonBuild is the result of building every genCase's runner once.
type skeletonBuild struct {
	dir  string            // build/_skelgen-test-*
	bins map[string]string // genCase name → Go runner binary
}

// buildSkeletons generates each genCase's skeleton into its own directory
// under build/_skelgen-test-*, with its object and the runner, then runs
// go vet and go build over all of them (one command each, so the module's
// cgo packages build once). The directory is removed when t ends.
func buildSkeletons(t *testing.T) *skeletonBuild {
	t.Helper()
	root := testenv.Root()
	if err := os.MkdirAll(filepath.Join(root, "build"), 0o755); err != nil {
		t.Fatal(err)
	}
	dir, err := os.MkdirTemp(filepath.Join(root, "build"), "_skelgen-test-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(dir) })
	b := &skeletonBuild{dir: dir, bins: map[string]string{}}
	var pkgs []string
	for _, c := range genCases {
		pkg := filepath.Join(dir, c.name)
		genInto(t, pkg, c)
		typ := c.typ
		if typ == "" {
			typ = map[string]string{"lifecycle": "Lifecycle", "events_ringbuf": "EventsRingbuf"}[c.name]
		}
		var runner bytes.Buffer
		if err := runnerTemplate.Execute(&runner, typ); err != nil {
			t.Fatal(err)
		}
		writeFile(t, filepath.Join(pkg, "runner.go"), runner.String())
		if c.name == "lifecycle" {
			writeFile(t, filepath.Join(pkg, "lifecycle_run.go"), lifecycleRun)
		}
		rel, err := filepath.Rel(root, pkg)
		if err != nil {
			t.Fatal(err)
		}
		pkgs = append(pkgs, "./"+filepath.ToSlash(rel))
		b.bins[c.name] = filepath.Join(dir, "bin", c.name)
	}
	goTool(t, root, append([]string{"vet"}, pkgs...)...)
	goTool(t, root, append([]string{"build", "-o", filepath.Join(dir, "bin") + "/"}, pkgs...)...)
	return b
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// goTool runs the go command in dir, failing t with its output.
func goTool(t *testing.T, dir string, args ...string) {
	t.Helper()
	goBin := filepath.Join(runtime.GOROOT(), "bin", "go")
	if _, err := os.Stat(goBin); err != nil {
		if goBin, err = exec.LookPath("go"); err != nil {
			t.Fatal("no go command found")
		}
	}
	cmd := exec.Command(goBin, args...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go %s: %v\n%s", strings.Join(args, " "), err, out)
	}
}

// runIn runs bin with args in dir and returns its standard output lines,
// failing t if it fails.
func runIn(t *testing.T, dir, bin string, args ...string) []string {
	t.Helper()
	cmd := exec.Command(bin, args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		t.Fatalf("%s %s: %v\nstdout:\n%s\nstderr:\n%s", filepath.Base(bin), strings.Join(args, " "), err, stdout.String(), stderr.String())
	}
	return strings.Split(strings.TrimSpace(stdout.String()), "\n")
}

// withPrefix returns the lines beginning with one of prefixes, in order.
func withPrefix(lines []string, prefixes ...string) []string {
	var out []string
	for _, l := range lines {
		for _, p := range prefixes {
			if strings.HasPrefix(l, p) {
				out = append(out, l)
				break
			}
		}
	}
	return out
}

// cSkeleton builds the C runner around `bpftool gen skeleton obj name
// name` in dir and returns the binary. prelude is C included before the
// skeleton: bpftool declares a global of a named struct type with that
// type, and leaves its definition to the includer.
func cSkeleton(t *testing.T, dir, obj, name, prelude string) string {
	t.Helper()
	bpftool := "/usr/sbin/bpftool"
	if _, err := os.Stat(bpftool); err != nil {
		t.Fatalf("no %s (scripts/setup.sh installs bpftool 7.5)", bpftool)
	}
	var hdr, errOut bytes.Buffer
	cmd := exec.Command(bpftool, "gen", "skeleton", obj, "name", name)
	cmd.Stdout, cmd.Stderr = &hdr, &errOut
	if err := cmd.Run(); err != nil {
		t.Fatalf("bpftool gen skeleton %s: %v\n%s", obj, err, errOut.String())
	}
	writeFile(t, filepath.Join(dir, name+".skel.h"), hdr.String())
	writeFile(t, filepath.Join(dir, name+"_prelude.h"), prelude)
	src := filepath.Join(dir, name+"_runner.c")
	writeFile(t, src, cRunner)
	bin := filepath.Join(dir, name+"_c")
	lib := filepath.Join(testenv.Root(), "libbpf")
	args := []string{"-O1", "-Wall", "-Werror", "-DSKEL=" + name, `-DSKEL_H="` + name + `.skel.h"`, `-DPRELUDE_H="` + name + `_prelude.h"`,
		"-I" + filepath.Join(lib, "include"), "-I" + dir, "-o", bin, src,
		filepath.Join(lib, "lib", "libbpf.a"), "-lelf", "-lz", "-lzstd"}
	if out, err := exec.Command("gcc", args...).CombinedOutput(); err != nil {
		t.Fatalf("gcc %s: %v\n%s", strings.Join(args, " "), err, out)
	}
	return bin
}

// TestGeneratedSkeletons builds the skeleton generated for every genCase
// into a program (go vet and go build must pass), opens each without
// loading it, and runs two of them on the kernel: lifecycle through its
// whole life, and lifecycle and events_ringbuf side by side with the C
// skeletons bpftool generates for the same objects.
//
// Program loads: 13 (lifecycle, Go) + 13 (lifecycle, C) + 3 + 3
// (events_ringbuf, Go and C); the open mode loads none.
func TestGeneratedSkeletons(t *testing.T) {
	b := buildSkeletons(t)
	lifecycleDir := filepath.Join(testenv.Root(), "tests", "lifecycle")

	// Open only: the layout checks pass, every program, map, typed map
	// and data section view is found, Destroy is idempotent.
	t.Run("open", func(t *testing.T) {
		testenv.RequirePrivileged(t)
		for _, c := range genCases {
			if got := runIn(t, b.dir, b.bins[c.name], "open"); !slices.Equal(got, []string{"ok"}) {
				t.Errorf("%s open: %q", c.name, got)
			}
		}
	})

	var goLifecycle []string
	// The life of a generated skeleton on the kernel: open, set .rodata,
	// load, .rodata refused after load, attach (nil options), trigger,
	// read .bss, detach, a hand-made link in Links, destroy.
	t.Run("lifecycle", func(t *testing.T) {
		testenv.RequirePrivileged(t)
		goLifecycle = runIn(t, lifecycleDir, b.bins["lifecycle"], "run")
		refused := withPrefix(goLifecycle, "refused ")
		if len(refused) != 1 || !strings.Contains(refused[0], "Lifecycle: set .rodata") ||
			!strings.Contains(refused[0], "read-only") {
			t.Errorf("the .rodata write after Load: %q", refused)
		}
		counts := map[string]uint64{}
		for _, l := range withPrefix(goLifecycle, "count ") {
			f := strings.Fields(l)
			n, err := strconv.ParseUint(f[2], 10, 64)
			if err != nil {
				t.Fatal(err)
			}
			counts[f[1]] = n
		}
		want := map[string]uint64{
			// getppid ×5, filtered by the target_tgid set in .rodata.
			"Tp": 5, "RawTp": 5, "TpBtf": 5,
			// lifecycle_target 3: three calls and USDTs with 1, 2, 3.
			"Uprobe": 3, "Uretprobe": 3, "Usdt": 3, "UsdtSum": 6,
			// Not triggered (iter), skipped (bare kprobe) or without
			// targets under nil options: never ran.
			"Iter": 0, "Kprobe": 0, "SockCreate": 0, "Xdp": 0, "Tcx": 0, "Netfilter": 0, "SkLookup": 0,
		}
		if diff := cmp.Diff(want, counts); diff != "" {
			t.Errorf(".bss counters (-want +got):\n%s", diff)
		}
		wantProgs := []string{
			"prog on_tp attached", "prog on_raw_tp attached", "prog on_tp_btf attached",
			"prog on_uprobe attached", "prog on_uretprobe attached", "prog on_usdt attached",
			"prog on_iter attached", "prog bare_kprobe skipped", "prog on_sock_create skipped",
			"prog on_xdp skipped", "prog on_tcx skipped", "prog on_netfilter skipped", "prog on_sk_lookup skipped",
			"links 7",
		}
		if diff := cmp.Diff(wantProgs, withPrefix(goLifecycle, "prog ", "links ")); diff != "" {
			t.Errorf("Attach(nil) (-want +got):\n%s", diff)
		}
	})

	// Parity with bpftool: the C skeleton of the same object, run the same
	// way, attaches the same programs and skips the same ones; both list
	// the same programs and the same maps, in the same order.
	t.Run("parity", func(t *testing.T) {
		testenv.RequirePrivileged(t)
		for _, c := range []struct {
			gen     genCase
			dir     string
			prelude string
		}{
			// The uprobe and usdt paths are relative to tests/lifecycle.
			{genCases[1], lifecycleDir, "struct counts { __u64 n[14]; }; /* lifecycle.bpf.c's .bss */\n"},
			{genCases[3], b.dir, ""},
		} {
			name := c.gen.name
			// lifecycle's Go side is the run above, unless -run left it out.
			goOut := goLifecycle
			switch {
			case name != "lifecycle":
				goOut = runIn(t, c.dir, b.bins[name], "attach")
			case goOut == nil:
				goOut = runIn(t, c.dir, b.bins[name], "run")
			}
			cOut := runIn(t, c.dir, cSkeleton(t, b.dir, c.gen.objectPath(t), name, c.prelude))
			t.Logf("%s: bpftool skeleton:\n\t%s\nskelgen skeleton:\n\t%s", name,
				strings.Join(cOut, "\n\t"), strings.Join(goOut, "\n\t"))
			if diff := cmp.Diff(withPrefix(cOut, "prog "), withPrefix(goOut, "prog ")); diff != "" {
				t.Errorf("%s: programs attached by the bpftool skeleton (-) and the skelgen one (+):\n%s", name, diff)
			}
			if diff := cmp.Diff(withPrefix(cOut, "map "), withPrefix(goOut, "map ")); diff != "" {
				t.Errorf("%s: maps of the bpftool skeleton (-) and the skelgen one (+):\n%s", name, diff)
			}
			attached := 0
			for _, l := range withPrefix(cOut, "prog ") {
				if strings.HasSuffix(l, " attached") {
					attached++
				}
			}
			if want := fmt.Sprintf("links %d", attached); !slices.Contains(goOut, want) {
				t.Errorf("%s: the Go skeleton's object holds %q, want %q", name, withPrefix(goOut, "links "), want)
			}
			if name == "events_ringbuf" && !slices.Contains(goOut, "reader NewLiveRingReader ok") {
				t.Errorf("events_ringbuf: NewLiveRingReader did not work: %q", goOut)
			}
		}
	})
}
