// Programs for tests/absent: they load on this kernel, but the links they
// ask for (kprobe_multi, netkit) cannot be created here.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

__u64 hits;

SEC("kprobe.multi")
int kmulti(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("kretprobe.multi")
int kretmulti(void *ctx)
{
	__sync_fetch_and_add(&hits, 1);
	return 0;
}

SEC("netkit/primary")
int nk_primary(struct __sk_buff *skb)
{
	return -1; // TCX_NEXT
}

SEC("netkit/peer")
int nk_peer(struct __sk_buff *skb)
{
	return -1; // TCX_NEXT
}
