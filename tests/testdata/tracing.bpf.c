// Tracing-family programs for the tests/tracing link tests: a perf_event
// program, a tp_btf and a raw_tp program that record bpf_get_attach_cookie,
// and two iterators (bpf_map_elem and task) that print what they walk.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>

char LICENSE[] SEC("license") = "GPL";

// Set by the test before it triggers anything.
enum {
	CFG_TGID = 0,	 // only this process counts
	CFG_SYSCALL = 1, // the syscall number the tracepoint programs look for
	CFG_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, CFG_MAX);
	__type(key, __u32);
	__type(value, __u64);
} trace_config SEC(".maps");

// What the programs saw: a cookie and a hit count per program.
enum {
	RES_PERF_COOKIE = 0,
	RES_PERF_HITS = 1,
	RES_TPBTF_COOKIE = 2,
	RES_TPBTF_HITS = 3,
	RES_RAWTP_COOKIE = 4,
	RES_RAWTP_HITS = 5,
	RES_MAX,
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, RES_MAX);
	__type(key, __u32);
	__type(value, __u64);
} results SEC(".maps");

// Two maps of the same shape for the map iterator; the test binds it to one
// and checks that the other's entries never appear.
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} iter_map_a SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, 16);
	__type(key, __u32);
	__type(value, __u64);
} iter_map_b SEC(".maps");

static __u64 config_get(__u32 i)
{
	__u64 *v = bpf_map_lookup_elem(&trace_config, &i);

	return v ? *v : 0;
}

static int is_target_process(void)
{
	__u64 want = config_get(CFG_TGID);

	return want != 0 && (bpf_get_current_pid_tgid() >> 32) == want;
}

static void record(__u32 cookie_slot, __u64 cookie)
{
	__u32 hits_slot = cookie_slot + 1;
	__u64 *c = bpf_map_lookup_elem(&results, &cookie_slot);
	__u64 *h = bpf_map_lookup_elem(&results, &hits_slot);

	if (c)
		*c = cookie;
	if (h)
		__sync_fetch_and_add(h, 1);
}

SEC("perf_event")
int perf_cookie(struct bpf_perf_event_data *ctx)
{
	if (!is_target_process())
		return 0;
	record(RES_PERF_COOKIE, bpf_get_attach_cookie(ctx));
	return 0;
}

SEC("tp_btf/sys_enter")
int BPF_PROG(tpbtf_cookie, struct pt_regs *regs, long id)
{
	if (!is_target_process() || id != (long)config_get(CFG_SYSCALL))
		return 0;
	record(RES_TPBTF_COOKIE, bpf_get_attach_cookie(ctx));
	return 0;
}

SEC("raw_tp/sys_enter")
int rawtp_cookie(struct bpf_raw_tracepoint_args *ctx)
{
	if (!is_target_process() || (long)ctx->args[1] != (long)config_get(CFG_SYSCALL))
		return 0;
	record(RES_RAWTP_COOKIE, bpf_get_attach_cookie(ctx));
	return 0;
}

// One line per element: "key=<key> value=<value>".
SEC("iter/bpf_map_elem")
int dump_map_elem(struct bpf_iter__bpf_map_elem *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	__u32 *key = ctx->key;
	__u64 *value = ctx->value;

	if (!key || !value)
		return 0;
	BPF_SEQ_PRINTF(seq, "key=%u value=%llu\n", *key, *value);
	return 0;
}

// One line per task: "tid=<pid> pid=<tgid>".
SEC("iter/task")
int dump_task(struct bpf_iter__task *ctx)
{
	struct seq_file *seq = ctx->meta->seq;
	struct task_struct *task = ctx->task;

	if (!task)
		return 0;
	BPF_SEQ_PRINTF(seq, "tid=%d pid=%d\n", task->pid, task->tgid);
	return 0;
}
