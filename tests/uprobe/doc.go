// Package uprobe tests uprobe_multi links (cgo.LinkCreate with BPF_TRACE_UPROBE_MULTI) on functions of the test binary itself.
package uprobe
