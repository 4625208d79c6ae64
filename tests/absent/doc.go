// Package absent tests that link types this kernel lacks (kprobe_multi, netkit) fail with a clear, leak-free error.
package absent
