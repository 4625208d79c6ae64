package skel_test

import (
	"errors"
	"os"
	"path/filepath"
	"testing"

	"golang.org/x/sys/unix"

	"github.com/golibbpf/golibbpf/internal/testenv"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel"
)

func TestAttachTracepointSkipsBareKprobe(t *testing.T) {
	obj := open(t, "skel_basic", nil)
	setTarget(t, obj)
	if err := obj.Load(); err != nil {
		t.Fatal(err)
	}
	if err := obj.Attach(nil); err != nil {
		t.Fatal(err)
	}
	links := obj.Links()
	if len(links) != 1 || links[0].Program().Name() != "on_getppid" {
		t.Fatalf("links: %v", links)
	}
	info, err := links[0].Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.Type != opts.LinkTypePerfEvent {
		t.Errorf("link type %v", info.Type)
	}
	bss := must[*basicBss](t)(skel.View[basicBss](must[*skel.DataSection](t)(obj.DataSection(".bss"))))
	for i := 0; i < 3; i++ {
		unix.Getppid()
	}
	if bss.TPHits < 3 || bss.KprobeHits != 0 {
		t.Errorf("tp_hits %d, kprobe_hits %d", bss.TPHits, bss.KprobeHits)
	}
	// A second Attach makes no second link.
	if err := obj.Attach(nil); err != nil || len(obj.Links()) != 1 {
		t.Fatalf("second Attach: %v, %d links", err, len(obj.Links()))
	}
	if err := obj.Detach(); err != nil {
		t.Fatal(err)
	}
	if len(obj.Links()) != 0 {
		t.Fatal("links left after Detach")
	}
	hits := bss.TPHits
	unix.Getppid()
	if bss.TPHits != hits {
		t.Error("the tracepoint still runs after Detach")
	}
}

func TestAttachRollback(t *testing.T) {
	obj := open(t, "skel_rollback", nil)
	if err := obj.Load(); err != nil {
		t.Fatal(err)
	}
	err := obj.Attach(nil)
	var ae *skel.AttachError
	if !errors.As(err, &ae) {
		t.Fatalf("Attach: %v (%T), want an *AttachError", err, err)
	}
	if ae.Program != "then_kprobe" || ae.Section != "kprobe/do_sys_openat2" {
		t.Errorf("error names %q (%q): %v", ae.Program, ae.Section, err)
	}
	if !errors.Is(err, skel.ErrNotSupported) || !errors.Is(err, unix.ENOENT) {
		t.Errorf("%v: not ErrNotSupported / ENOENT", err)
	}
	if n := len(obj.Links()); n != 0 {
		t.Errorf("%d links left after a failed Attach", n)
	}
	hits := must[*skel.DataSection](t)(obj.DataSection(".bss"))
	before := make([]byte, 8)
	hits.ReadAt(before, 0)
	unix.Getppid()
	after := make([]byte, 8)
	hits.ReadAt(after, 0)
	if string(before) != string(after) {
		t.Error("the tracepoint attached before the failure still runs")
	}
	// The typed call gives the same answer.
	p := must[*skel.Program](t)(obj.Program("then_kprobe"))
	_, err = p.AttachKprobe(false, "do_sys_openat2", nil)
	wantIs(t, err, skel.ErrNotSupported)
}

func TestLinkLifecycle(t *testing.T) {
	obj := open(t, "skel_basic", nil)
	setTarget(t, obj)
	if err := obj.Load(); err != nil {
		t.Fatal(err)
	}
	p := must[*skel.Program](t)(obj.Program("on_getppid"))
	l, err := p.AttachRawTracepoint("sys_enter", nil)
	if err == nil {
		t.Fatalf("a tracepoint program attached as a raw tracepoint: %v", l)
	}
	l = must[*skel.Link](t)(p.AttachTracepoint("syscalls", "sys_enter_getppid", &opts.TracepointAttach{BPFCookie: 7}))
	if l.FD() <= 0 || l.Program() != p {
		t.Fatalf("link fd %d", l.FD())
	}
	dir := filepath.Join(testenv.BPFFS(t), "skel_test_link")
	os.Remove(dir)
	if err := l.Pin(dir); err != nil {
		t.Fatal(err)
	}
	if l.PinPath() != dir {
		t.Errorf("PinPath %q", l.PinPath())
	}
	if err := l.Unpin(); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(dir); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("pin left: %v", err)
	}
	if err := l.Destroy(); err != nil {
		t.Fatal(err)
	}
	if err := l.Destroy(); err != nil {
		t.Fatalf("second Destroy: %v", err)
	}
	wantIs(t, l.Pin(dir), skel.ErrDestroyed)
	if len(obj.Links()) != 0 {
		t.Error("destroyed link still listed")
	}
	// Links made by hand go with the object.
	must[*skel.Link](t)(p.Attach())
	if len(obj.Links()) != 1 {
		t.Fatal("hand-made link not listed")
	}
}

func TestAttachOptionsCgroup(t *testing.T) {
	obj := load(t, "skel_cgroup")
	// No targets: both programs are skipped.
	if err := obj.Attach(nil); err != nil || len(obj.Links()) != 0 {
		t.Fatalf("Attach(nil): %v, %d links", err, len(obj.Links()))
	}
	dir, _ := testenv.TempCgroup(t)
	if err := obj.Attach(&skel.AttachOptions{Cgroup: dir}); err != nil {
		t.Fatal(err)
	}
	links := obj.Links()
	if len(links) != 1 || links[0].Program().Name() != "on_sock_create" {
		t.Fatalf("links: %v", links)
	}
	info, err := links[0].Info()
	if err != nil {
		t.Fatal(err)
	}
	if info.Cgroup == nil || info.Cgroup.AttachType != opts.AttachCgroupInetSockCreate || info.Cgroup.CgroupID == 0 {
		t.Errorf("link info %+v", info)
	}
	// A cgroup that does not exist fails, names the program, leaves nothing.
	if err := obj.Detach(); err != nil {
		t.Fatal(err)
	}
	err = obj.Attach(&skel.AttachOptions{Cgroup: dir + "-missing"})
	var ae *skel.AttachError
	if !errors.As(err, &ae) || ae.Program != "on_sock_create" || !errors.Is(err, unix.ENOENT) {
		t.Fatalf("Attach to a missing cgroup: %v", err)
	}
	if len(obj.Links()) != 0 {
		t.Error("links left")
	}
}
