package skel

import (
	"fmt"

	"github.com/golibbpf/golibbpf/cgo"
	"github.com/golibbpf/golibbpf/opts"
	"github.com/golibbpf/golibbpf/skel/section"
)

// A Program is one BPF program of an Object. Its setters work in the open
// phase only (ErrLoaded after Load); FD, TestRun and the Attach methods need
// a loaded object.
type Program struct {
	obj     *Object
	c       *cgo.Program
	name    string
	section string
	sec     section.Section
	fd      int    // after Load; -1 if not loaded
	log     string // the verifier log libbpf printed, if any
}

func newProgram(o *Object, c *cgo.Program) *Program {
	name := cgo.ProgramName(c)
	sec := cgo.ProgramSectionName(c)
	return &Program{obj: o, c: c, name: name, section: sec, sec: resolve(sec), fd: -1}
}

// loaded records the program's fd after a successful Load.
func (p *Program) loaded() {
	if fd, err := cgo.ProgramFD(p.c); err == nil {
		p.fd = fd
	}
}

// Name returns the program's name (its C function name).
func (p *Program) Name() string { return p.name }

// Section returns the program's SEC() name.
func (p *Program) Section() string { return p.section }

// SectionInfo returns the program's section resolved as libbpf resolves it;
// its Definition is nil for a section libbpf does not know.
func (p *Program) SectionInfo() section.Section { return p.sec }

// Object returns the object the program belongs to.
func (p *Program) Object() *Object { return p.obj }

// VerifierLog returns the verifier log libbpf printed for the program: the
// log of a refused program, or with a log level set (SetLogLevel,
// OpenOptions.KernelLogLevel) the log of a loaded one; "" otherwise.
func (p *Program) VerifierLog() string {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	return p.log
}

// read returns ErrDestroyed (wrapped, naming the program and what was
// asked) once the object is destroyed. The caller holds the object's lock.
func (p *Program) read(what string) error {
	return p.obj.alive("program " + p.name + ": " + what)
}

// Type returns the program type (bpf_program__type); 0 after Destroy.
func (p *Program) Type() opts.ProgType {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	if p.read("type") != nil {
		return 0
	}
	return cgo.ProgramType(p.c)
}

// ExpectedAttachType returns the expected attach type
// (bpf_program__expected_attach_type); 0 after Destroy.
func (p *Program) ExpectedAttachType() opts.AttachType {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	if p.read("expected attach type") != nil {
		return 0
	}
	return cgo.ProgramExpectedAttachType(p.c)
}

// FD returns the program's file descriptor, owned by the object. It fails
// with ErrNotLoaded before Load and for a program not loaded (autoload off).
func (p *Program) FD() (int, error) {
	if err := p.obj.phase("fd of program "+p.name, stateLoaded); err != nil {
		return -1, err
	}
	if p.fd < 0 {
		return -1, &phaseError{"fd of program " + p.name + " (autoload off)", ErrNotLoaded}
	}
	return p.fd, nil
}

// Autoload reports whether Load loads the program (bpf_program__autoload).
func (p *Program) Autoload() bool {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	return p.read("autoload") == nil && cgo.ProgramAutoload(p.c)
}

// Autoattach reports whether Object.Attach attaches the program
// (bpf_program__autoattach).
func (p *Program) Autoattach() bool {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	return p.read("autoattach") == nil && cgo.ProgramAutoattach(p.c)
}

// LogLevel returns the program's verifier log level (bpf_program__log_level).
func (p *Program) LogLevel() uint32 {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	if p.read("log level") != nil {
		return 0
	}
	return cgo.ProgramLogLevel(p.c)
}

// Flags returns the program's BPF_F_* load flags (bpf_program__flags).
func (p *Program) Flags() uint32 {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	if p.read("flags") != nil {
		return 0
	}
	return cgo.ProgramFlags(p.c)
}

// InsnCount returns the number of instructions of the program
// (bpf_program__insn_cnt); it changes at Load, as libbpf relocates.
func (p *Program) InsnCount() int {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	if p.read("instruction count") != nil {
		return 0
	}
	return cgo.ProgramInsnCnt(p.c)
}

// set runs an open-phase setter under the object's lock.
func (p *Program) set(what string, fn func() error) error {
	p.obj.mu.Lock()
	defer p.obj.mu.Unlock()
	if err := p.obj.phase("program "+p.name+": "+what, stateOpen); err != nil {
		return err
	}
	if err := fn(); err != nil {
		return fmt.Errorf("program %q: %w", p.name, err)
	}
	return nil
}

// SetAutoload sets whether Load loads the program.
func (p *Program) SetAutoload(on bool) error {
	return p.set("set autoload", func() error { return cgo.ProgramSetAutoload(p.c, on) })
}

// SetAutoattach sets whether Object.Attach attaches the program.
func (p *Program) SetAutoattach(on bool) error {
	return p.set("set autoattach", func() error { cgo.ProgramSetAutoattach(p.c, on); return nil })
}

// SetType sets the program type.
func (p *Program) SetType(t opts.ProgType) error {
	return p.set("set type", func() error { return cgo.ProgramSetType(p.c, t) })
}

// SetExpectedAttachType sets the expected attach type.
func (p *Program) SetExpectedAttachType(t opts.AttachType) error {
	return p.set("set expected attach type", func() error { return cgo.ProgramSetExpectedAttachType(p.c, t) })
}

// SetAttachTarget sets the BTF attach target of a tp_btf, fentry, fexit,
// fmod_ret, lsm or freplace program: function fn of the program progFD, or
// of the kernel when progFD is 0.
func (p *Program) SetAttachTarget(progFD int, fn string) error {
	return p.set("set attach target", func() error { return cgo.ProgramSetAttachTarget(p.c, progFD, fn) })
}

// SetLogLevel sets the program's verifier log level (1, 2, 4 or a mix);
// with a level set, the log of a successful load is kept too (VerifierLog).
func (p *Program) SetLogLevel(level uint32) error {
	return p.set("set log level", func() error { return cgo.ProgramSetLogLevel(p.c, level) })
}

// SetFlags sets the program's BPF_F_* load flags.
func (p *Program) SetFlags(flags uint32) error {
	return p.set("set flags", func() error { return cgo.ProgramSetFlags(p.c, flags) })
}

// TestRun runs the program once (or o.Repeat times) in the kernel on the
// given input (BPF_PROG_TEST_RUN, bpf_prog_test_run_opts).
func (p *Program) TestRun(o *opts.TestRun) (*opts.TestRunResult, error) {
	p.obj.mu.RLock()
	defer p.obj.mu.RUnlock()
	fd, err := p.FD()
	if err != nil {
		return nil, err
	}
	r, err := cgo.ProgTestRunOpts(fd, o)
	if err != nil {
		return nil, fmt.Errorf("program %q: %w", p.name, err)
	}
	return r, nil
}
