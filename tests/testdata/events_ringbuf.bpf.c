// Ring buffer producers for skel/ringbuf's tests and benchmarks.
//
// produce: a syscall program run with BPF_PROG_TEST_RUN. It writes count
// records with bpf_loop into the ring buffer the test put in slot of rings
// (an array of maps, so a test can make rings of any size with no new
// program load). Record i has size min_size + i % size_span; its byte j is
// (first + i + j) & 0xff, except that its first 8 bytes hold the sequence
// number first + i when it is at least 8 bytes long. Every discard_every-th
// record is reserved and then discarded. A reservation that fails (the ring
// is full) is counted in dropped.
//
// live: a raw tracepoint on sys_enter that writes {seq, tid} to live_ring
// for each call of one syscall (live_cfg[0]) by one process (live_cfg[1]).
//
// drain: a syscall program that drains user_ring (a user ring buffer that
// the test fills from user space) and reports what it saw.
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

#define MAX_SIZE 4096
#define PATTERN_SIZE (MAX_SIZE + 256)

struct ring {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 8);
	__type(key, __u32);
	__array(values, struct ring);
} rings SEC(".maps");

// pattern[k] == k & 0xff, filled on the first run.
__u8 pattern[PATTERN_SIZE];
__u32 pattern_ready;

struct produce_args {
	__u32 slot;
	__u32 count;
	__u32 min_size;
	__u32 size_span;
	__u32 discard_every;
	__u32 first;
	// Outputs.
	__u32 submitted;
	__u32 discarded;
	__u32 dropped;
	__u32 errors;
};

struct produce_state {
	struct produce_args a;
	__u32 pad;
};

static long fill_pattern(__u32 k, void *unused)
{
	if (k < PATTERN_SIZE)
		pattern[k] = k & 0xff;
	return 0;
}

static long produce_one(__u32 i, struct produce_state *s)
{
	__u32 slot = s->a.slot;
	void *ring = bpf_map_lookup_elem(&rings, &slot);
	struct bpf_dynptr dp;
	__u32 size, span = s->a.size_span ? s->a.size_span : 1;
	__u64 seq = (__u64)s->a.first + i;

	if (!ring) {
		s->a.errors++;
		return 1;
	}
	size = s->a.min_size + i % span;
	if (size > MAX_SIZE)
		size = MAX_SIZE;
	if (bpf_ringbuf_reserve_dynptr(ring, size, 0, &dp)) {
		bpf_ringbuf_discard_dynptr(&dp, 0);
		s->a.dropped++;
		return 0;
	}
	if (bpf_dynptr_write(&dp, 0, &pattern[seq & 0xff], size, 0))
		s->a.errors++;
	if (size >= 8 && bpf_dynptr_write(&dp, 0, &seq, 8, 0))
		s->a.errors++;
	if (s->a.discard_every && i % s->a.discard_every == s->a.discard_every - 1) {
		bpf_ringbuf_discard_dynptr(&dp, 0);
		s->a.discarded++;
		return 0;
	}
	bpf_ringbuf_submit_dynptr(&dp, 0);
	s->a.submitted++;
	return 0;
}

SEC("syscall")
int produce(struct produce_args *args)
{
	struct produce_state s = {};

	if (!pattern_ready) {
		bpf_loop(PATTERN_SIZE, fill_pattern, NULL, 0);
		pattern_ready = 1;
	}
	s.a.slot = args->slot;
	s.a.count = args->count;
	s.a.min_size = args->min_size;
	s.a.size_span = args->size_span;
	s.a.discard_every = args->discard_every;
	s.a.first = args->first;
	bpf_loop(s.a.count, produce_one, &s, 0);
	args->submitted = s.a.submitted;
	args->discarded = s.a.discarded;
	args->dropped = s.a.dropped;
	args->errors = s.a.errors;
	return 0;
}

// The live producer.
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 64 * 1024);
} live_ring SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 2);
	__type(key, __u32);
	__type(value, __u64);
} live_cfg SEC(".maps");

__u64 live_seq;

struct live_record {
	__u64 seq;
	__u32 tid;
	__u32 pad;
};

SEC("raw_tp/sys_enter")
int live(struct bpf_raw_tracepoint_args *ctx)
{
	__u32 k_nr = 0, k_tgid = 1;
	__u64 *nr = bpf_map_lookup_elem(&live_cfg, &k_nr);
	__u64 *tgid = bpf_map_lookup_elem(&live_cfg, &k_tgid);
	__u64 id = bpf_get_current_pid_tgid();
	struct live_record *r;

	if (!nr || !tgid || *tgid == 0 || ctx->args[1] != *nr || (id >> 32) != *tgid)
		return 0;
	r = bpf_ringbuf_reserve(&live_ring, sizeof(*r), 0);
	if (!r)
		return 0;
	r->seq = __sync_fetch_and_add(&live_seq, 1);
	r->tid = (__u32)id;
	r->pad = 0;
	bpf_ringbuf_submit(r, 0);
	return 0;
}

// The user ring buffer drainer.
struct {
	__uint(type, BPF_MAP_TYPE_USER_RINGBUF);
	__uint(max_entries, 16 * 4096);
} user_ring SEC(".maps");

struct drain_result {
	__u64 records;   // samples seen
	__u64 bytes;     // their total size
	__u64 seq_sum;   // sum of their sequence numbers (first 8 bytes)
	__u64 disorder;  // samples whose sequence number was not above the previous one (or 0)
	__u64 bad_bytes; // samples whose bytes after the first 8 broke the pattern
	__u64 last_seq;
	__s64 ret;       // what bpf_user_ringbuf_drain returned
};

static long drain_one(struct bpf_dynptr *dp, struct drain_result *r)
{
	__u64 seq = 0;
	__u32 size = bpf_dynptr_size(dp);
	__u64 got = 0, want = 0, base;

	r->records++;
	r->bytes += size;
	if (size < 16 || bpf_dynptr_read(&seq, 8, dp, 0, 0)) {
		r->bad_bytes++;
		return 0;
	}
	if (seq <= r->last_seq)
		r->disorder++;
	r->last_seq = seq;
	r->seq_sum += seq;
	// Check the last 8 bytes: byte j is (seq + j) & 0xff.
	if (bpf_dynptr_read(&got, 8, dp, size - 8, 0)) {
		r->bad_bytes++;
		return 0;
	}
	base = seq + size - 8;
	for (int k = 0; k < 8; k++)
		want |= (__u64)(__u8)(base + k) << (8 * k);
	if (got != want)
		r->bad_bytes++;
	return 0;
}

SEC("syscall")
int drain(struct drain_result *out)
{
	struct drain_result r = {};

	r.ret = bpf_user_ringbuf_drain(&user_ring, drain_one, &r, 0);
	*out = r;
	return 0;
}
