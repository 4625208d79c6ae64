// A perf event array producer for skel/perfbuf's tests and benchmarks:
// a raw tracepoint program run with BPF_PROG_TEST_RUN (on a chosen CPU with
// BPF_F_TEST_RUN_ON_CPU) that writes ctx->args[0] samples of
// ctx->args[1] bytes with bpf_perf_event_output to the current CPU's slot.
// Sample i has byte j == (args[2] + i + j) & 0xff, so its first byte is its
// sequence number modulo 256.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SIZE 1024
#define PATTERN_SIZE (MAX_SIZE + 256)

struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(__u32));
	__uint(value_size, sizeof(__u32));
} perf_events SEC(".maps");

__u8 perf_pattern[PATTERN_SIZE];
__u32 perf_pattern_ready;

struct perf_state {
	void *ctx;
	__u64 size;
	__u64 first;
	__u64 errors;
};

static long perf_fill(__u32 k, void *unused)
{
	if (k < PATTERN_SIZE)
		perf_pattern[k] = k & 0xff;
	return 0;
}

static long perf_one(__u32 i, struct perf_state *s)
{
	__u64 size = s->size;

	if (size > MAX_SIZE)
		size = MAX_SIZE;
	if (bpf_perf_event_output(s->ctx, &perf_events, BPF_F_CURRENT_CPU,
				  &perf_pattern[(s->first + i) & 0xff], size))
		s->errors++;
	return 0;
}

SEC("raw_tp")
int perf_produce(struct bpf_raw_tracepoint_args *ctx)
{
	struct perf_state s = {.ctx = ctx, .size = ctx->args[1], .first = ctx->args[2]};

	if (!perf_pattern_ready) {
		bpf_loop(PATTERN_SIZE, perf_fill, NULL, 0);
		perf_pattern_ready = 1;
	}
	bpf_loop(ctx->args[0], perf_one, &s, 0);
	return s.errors;
}
