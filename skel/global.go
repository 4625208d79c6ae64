package skel

import "unsafe"

// Global returns the view of obj's data section name that generated
// skeletons hold, as a *T with View's checks on T. While the section may
// be written (.bss and .data always, .rodata and .kconfig until Load) it is
// the section's memory itself, as View gives. Once the section is frozen
// it is a copy of the kernel's read-only memory, so that a write through
// it changes the copy and never faults; DataSection.WriteAt is the write
// that reports ErrReadOnly.
func Global[T any](obj *Object, name string) (*T, error) {
	d, err := obj.DataSection(name)
	if err != nil {
		return nil, err
	}
	v, err := View[T](d)
	if err != nil || !d.ReadOnly() {
		return v, err
	}
	c := new(T)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(c)), unsafe.Sizeof(*c))[:d.Size()], unsafe.Slice((*byte)(unsafe.Pointer(v)), d.Size()))
	return c, nil
}
