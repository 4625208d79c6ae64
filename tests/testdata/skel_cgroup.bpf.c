// skel's AttachOptions test: a cgroup program that Object.Attach attaches
// only when AttachOptions.Cgroup names a cgroup, and a tcx program that
// needs an ifindex.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

__u64 created;

SEC("cgroup/sock_create")
int on_sock_create(struct bpf_sock *sk)
{
	__sync_fetch_and_add(&created, 1);
	return 1;
}

SEC("tcx/ingress")
int on_tcx(struct __sk_buff *skb)
{
	return TCX_NEXT;
}

char LICENSE[] SEC("license") = "GPL";
