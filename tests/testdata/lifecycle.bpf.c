// One object with a program of every kind skel.Object.Attach handles. Each
// program counts its runs in the .bss struct `state`, so a test sees every
// attached program run, and sees a skipped one stay at zero.
//
// The uprobe, uretprobe and usdt sections name ../testdata/lifecycle_target,
// relative to the test's working directory (tests/lifecycle), as libbpf
// resolves a path with a slash against the current directory.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

#define NR_GETPPID 110 /* x86_64 */

// The process whose system calls the tracing programs count; set before load.
const volatile __u32 target_tgid = 0;

struct counts {
	__u64 tp;
	__u64 raw_tp;
	__u64 tp_btf;
	__u64 uprobe;
	__u64 uretprobe;
	__u64 usdt;
	__u64 usdt_sum; // sum of the USDT's argument
	__u64 iter;
	__u64 kprobe; // the bare SEC("kprobe") program: must stay 0
	__u64 sock_create;
	__u64 xdp;
	__u64 tcx;
	__u64 netfilter;
	__u64 sk_lookup;
};

struct counts state;

static __always_inline bool mine(void)
{
	return (bpf_get_current_pid_tgid() >> 32) == target_tgid;
}

SEC("tp/syscalls/sys_enter_getppid")
int on_tp(void *ctx)
{
	if (mine())
		__sync_fetch_and_add(&state.tp, 1);
	return 0;
}

SEC("raw_tp/sys_enter")
int BPF_PROG(on_raw_tp, struct pt_regs *regs, long id)
{
	if (mine() && id == NR_GETPPID)
		__sync_fetch_and_add(&state.raw_tp, 1);
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_tp_btf, struct pt_regs *regs, long id)
{
	if (mine() && id == NR_GETPPID)
		__sync_fetch_and_add(&state.tp_btf, 1);
	return 0;
}

SEC("uprobe/../testdata/lifecycle_target:lifecycle_tick")
int BPF_UPROBE(on_uprobe, int n)
{
	__sync_fetch_and_add(&state.uprobe, 1);
	return 0;
}

SEC("uretprobe/../testdata/lifecycle_target:lifecycle_tick")
int BPF_URETPROBE(on_uretprobe, int ret)
{
	__sync_fetch_and_add(&state.uretprobe, 1);
	return 0;
}

SEC("usdt/../testdata/lifecycle_target:golibbpf:tick")
int BPF_USDT(on_usdt, int n)
{
	__sync_fetch_and_add(&state.usdt, 1);
	__sync_fetch_and_add(&state.usdt_sum, n);
	return 0;
}

SEC("iter/task")
int on_iter(struct bpf_iter__task *ctx)
{
	struct task_struct *task = ctx->task;

	if (task && task->tgid == target_tgid && task->pid == target_tgid) {
		__sync_fetch_and_add(&state.iter, 1);
		BPF_SEQ_PRINTF(ctx->meta->seq, "%d\n", task->pid);
	}
	return 0;
}

// A bare kprobe section: libbpf does not auto-attach it, nor does skel.
SEC("kprobe")
int bare_kprobe(struct pt_regs *ctx)
{
	__sync_fetch_and_add(&state.kprobe, 1);
	return 0;
}

// Attached through AttachOptions.Cgroup.
SEC("cgroup/sock_create")
int on_sock_create(struct bpf_sock *sk)
{
	__sync_fetch_and_add(&state.sock_create, 1);
	return 1;
}

// Attached through AttachOptions.Ifindex (a private netns's lo).
SEC("xdp")
int on_xdp(struct xdp_md *ctx)
{
	__sync_fetch_and_add(&state.xdp, 1);
	return XDP_PASS;
}

SEC("tcx/ingress")
int on_tcx(struct __sk_buff *skb)
{
	__sync_fetch_and_add(&state.tcx, 1);
	return TCX_NEXT;
}

// Attached through AttachOptions.Netfilter.
SEC("netfilter")
int on_netfilter(struct bpf_nf_ctx *ctx)
{
	__sync_fetch_and_add(&state.netfilter, 1);
	return 1; /* NF_ACCEPT */
}

// Attached through AttachOptions.Netns; passes every socket lookup on.
SEC("sk_lookup")
int on_sk_lookup(struct bpf_sk_lookup *ctx)
{
	__sync_fetch_and_add(&state.sk_lookup, 1);
	return SK_PASS;
}

char LICENSE[] SEC("license") = "GPL";
