// The seed scenario, BPF_PROG_TYPE_CGROUP_SOCK_ADDR: a service address
// 1.2.3.4:60000 served by a backend on 127.0.0.1, for the processes of one
// cgroup.
//
//   - cgroup/connect4 redirects connect(service) to the backend and remembers
//     the service address in the socket's SK_STORAGE;
//   - cgroup/getpeername4 reports that remembered address, so the client
//     sees its peer as 1.2.3.4:60000;
//   - cgroup/getsockname4 reports the service address as the local address
//     of the backend's accepted sockets (the server's view of the service);
//   - cgroup/bind4 returns 3 for port 111, so a process without
//     CAP_NET_BIND_SERVICE may bind it.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

// The service and the backend, host byte order; set before load.
const volatile __u32 service_ip = 0x01020304;
const volatile __u16 service_port = 60000;
const volatile __u32 backend_ip = 0x7f000001;
const volatile __u16 backend_port = 60123;
const volatile __u16 privileged_port = 111;

// The address a redirected socket was asked to connect to (network order).
struct service_addr {
	__u32 ip;
	__u16 port;
	__u16 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_SK_STORAGE);
	__uint(map_flags, BPF_F_NO_PREALLOC);
	__type(key, int);
	__type(value, struct service_addr);
} service_mapping SEC(".maps");

// What the programs did, read by user space without a system call.
struct stats {
	__u64 redirected;
	__u64 peer_rewritten;
	__u64 local_rewritten;
	__u64 binds_allowed;
};

struct stats stats;

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
	struct service_addr *orig;

	if (ctx->user_ip4 != bpf_htonl(service_ip) || ctx->user_port != bpf_htons(service_port))
		return 1;
	orig = bpf_sk_storage_get(&service_mapping, ctx->sk, 0, BPF_SK_STORAGE_GET_F_CREATE);
	if (!orig)
		return 1;
	orig->ip = ctx->user_ip4;
	orig->port = ctx->user_port;
	ctx->user_ip4 = bpf_htonl(backend_ip);
	ctx->user_port = bpf_htons(backend_port);
	__sync_fetch_and_add(&stats.redirected, 1);
	return 1;
}

SEC("cgroup/getpeername4")
int getpeername4(struct bpf_sock_addr *ctx)
{
	struct service_addr *orig;

	orig = bpf_sk_storage_get(&service_mapping, ctx->sk, 0, 0);
	if (!orig)
		return 1;
	ctx->user_ip4 = orig->ip;
	ctx->user_port = orig->port;
	__sync_fetch_and_add(&stats.peer_rewritten, 1);
	return 1;
}

SEC("cgroup/getsockname4")
int getsockname4(struct bpf_sock_addr *ctx)
{
	struct bpf_sock *sk = ctx->sk;

	/* Only the backend's connected sockets, not its listener. */
	if (!sk || sk->state != BPF_TCP_ESTABLISHED)
		return 1;
	if (ctx->user_ip4 != bpf_htonl(backend_ip) || ctx->user_port != bpf_htons(backend_port))
		return 1;
	ctx->user_ip4 = bpf_htonl(service_ip);
	ctx->user_port = bpf_htons(service_port);
	__sync_fetch_and_add(&stats.local_rewritten, 1);
	return 1;
}

SEC("cgroup/bind4")
int bind4(struct bpf_sock_addr *ctx)
{
	if (ctx->user_port != bpf_htons(privileged_port))
		return 1;
	__sync_fetch_and_add(&stats.binds_allowed, 1);
	return 3; /* allow, and skip the CAP_NET_BIND_SERVICE check */
}

char LICENSE[] SEC("license") = "GPL";
