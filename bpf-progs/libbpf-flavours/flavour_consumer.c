// SPDX-License-Identifier: GPL-2.0
/*
 * One libbpf flavour as a consumer library of its own.
 *
 * build-flavours.sh links this file against a static libbpf built from the
 * distribution's source with one diff applied (or none), with
 * -Wl,--exclude-libs,ALL and a version script, so the shared object exports
 * only the entry points below. Every flavour exports the same names; the
 * harness loads each with dlopen(RTLD_LOCAL) (NativeLibrary.Load) and looks
 * the names up in that handle alone, so the four copies of libbpf live side
 * by side in one process without one symbol resolving into another copy.
 *
 * These are thin wrappers: the consumer that runs is the flavour's own
 * ring_buffer__poll / ring_buffer__consume, unchanged.
 */
#include "libbpf.h"

/* The same signature as ring_buffer__new, so the harness calls every build alike. */
void *ringbench_flavour_new(int map_fd, ring_buffer_sample_fn sample_cb, void *ctx,
			    const struct ring_buffer_opts *opts)
{
	return ring_buffer__new(map_fd, sample_cb, ctx, opts);
}

int ringbench_flavour_poll(void *rb, int timeout_ms)
{
	return ring_buffer__poll(rb, timeout_ms);
}

int ringbench_flavour_consume(void *rb)
{
	return ring_buffer__consume(rb);
}

void ringbench_flavour_free(void *rb)
{
	ring_buffer__free(rb);
}

/* The epoll fd, so a test can read the event mask the flavour registered from /proc/self/fdinfo. */
int ringbench_flavour_epoll_fd(void *rb)
{
	return ring_buffer__epoll_fd(rb);
}

const char *ringbench_flavour_version(void)
{
	return libbpf_version_string();
}
