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
	// One read lock over the view and the copy: a Destroy in between would
	// unmap the memory being copied.
	obj.mu.RLock()
	defer obj.mu.RUnlock()
	v, n, err := viewLocked[T](d)
	if err != nil || !(obj.state.Load() == stateLoaded && d.readOnly) {
		return v, err
	}
	c := new(T)
	copy(unsafe.Slice((*byte)(unsafe.Pointer(c)), unsafe.Sizeof(*c))[:n], unsafe.Slice((*byte)(unsafe.Pointer(v)), n))
	return c, nil
}
