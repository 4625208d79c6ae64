// A program in a section libbpf does not know: opening the object fails.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

SEC("no_such_section/x")
int lost(void *ctx)
{
	return 0;
}

char LICENSE[] SEC("license") = "GPL";
