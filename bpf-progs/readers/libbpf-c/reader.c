/*
 * reader-libbpf-c: the system libbpf's ring_buffer as a ringbench reader process
 * (docs/reader-protocol.md), written in C to show the protocol needs nothing of C#
 * or Go. The measured loop is libbpf's own: ring_buffer__poll with a 100 ms timeout
 * (ringbench's own wait timeout), a callback that counts. Whatever ordering and
 * trigger the installed libbpf has are this reader's (Debian 12's 1.1.2: a release
 * store of consumer_pos per record, EPOLLIN level-triggered), so its in-process twin
 * is the variant 'libbpf': the two differ only by the process boundary.
 *
 * A second thread reads the protocol's commands on stdin; the poll loop never
 * touches stdin or stdout until the stop.
 */
#include <bpf/bpf.h>
#include <bpf/libbpf.h>
#include <errno.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* Bumped per record by the callback, read by the command thread: relaxed atomics,
 * a locked add per record as the kernel bench's handler counts. */
static long long consumed;
static int stopping;
static int started;

static int count_record(void *ctx, void *data, size_t size)
{
	(void)ctx; (void)data; (void)size;
	__atomic_fetch_add(&consumed, 1, __ATOMIC_RELAXED);
	return 0;
}

static void *commands(void *arg)
{
	char line[64];
	(void)arg;
	while (fgets(line, sizeof(line), stdin)) {
		if (strcmp(line, "start\n") == 0) {
			__atomic_store_n(&started, 1, __ATOMIC_RELEASE);
		} else if (strcmp(line, "count\n") == 0) {
			printf("count %lld\n", __atomic_load_n(&consumed, __ATOMIC_RELAXED));
			fflush(stdout);
		} else if (strcmp(line, "stop\n") == 0) {
			break;
		}
		/* "measure" and anything newer: ignored, as the protocol says. */
	}
	/* stop, or stdin closed: either way the poll loop ends. */
	__atomic_store_n(&stopping, 1, __ATOMIC_RELEASE);
	return NULL;
}

int main(void)
{
	const char *id_text = getenv("RINGBENCH_MAP_ID");
	char *end = NULL;
	unsigned long id = id_text ? strtoul(id_text, &end, 10) : 0;
	if (!id_text || !*id_text || *end) {
		fprintf(stderr, "reader-libbpf-c: RINGBENCH_MAP_ID is not a map ID\n");
		return 1;
	}
	int fd = bpf_map_get_fd_by_id((unsigned int)id);
	if (fd < 0) {
		fprintf(stderr, "reader-libbpf-c: open map %lu: %s\n", id, strerror(errno));
		return 1;
	}
	struct ring_buffer *rb = ring_buffer__new(fd, count_record, NULL, NULL);
	if (!rb) {
		fprintf(stderr, "reader-libbpf-c: ring_buffer__new: %s\n", strerror(errno));
		return 1;
	}
	pthread_t thread;
	if (pthread_create(&thread, NULL, commands, NULL) != 0) {
		fprintf(stderr, "reader-libbpf-c: pthread_create failed\n");
		return 1;
	}
	printf("ready\n");
	fflush(stdout);
	/* Back-to-back: after each poll, fire the next batch (getpgid, which ringbench's producer
	 * answers for this process in this mode), as the kernel bench's consumer does with --rb-b2b. */
	const char *b2b_text = getenv("RINGBENCH_B2B_BATCH");
	int b2b = b2b_text && atoi(b2b_text) > 0;
	while (!__atomic_load_n(&stopping, __ATOMIC_ACQUIRE)) {
		int n = ring_buffer__poll(rb, 100);
		if (n < 0 && n != -EINTR) {
			fprintf(stderr, "reader-libbpf-c: ring_buffer__poll: %s\n", strerror(-n));
			return 1;
		}
		if (b2b && __atomic_load_n(&started, __ATOMIC_ACQUIRE) && !__atomic_load_n(&stopping, __ATOMIC_ACQUIRE))
			getpgid(0);
	}
	/* The producers have stopped: what is left needs no wake-up to be read. */
	if (ring_buffer__consume(rb) < 0) {
		fprintf(stderr, "reader-libbpf-c: ring_buffer__consume failed\n");
		return 1;
	}
	pthread_join(thread, NULL);
	printf("total %lld\n", __atomic_load_n(&consumed, __ATOMIC_RELAXED));
	fflush(stdout);
	ring_buffer__free(rb);
	return 0;
}
