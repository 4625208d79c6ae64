// Package testenv holds what the tests of this module share: the privilege
// rule, paths to the compiled BPF test objects, and small helpers around the
// cgo binding that fail the test instead of returning errors.
package testenv
