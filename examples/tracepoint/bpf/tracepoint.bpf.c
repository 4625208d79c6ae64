// A classic tracepoint, syscalls/sys_enter_getppid, that counts the
// getppid() calls of one process into a .bss counter. The process is chosen
// before load through a .rodata constant, so the verifier sees it as a
// constant.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

// The process (tgid) whose calls count; set by user space before load.
const volatile __u32 target_pid = 0;

// What the program saw; user space reads it from the mmaped .bss.
__u64 calls;    // getppid() calls made by target_pid
__u64 others;   // getppid() calls made by any other process
__u32 last_tid; // the thread that made the last counted call

SEC("tp/syscalls/sys_enter_getppid")
int count_getppid(void *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();

	if (id >> 32 != target_pid) {
		__sync_fetch_and_add(&others, 1);
		return 0;
	}
	__sync_fetch_and_add(&calls, 1);
	last_tid = (__u32)id;
	return 0;
}
