// SPDX-License-Identifier: GPL-2.0
/*
 * ringbench's producer: the BPF side of the kernel selftest ringbuf benchmark
 * (tools/testing/selftests/bpf/progs/ringbuf_bench.c), written for ringbench.
 *
 * Each trigger (a getpgid syscall from one of the harness's threads) writes
 * `batch_cnt` records of one 8-byte value into the ring (or, when asked, into the
 * perf buffer the bench compares it with, as its progs/perfbuf_bench.c, or into
 * this CPU's shard of an array of rings). Everything the harness configures is a
 * read-only global set before load, so the verifier sees constants, prunes the
 * paths not taken, and the per-record path has no lookups.
 *
 * Two entry points do the same work; the harness loads exactly one:
 *   - fentry on the getpgid syscall (what upstream uses; cheapest);
 *   - raw_tp on sys_enter, filtered by syscall number and by the harness's
 *     tgid, for kernels that refuse fentry (e.g. this project's CI VM).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	/* max_entries (the data size) is set by the harness before load. */
} ringbuf SEC(".maps");

/*
 * Sharded rings: an array of ring maps the harness fills before the run (one ring per CPU, or
 * per group of CPUs), each producer writing to its CPU's shard, as tracers that outgrow one
 * shared ring do. The inner ring's size here is a template; the harness sets it before load.
 */
struct ring_shard {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 4096);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, 1); /* the shard count, set by the harness before load */
	__type(key, __u32);
	__array(values, struct ring_shard);
} ring_shards SEC(".maps");

/*
 * The perf buffer the kernel bench compares the ring with (its progs/perfbuf_bench.c): one
 * per-CPU perf event per slot, opened and stored here by the consumer's perf_buffer setup
 * (libbpf sizes the array to the possible CPUs when max_entries is 0).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERF_EVENT_ARRAY);
	__uint(key_size, sizeof(int));
	__uint(value_size, sizeof(int));
} perfbuf SEC(".maps");

/* Configuration, fixed at load time. */
const volatile __u32 batch_cnt = 500;
const volatile __u32 use_output = 0;        /* bpf_ringbuf_output instead of reserve+submit */
const volatile __u32 notify_mode = 0;       /* see enum notify_mode */
const volatile __u64 wakeup_data_size = 0;  /* sampled mode: force a wake-up at this many bytes */
const volatile __u32 target_tgid = 0;       /* only this process triggers a batch */
const volatile __s64 trigger_syscall_nr = -1; /* raw_tp path: the getpgid syscall number */
const volatile __u32 stamp_every = 0;       /* latency mode: one record in this many carries bpf_ktime_get_ns() */
const volatile __u64 wakeup_every = 0;      /* every-N mode: force a wake-up on one record in this many */
const volatile __u32 use_perfbuf = 0;       /* write to the perf buffer instead of the ring */
const volatile __u32 shard_cnt = 0;         /* sharded rings: write to ring_shards[cpu % shard_cnt]; 0 = the one ring */

enum notify_mode {
	NOTIFY_DEFAULT = 0,  /* flags 0: the kernel wakes when the consumer is caught up */
	NOTIFY_SAMPLED = 1,  /* FORCE_WAKEUP at wakeup_data_size bytes pending, else NO_WAKEUP */
	NOTIFY_NEVER   = 2,  /* NO_WAKEUP always: the consumer must poll on its own */
	NOTIFY_EVERY   = 3,  /* FORCE_WAKEUP on one record in wakeup_every, else NO_WAKEUP */
};

/* Ring bytes one record takes: 8-byte header + 8-byte payload (already 8-aligned). */
#define RECORD_SPAN 16

const long sample_val = 42;

/*
 * Counters the harness reads once a second. Each sits on its own cache line:
 * `dropped` is bumped by producers on different CPUs while the harness reads
 * `triggers`, and false sharing would tax exactly the path we measure.
 */
long triggers __attribute__((aligned(128))) = 0;  /* batches started */
long attempted __attribute__((aligned(128))) = 0; /* records the program tried to write */
long dropped __attribute__((aligned(128))) = 0;   /* reserve/output failed: the ring was full */

static __always_inline __u64 commit_flags(void *ring)
{
	if (notify_mode == NOTIFY_DEFAULT)
		return 0;
	if (notify_mode == NOTIFY_NEVER)
		return BPF_RB_NO_WAKEUP;
	if (notify_mode == NOTIFY_EVERY)
		/* Count records by ring position rather than in a shared counter, which
		 * every producer CPU would have to bump: positions are global and grow by
		 * RECORD_SPAN per record, so with one producer exactly one record in
		 * wakeup_every forces a wake-up (about one in N with several, whose
		 * reserves move producer_pos between our reserve and this query). */
		return bpf_ringbuf_query(ring, BPF_RB_PROD_POS) / RECORD_SPAN % wakeup_every == 0
			? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
	/* Sampled: the available data includes the record being committed,
	 * because producer_pos moved at reserve time. */
	if (bpf_ringbuf_query(ring, BPF_RB_AVAIL_DATA) >= wakeup_data_size)
		return BPF_RB_FORCE_WAKEUP;
	return BPF_RB_NO_WAKEUP;
}

/*
 * The record's payload: the constant sample_val, or in latency mode, for one record in
 * stamp_every, the CLOCK_MONOTONIC time of writing. Reading the clock on every record would
 * cost more than the record itself on a VM; a stamp can never equal sample_val, so the
 * consumer recognises stamped records without being told which they are.
 */
static __always_inline long payload(__u32 i)
{
	return stamp_every && i % stamp_every == 0 ? (long)bpf_ktime_get_ns() : sample_val;
}

/*
 * Writes one batch into `ring`. Inlined at each call, so for the shared ring the map is the
 * constant &ringbuf, exactly as before sharding existed, and the shared path pays nothing for it.
 */
static __always_inline void write_ring(void *ring)
{
	__u32 i;

	if (!use_output) {
		for (i = 0; i < batch_cnt; i++) {
			long *sample = bpf_ringbuf_reserve(ring, sizeof(sample_val), 0);

			if (!sample) {
				__sync_fetch_and_add(&dropped, 1);
				continue;
			}
			*sample = payload(i);
			bpf_ringbuf_submit(sample, commit_flags(ring));
		}
	} else {
		for (i = 0; i < batch_cnt; i++) {
			long value = payload(i);

			if (bpf_ringbuf_output(ring, &value, sizeof(value), commit_flags(ring)))
				__sync_fetch_and_add(&dropped, 1);
		}
	}
}

static __always_inline void write_batch(void *ctx)
{
	__u32 shard, i;
	void *ring;

	__sync_fetch_and_add(&triggers, 1);
	__sync_fetch_and_add(&attempted, batch_cnt);

	if (use_perfbuf) {
		/* As the kernel bench's perf producer: one sample per record into this CPU's buffer.
		 * The wake-up policy is not ours here: the perf event's wakeup_events (set by the
		 * consumer) decides. A full buffer fails the output (-ENOSPC) and the kernel later
		 * reports the loss to the consumer as PERF_RECORD_LOST; we count it here as a drop. */
		for (i = 0; i < batch_cnt; i++) {
			long value = payload(i);

			if (bpf_perf_event_output(ctx, &perfbuf, BPF_F_CURRENT_CPU, &value, sizeof(value)))
				__sync_fetch_and_add(&dropped, 1);
		}
		return;
	}
	if (!shard_cnt) {
		write_ring(&ringbuf);
		return;
	}
	/* This CPU's shard; a slot the harness left empty loses the batch, counted. */
	shard = bpf_get_smp_processor_id() % shard_cnt;
	ring = bpf_map_lookup_elem(&ring_shards, &shard);
	if (!ring) {
		__sync_fetch_and_add(&dropped, batch_cnt);
		return;
	}
	write_ring(ring);
}

/*
 * A second process whose getpgid triggers a batch: a reader in another process running a
 * back-to-back scenario triggers each batch itself, as ringbench's own consumers do
 * (docs/reader-protocol.md). Set by the harness after load, in a section of its own so that
 * writing it never races the counters' increments in .bss; 0 = none.
 */
__u32 reader_tgid SEC(".data.reader") = 0;

static __always_inline int is_our_process(void)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	return tgid == target_tgid || (reader_tgid && tgid == reader_tgid);
}

#if defined(__TARGET_ARCH_arm64)
#define GETPGID_FENTRY "fentry/__arm64_sys_getpgid"
#else
#define GETPGID_FENTRY "fentry/__x64_sys_getpgid"
#endif

SEC(GETPGID_FENTRY)
int produce_on_fentry(void *ctx)
{
	if (is_our_process())
		write_batch(ctx);
	return 0;
}

SEC("raw_tp/sys_enter")
int produce_on_sys_enter(struct bpf_raw_tracepoint_args *ctx)
{
	/* sys_enter(struct pt_regs *regs, long id): args[1] is the syscall number. */
	if ((__s64)ctx->args[1] != trigger_syscall_nr || !is_our_process())
		return 0;
	write_batch(ctx);
	return 0;
}
