// SPDX-License-Identifier: GPL-2.0
/*
 * The small native side of ringbench, for the two things C# cannot do well:
 *
 * 1. The record callback for the native-libbpf variant. The kernel bench's
 *    libbpf consumer counts each record with a relaxed atomic increment in a
 *    C callback; calling back into managed code per record would add a
 *    reverse-P/Invoke transition and make the native baseline look slower
 *    than libbpf really is. So the baseline gets a C callback, as upstream.
 *
 *    In latency mode the callback also times the records the producer stamped
 *    (one in N): it reads CLOCK_MONOTONIC here and hands only those latencies
 *    to the harness, so the managed transition is paid for one record in N.
 *
 * 2. libbpf's log callback takes a va_list, which has no portable managed
 *    form. We format messages here and keep the recent ones, so the harness
 *    can show the verifier's complaint in its error instead of spraying
 *    libbpf's warnings on stderr while it probes fentry before raw_tp.
 *
 * 3. The BPF program's run-time statistics (run_time_ns, run_cnt of struct
 *    bpf_prog_info), read here so the struct's layout comes from the
 *    installed uapi header and never from a hand-copied offset.
 *
 * 4. The perf buffer as the kernel bench sets it up (pb-libbpf, pb-custom):
 *    struct perf_event_attr is filled here, from the uapi header, for the same
 *    reason as 3; its raw event callback counts samples and the losses the
 *    kernel reports, in C, as the bench's does.
 *
 * 5. The keep-awake spinner's loop (--keep-awake). A thread spinning in C#
 *    is in the runtime's cooperative mode, so every garbage collection has to
 *    stop it at a safe point first, and at SCHED_IDLE it gets its CPU only
 *    when nothing else wants it: on a busy CPU (b2b's consumer never sleeps)
 *    a collection could wait on it, and with it every C# consumer. Spinning
 *    here, the thread is in native code, which a collection does not wait for.
 */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <stddef.h>
#include <time.h>
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <linux/bpf.h>
#include <linux/perf_event.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <errno.h>

int ringbench_count_record(void *ctx, void *data, size_t size)
{
	(void)data;
	(void)size;
	__atomic_fetch_add((long *)ctx, 1, __ATOMIC_RELAXED);
	return 0;
}

/*
 * The bounded consumer (the 2026 fix's test: at most N records a call, drained
 * again before waiting). libbpf 1.1.2 has no ring__consume_n, so the callback
 * ends the call: after the N-th record of a call it returns -E2BIG, which takes
 * ringbuf_process_ring's "update consumer pos and bail out" path (the path the
 * fix names: "when a record bound or callback ends the current invocation").
 * The harness zeroes in_call before each call and treats -E2BIG as "bound reached".
 */
struct ringbench_bounded_count {
	long *records;
	long bound;
	long in_call;
};

int ringbench_count_record_bounded(void *ctx, void *data, size_t size)
{
	struct ringbench_bounded_count *c = ctx;

	(void)data;
	(void)size;
	__atomic_fetch_add(c->records, 1, __ATOMIC_RELAXED);
	if (++c->in_call >= c->bound)
		return -E2BIG;
	return 0;
}

/* The latency callback's ctx; the harness allocates it and owns it. */
struct ringbench_latency_ctx {
	long *records;                               /* counted as by ringbench_count_record */
	long unstamped;                              /* the payload of records without a stamp */
	void (*on_latency)(long nanoseconds, void *state); /* the harness's recorder */
	void *state;
};

int ringbench_count_and_time_record(void *ctx, void *data, size_t size)
{
	struct ringbench_latency_ctx *c = ctx;
	struct timespec now;
	long stamp;

	__atomic_fetch_add(c->records, 1, __ATOMIC_RELAXED);
	if (size < sizeof(stamp))
		return 0;
	memcpy(&stamp, data, sizeof(stamp));
	if (stamp == c->unstamped)
		return 0;
	/* bpf_ktime_get_ns() is CLOCK_MONOTONIC in nanoseconds. */
	clock_gettime(CLOCK_MONOTONIC, &now);
	c->on_latency(now.tv_sec * 1000000000L + now.tv_nsec - stamp, c->state);
	return 0;
}

#define LOG_CAPACITY (64 * 1024)
static char log_buffer[LOG_CAPACITY];
static size_t log_length;

static int capture_log(enum libbpf_print_level level, const char *format, va_list args)
{
	int written;

	if (level == LIBBPF_DEBUG)
		return 0;
	if (log_length >= LOG_CAPACITY - 1)
		log_length = 0; /* keep the newest messages, they name the failure */
	written = vsnprintf(log_buffer + log_length, LOG_CAPACITY - log_length, format, args);
	if (written > 0)
		log_length += (size_t)written < LOG_CAPACITY - log_length ? (size_t)written
									   : LOG_CAPACITY - 1 - log_length;
	return 0;
}

void ringbench_capture_libbpf_log(void)
{
	libbpf_set_print(capture_log);
}

/* Copies the captured log into `out` (NUL-terminated) and clears it. */
size_t ringbench_take_libbpf_log(char *out, size_t capacity)
{
	size_t n = log_length < capacity - 1 ? log_length : capacity - 1;

	memcpy(out, log_buffer, n);
	out[n] = '\0';
	log_length = 0;
	return n;
}

/*
 * The kernel's run-time statistics of one program: the nanoseconds it ran and
 * how often, accumulated while statistics are on (bpf_enable_stats, which the
 * harness holds as an fd for the run, so a killed run leaves them off).
 * Returns 0, or a negative errno from bpf_obj_get_info_by_fd.
 */
int ringbench_prog_run_stats(int prog_fd, unsigned long long *run_time_ns, unsigned long long *run_cnt)
{
	struct bpf_prog_info info;
	__u32 len = sizeof(info);
	int err;

	memset(&info, 0, sizeof(info));
	err = bpf_obj_get_info_by_fd(prog_fd, &info, &len);
	if (err)
		return err;
	*run_time_ns = info.run_time_ns;
	*run_cnt = info.run_cnt;
	return 0;
}

/* Where the perf event callback counts; the harness owns it (pinned counters). */
struct ringbench_perf_counts {
	long *records; /* PERF_RECORD_SAMPLE: one per record the BPF program wrote */
	long *lost;    /* PERF_RECORD_LOST: the kernel's count of samples it could not write */
};

/* The body of a PERF_RECORD_LOST record (include/uapi/linux/perf_event.h). */
struct lost_record {
	struct perf_event_header header;
	__u64 id;
	__u64 lost;
};

static enum bpf_perf_event_ret count_perf_event(void *ctx, int cpu, struct perf_event_header *event)
{
	struct ringbench_perf_counts *counts = ctx;

	(void)cpu;
	if (event->type == PERF_RECORD_SAMPLE)
		__atomic_fetch_add(counts->records, 1, __ATOMIC_RELAXED);
	else if (event->type == PERF_RECORD_LOST)
		__atomic_fetch_add(counts->lost, (long)((struct lost_record *)event)->lost, __ATOMIC_RELAXED);
	return LIBBPF_PERF_EVENT_CONT;
}

/*
 * One perf buffer of `pages` data pages per CPU on the BPF_MAP_TYPE_PERF_EVENT_ARRAY `map_fd`,
 * as bench_ringbufs.c's perfbuf_libbpf_setup makes it: a software BPF_OUTPUT event per CPU
 * with raw samples, waking the consumer every `wakeup_events` samples (1 unsampled; the
 * sample rate when sampled, where the bench also sets sample_period to it). libbpf opens
 * the events, mmaps them, stores them in the map and registers them with its epoll fd
 * (level-triggered EPOLLIN). NULL with errno set on failure.
 */
static void bpf_output_attr(struct perf_event_attr *attr, __u64 wakeup_events)
{
	memset(attr, 0, sizeof(*attr));
	attr->size = sizeof(*attr);
	attr->config = PERF_COUNT_SW_BPF_OUTPUT;
	attr->type = PERF_TYPE_SOFTWARE;
	attr->sample_type = PERF_SAMPLE_RAW;
	attr->sample_period = wakeup_events;
	attr->wakeup_events = (__u32)wakeup_events;
}

struct perf_buffer *ringbench_perf_buffer_new(int map_fd, size_t pages, __u64 wakeup_events,
					      struct ringbench_perf_counts *counts)
{
	struct perf_event_attr attr;

	bpf_output_attr(&attr, wakeup_events);
	return perf_buffer__new_raw(map_fd, pages, &attr, count_perf_event, counts, NULL);
}

/*
 * Whether this process may open the perf buffer's events at all (a system-wide software event
 * on CPU 0, as perf_buffer__new_raw opens one per CPU): 0, or the negative errno the kernel
 * gave (EACCES/EPERM under perf_event_paranoid without CAP_PERFMON, ENOENT without the event).
 */
int ringbench_perf_event_probe(void)
{
	struct perf_event_attr attr;
	int fd;

	bpf_output_attr(&attr, 1);
	fd = (int)syscall(__NR_perf_event_open, &attr, -1, 0, -1, PERF_FLAG_FD_CLOEXEC);
	if (fd < 0)
		return -errno;
	close(fd);
	return 0;
}

/*
 * Spins until *stop is non-zero (the keep-awake spinner; see 5. above). The load is relaxed:
 * the flag only ends the loop, orders nothing, and a late look costs one more pass.
 */
void ringbench_spin_until(const int *stop)
{
	unsigned long x = 0x9E3779B97F4A7C15UL;

	while (!__atomic_load_n(stop, __ATOMIC_RELAXED)) {
		for (int i = 0; i < 4096; i++)
			x = x * 6364136223846793005UL + 1442695040888963407UL;
		__asm__ volatile("" : : "r"(x));
	}
}
