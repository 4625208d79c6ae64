// The object of package skel's unit tests: maps of several kinds, every
// kind of global data section, a tracepoint that counts getppid calls of
// one process, a bare kprobe that Object.Attach must skip, and an XDP
// program for TestRun.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} array SEC(".maps");

struct pair {
	__u64 a;
	__u32 b;
	__u32 c;
};

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 1024);
	__type(key, __u32);
	__type(value, struct pair);
} hash SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 4);
	__type(key, __u32);
	__type(value, __u32);
} percpu SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} percpu_hash SEC(".maps");

// .rodata: set before load.
const volatile __u32 target_tgid = 0;
const volatile __u64 xdp_magic = 0;

// .bss
__u64 tp_hits;
__u64 kprobe_hits;
__u64 xdp_seen;

// .data
__u64 data_value = 42;

// custom sections
__u32 custom_data SEC(".data.custom") = 7;
const volatile __u32 custom_ro SEC(".rodata.custom") = 9;

SEC("tp/syscalls/sys_enter_getppid")
int on_getppid(void *ctx)
{
	if ((bpf_get_current_pid_tgid() >> 32) == target_tgid)
		__sync_fetch_and_add(&tp_hits, 1);
	return 0;
}

SEC("kprobe")
int bare_kprobe(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&kprobe_hits, 1);
	return 0;
}

SEC("xdp")
int count_xdp(struct xdp_md *ctx)
{
	__u32 key = 0;
	__u64 *v = bpf_map_lookup_elem(&array, &key);

	if (v)
		__sync_fetch_and_add(v, 1);
	xdp_seen = xdp_magic + custom_ro + data_value;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "GPL";
