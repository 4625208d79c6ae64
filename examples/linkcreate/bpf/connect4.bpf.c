// The demo's program: connect(1.2.3.4:60000) goes to 127.0.0.1:60123.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_endian.h>

#define SERVICE_IP 0x01020304   /* 1.2.3.4 */
#define SERVICE_PORT 60000
#define BACKEND_IP 0x7f000001   /* 127.0.0.1 */
#define BACKEND_PORT 60123

__u64 redirected = 0;

SEC("cgroup/connect4")
int connect4(struct bpf_sock_addr *ctx)
{
	if (ctx->user_ip4 == bpf_htonl(SERVICE_IP) && ctx->user_port == bpf_htons(SERVICE_PORT)) {
		ctx->user_ip4 = bpf_htonl(BACKEND_IP);
		ctx->user_port = bpf_htons(BACKEND_PORT);
		__sync_fetch_and_add(&redirected, 1);
	}
	return 1; /* allow the connect */
}

char LICENSE[] SEC("license") = "GPL";
