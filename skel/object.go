package skel

import (
	"fmt"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/section"
)

// The phases of an Object.
const (
	stateOpen      int32 = iota // opened: programs, maps and data can change
	stateLoaded                 // loaded: fds exist, attach works
	stateFailed                 // Load failed: only Destroy is left
	stateDestroyed              // destroyed: everything returns ErrDestroyed
)

// An Object is a BPF ELF object opened by libbpf: its programs, maps,
// global data sections and the links made from it. Its life has phases:
// open (Open, OpenMem: programs, maps and data can still change), loaded
// (Load: maps exist, programs are in the kernel, Attach works) and
// destroyed (Destroy). A call made in the wrong phase returns ErrLoaded,
// ErrNotLoaded or ErrDestroyed.
//
// An Object is safe for concurrent use. Map element operations on a loaded
// object take only a shared lock and allocate nothing.
type Object struct {
	mu     sync.RWMutex // write: lifecycle and setters; read: everything else
	state  atomic.Int32
	c      *cgo.Object
	name   string
	logger atomic.Pointer[slog.Logger]

	progs []*Program
	maps  []*Map
	data  []*DataSection
	links []*Link // guarded by mu

	// Written by print during calls made under mu (write).
	verifierLogs map[string]string
	failedProg   string
}

// Open opens the BPF ELF object at path (bpf_object__open_file). A nil o
// means the defaults.
func Open(path string, o *OpenOptions) (*Object, error) {
	name := strings.TrimSuffix(filepath.Base(path), filepath.Ext(path))
	return open(path, nil, false, name, o)
}

// OpenMem opens a BPF ELF object held in memory (bpf_object__open_mem);
// elf is copied and not kept. A nil o means the defaults.
func OpenMem(elf []byte, o *OpenOptions) (*Object, error) {
	return open("", elf, true, "", o)
}

func open(path string, elf []byte, mem bool, name string, o *OpenOptions) (*Object, error) {
	if o == nil {
		o = &OpenOptions{}
	}
	if o.ObjectName != "" {
		name = o.ObjectName
	}
	if i := strings.IndexByte(name, '.'); i > 0 {
		name = name[:i]
	}
	obj := &Object{name: name}
	obj.SetLogger(o.Logger)
	copts := &opts.ObjectOpen{ObjectName: o.ObjectName, PinRootPath: o.PinRootPath, Kconfig: o.Kconfig,
		BTFCustomPath: o.BTFCustomPath, KernelLogLevel: o.KernelLogLevel}
	var err error
	obj.route(func() {
		if mem {
			obj.c, err = cgo.ObjectOpenMem(elf, copts)
		} else {
			obj.c, err = cgo.ObjectOpenFile(path, copts)
		}
	})
	if err != nil {
		if !mem {
			return nil, fmt.Errorf("open %s: %w", path, err)
		}
		return nil, fmt.Errorf("open object from memory: %w", err)
	}
	obj.name = cgo.ObjectName(obj.c)
	for p := cgo.ObjectNextProgram(obj.c, nil); p != nil; p = cgo.ObjectNextProgram(obj.c, p) {
		obj.progs = append(obj.progs, newProgram(obj, p))
	}
	for m := cgo.ObjectNextMap(obj.c, nil); m != nil; m = cgo.ObjectNextMap(obj.c, m) {
		sm := newMap(obj, m)
		obj.maps = append(obj.maps, sm)
		if cgo.MapIsInternal(m) {
			obj.data = append(obj.data, newDataSection(sm))
		}
	}
	return obj, nil
}

// Name returns the object's name (bpf_object__name).
func (o *Object) Name() string { return o.name }

// Loaded reports whether Load succeeded and Destroy has not been called.
func (o *Object) Loaded() bool { return o.state.Load() == stateLoaded }

// Programs returns the object's programs, in ELF order.
func (o *Object) Programs() []*Program { return append([]*Program(nil), o.progs...) }

// Maps returns the object's maps, global data maps included.
func (o *Object) Maps() []*Map { return append([]*Map(nil), o.maps...) }

// DataSections returns the object's global data sections (.bss, .data,
// .rodata, .kconfig, custom .data.* and .rodata.*).
func (o *Object) DataSections() []*DataSection { return append([]*DataSection(nil), o.data...) }

// Program returns the program called name, or an error wrapping
// ErrNotFound.
func (o *Object) Program(name string) (*Program, error) {
	if err := o.alive("program " + name); err != nil {
		return nil, err
	}
	for _, p := range o.progs {
		if p.name == name {
			return p, nil
		}
	}
	return nil, fmt.Errorf("object %q has no program %q: %w", o.name, name, ErrNotFound)
}

// Map returns the map called name (its ELF name; for global data also
// ".bss", ".rodata", ...), or an error wrapping ErrNotFound.
func (o *Object) Map(name string) (*Map, error) {
	if err := o.alive("map " + name); err != nil {
		return nil, err
	}
	for _, m := range o.maps {
		if m.name == name {
			return m, nil
		}
	}
	for _, d := range o.data {
		if d.name == name {
			return d.m, nil
		}
	}
	return nil, fmt.Errorf("object %q has no map %q: %w", o.name, name, ErrNotFound)
}

// DataSection returns the global data section called name (".bss",
// ".data", ".rodata", ".rodata.str1.1", ".data.custom", ...), or an error
// wrapping ErrNotFound.
func (o *Object) DataSection(name string) (*DataSection, error) {
	if err := o.alive("data section " + name); err != nil {
		return nil, err
	}
	for _, d := range o.data {
		if d.name == name {
			return d, nil
		}
	}
	return nil, fmt.Errorf("object %q has no data section %q: %w", o.name, name, ErrNotFound)
}

// Load creates the maps and loads the programs (bpf_object__load). A
// program the verifier refuses gives a *LoadError carrying its log. libbpf
// allows one Load per object, successful or not: after a failure only
// Destroy is left.
func (o *Object) Load() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if err := o.phase("load", stateOpen); err != nil {
		return err
	}
	o.verifierLogs, o.failedProg = nil, ""
	var err error
	o.route(func() { err = cgo.ObjectLoad(o.c) })
	for _, p := range o.progs {
		p.log = o.verifierLogs[p.name]
	}
	if err != nil {
		o.state.Store(stateFailed)
		le := &LoadError{Object: o.name, Err: err}
		if p := o.findProgram(o.failedProg); p != nil {
			le.Program, le.Section, le.Log = p.name, p.section, p.log
		}
		return le
	}
	for _, p := range o.progs {
		p.loaded()
	}
	for _, m := range o.maps {
		m.loaded()
	}
	for _, d := range o.data {
		d.loaded()
	}
	o.state.Store(stateLoaded)
	return nil
}

func (o *Object) findProgram(name string) *Program {
	for _, p := range o.progs {
		if p.name == name {
			return p
		}
	}
	return nil
}

// Links returns the links made from the object that are not destroyed yet.
func (o *Object) Links() []*Link {
	o.mu.RLock()
	defer o.mu.RUnlock()
	return append([]*Link(nil), o.links...)
}

// Detach destroys every link made from the object (by Attach or by hand),
// returning the first error.
func (o *Object) Detach() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.state.Load() == stateDestroyed {
		return &phaseError{"detach object " + o.name, ErrDestroyed}
	}
	return o.destroyLinks(o.links)
}

// destroyLinks destroys ls (links of o) and removes them from o.links. The
// caller holds o.mu for writing.
func (o *Object) destroyLinks(ls []*Link) error {
	var first error
	ls = append([]*Link(nil), ls...)
	for i := len(ls) - 1; i >= 0; i-- {
		if err := ls[i].destroyLocked(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// Destroy destroys every link, closes the object (bpf_object__close) and
// frees everything it holds. It is idempotent; after it every use of the
// object, its programs, maps, data sections and links returns ErrDestroyed.
// Memory views taken earlier (DataSection.Bytes, Pointer, View) must not
// be touched after Destroy: the memory is unmapped.
func (o *Object) Destroy() error {
	o.mu.Lock()
	defer o.mu.Unlock()
	if o.state.Load() == stateDestroyed {
		return nil
	}
	err := o.destroyLinks(o.links)
	o.state.Store(stateDestroyed)
	o.route(func() { cgo.ObjectClose(o.c) })
	o.c = nil
	return err
}

// alive returns ErrDestroyed (wrapped, naming what) once o is destroyed.
func (o *Object) alive(what string) error {
	if o.state.Load() == stateDestroyed {
		return &phaseError{what + " of object " + o.name, ErrDestroyed}
	}
	return nil
}

// phase checks that o is in phase want for doing what: ErrDestroyed,
// ErrLoaded (an open-phase call too late) or ErrNotLoaded.
func (o *Object) phase(what string, want int32) error {
	s := o.state.Load()
	if s == want {
		return nil
	}
	var err error
	switch {
	case s == stateDestroyed:
		err = ErrDestroyed
	case want == stateOpen:
		err = ErrLoaded
	default:
		err = ErrNotLoaded
	}
	return &phaseError{what + " (object " + o.name + ")", err}
}

// resolve resolves a program's section; unknown sections give an empty
// Section.
func resolve(name string) section.Section {
	s, err := section.Resolve(name)
	if err != nil {
		return section.Section{Name: name}
	}
	return s
}

// openPath opens a cgroup directory or namespace file read-only.
func openPath(path string) (*os.File, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}
