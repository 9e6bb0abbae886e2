#!/usr/bin/env bash
# In a bundle (as build-natives.sh beside the launcher): builds the native parts for this host once,
# into BIN beside the published CLI and laid out as the C# build lays them out
# (bench/Ringbench/Ringbench.csproj): the BPF object, the shim, the libbpf flavours, the kernel
# bench, the reader processes. What is missing is installed with apt first, as run-bench.sh does
# (bpf-progs/install-missing.sh). The launcher calls it when BIN has no shim: a host of another
# architecture than the bundle's maker, or a bundle made without natives.
#
#   build-natives.sh BIN [all|core]     core: the BPF object and the shim only (what a kernel run needs)
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
bin=$1; parts=${2:-all}
say() { printf 'ringbench: %s\n' "$*" >&2; }
die() { say "$*"; exit 3; }
case "$parts" in all|core) ;; *) die "build-natives.sh: parts are 'all' or 'core' (got '$parts')" ;; esac
source "$root/bpf-progs/install-missing.sh"
install_missing
out="$root/native-build"
if [ "$parts" = core ]; then
  make -s -C "$root/bpf-progs" OUT="$out" "$out/ringbuf_producer.bpf.o" "$out/libringbench_native.so"
else
  make -s -C "$root/bpf-progs" OUT="$out"
fi
mkdir -p "$bin/bpf" "$bin/libbpf-flavours" "$bin/kernel-bench" "$bin/readers"
cp "$out/ringbuf_producer.bpf.o" "$bin/bpf/"
shopt -s nullglob
for f in "$out"/flavours/*.so "$out"/flavours/*.flavour "$out"/flavours/unavailable*.txt; do cp -a "$f" "$bin/libbpf-flavours/"; done
for f in "$out"/kernel-bench/bench-* "$out"/kernel-bench/*.kbench "$out"/kernel-bench/attach*.diff "$out"/kernel-bench/unavailable*.txt; do
  cp -a "$f" "$bin/kernel-bench/"
done
for f in "$out"/readers/*; do case "$f" in *.log) ;; *) cp -a "$f" "$bin/readers/" ;; esac; done
# The shim last: the launcher takes its presence to mean the natives are in place.
cp "$out/libringbench_native.so" "$bin/"
say "native parts built for this host into $bin"
