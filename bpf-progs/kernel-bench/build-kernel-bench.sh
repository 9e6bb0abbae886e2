#!/usr/bin/env bash
# Builds the kernel's own ring buffer benchmark (tools/testing/selftests/bpf/bench, the one
# run_bench_ringbufs.sh drives) once per libbpf flavour and optimisation level, so ringbench can
# run it as variants beside its own consumers (the kbench-* variants).
#
#   build-kernel-bench.sh OUT               the distribution's kernel source (apt-get source linux)
#   build-kernel-bench.sh OUT --tree DIR    a kernel source tree the user points at
#
# Four builds, each the bench with the tree's own libbpf (tools/lib/bpf) linked in:
#   before-o0, after-o0  without and with the seed diff's hunks, -O0: as the selftests'
#                        Makefile builds the bench and its libbpf (the patch's numbers)
#   before-o2, after-o2  the same with that Makefile's "-g -O0" turned into "-g -O2"
# "before" reverses any hunk the tree already carries, "after" applies the ones it lacks: the
# same hunk checks as the libbpf flavours (../source-packages.sh). The seed diff's paths
# (a/src/ringbuf.c) are libbpf's own layout, so it applies with -p2 inside tools/lib/bpf.
#
# The bench attaches its producers with fentry on getpgid. Where the kernel refuses that (EPERM
# on these VMs), attach-raw-tp.diff moves both programs (ringbuf_bench.c, perfbuf_bench.c) to
# raw_tp/sys_enter filtered to getpgid's syscall number, ringbench's own fallback; the first
# build tries the bench unchanged once (root only) to decide, and every manifest says which.
#
# Output in OUT/kernel-bench/: bench-<name> and <name>.kbench (key=value: the source, the libbpf
# diff, the level, the store and trigger its ringbuf.c uses, the attach and why), attach.diff
# when it was applied. Without --tree the build never fails the harness's build: where the
# source or a build cannot be had, OUT/kernel-bench/unavailable.txt says why in one line and the
# kbench-* variants report it. The source is kept once per machine in $RINGBENCH_CACHE/kernel-src/
# (default /var/cache/ringbench, or OUT/kernel-src/ where that is not writable), so a fresh clone
# or a second checkout on the same machine does not fetch it again: only tools/, include/,
# kernel/bpf/, scripts/, arch/ headers and the top Makefile are unpacked, about 125 MB.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=../source-packages.sh
source "$here/../source-packages.sh"
seed_diff="$here/../libbpf-flavours/seed-ringbuf-seqcst-epollet.diff"
attach_diff="$here/attach-raw-tp.diff"
selftests=tools/testing/selftests/bpf

say() { printf 'kernel-bench: %s\n' "$*" >&2; }

# is_kernel_tree DIR: 0 when DIR has what the bench's build needs; otherwise 1 and the first thing missing.
is_kernel_tree() {
  local f
  for f in "$selftests/benchs/bench_ringbufs.c" "$selftests/progs/ringbuf_bench.c" "$selftests/Makefile" tools/lib/bpf/ringbuf.c Makefile; do
    [ -f "$1/$f" ] || { echo "$1 is not a kernel source tree (no $f)" >&2; return 1; }
  done
}

# fetch_tree CACHE: Debian's kernel source, the newest version the archive serves, unpacked in
# part into CACHE/<version>/ once; prints the tree's path and writes CACHE/<version>/source.txt.
fetch_tree() {
  local cache=$1 version="" v dir
  for dir in "$cache"/*/linux; do
    [ -f "$dir/.complete" ] && { echo "$dir"; return 0; }
  done
  deb_src_begin || return 1
  local tried=()
  # The newest listed version may live in an archive that does not answer (security, here): try down the list.
  for v in $(deb_src_versions linux | head -8); do
    if deb_src_download "$cache/download" linux "$v" 2>>"$cache.err"; then version=$v; break; fi
    tried+=("$v")
    rm -rf "$cache/download"
  done
  deb_src_end
  [ -n "$version" ] || { echo "apt-get source linux failed for ${tried[*]:-every listed version (none listed: no deb-src for linux)}: $(tail -1 "$cache.err" 2>/dev/null)" >&2; return 1; }
  rm -f "$cache.err"
  local upstream=${version%-*} orig
  orig=$(ls "$cache/download"/linux_"$upstream".orig.tar.* 2>/dev/null | head -1)
  [ -n "$orig" ] || { echo "linux $version downloaded without its orig tarball" >&2; return 1; }
  local top="linux-$upstream" dest="$cache/$version"
  rm -rf "$dest"; mkdir -p "$dest"
  tar -xf "$orig" -C "$dest" --wildcards "$top/tools" "$top/include" "$top/kernel/bpf" "$top/scripts" "$top/arch/*/include" "$top/Makefile" \
    || { echo "unpacking $(basename "$orig") failed" >&2; return 1; }
  mv "$dest/$top" "$dest/linux"
  # Debian's own patches are not applied: say whether any of them touches what the bench builds from.
  local debian touching
  debian=$(ls "$cache/download"/linux_"$version".debian.tar.* 2>/dev/null | head -1)
  touching=$( [ -n "$debian" ] && tar -xOf "$debian" --wildcards 'debian/patches/*' 2>/dev/null | grep -cE '^\+\+\+ [^ ]*(tools/lib/bpf|tools/testing/selftests/bpf)/' || true)
  echo "linux $version from the distribution (apt-get source), upstream $upstream as in its orig tarball; Debian's patches not applied (lines of them touching tools/lib/bpf or the selftests: ${touching:-unknown})" >"$dest/source.txt"
  rm -rf "$cache/download"
  touch "$dest/linux/.complete"
  echo "$dest/linux"
}

# build_bench OUT TREE NAME OPT ATTACH_DIFF STEP...: one bench binary, OUT/kernel-bench/bench-NAME, and its
# manifest (the attach's reason from attach_decision's ATTACH_WHY).
build_bench() {
  local out=$1 tree=$2 name=$3 opt=$4 attach=$5; shift 5
  local work="$out/kernel-bench-work/$name" dest="$out/kernel-bench"
  rm -rf "$work"; mkdir -p "$work/out" "$dest"
  # Hard links: patch and sed -i write new files, so the shared tree is never changed.
  cp -al "$tree" "$work/linux"
  local applied
  applied=$(apply_steps "$work/linux/tools/lib/bpf" 2 "$@") || { echo "the seed diff's hunks did not apply to $name's tools/lib/bpf" >&2; return 1; }
  if [ -n "$attach" ]; then
    patch -p1 -d "$work/linux" --silent <"$attach" >/dev/null || { echo "$(basename "$attach") does not apply to this tree's bench programs" >&2; return 1; }
  fi
  if [ "$opt" != -O0 ]; then
    grep -q -- '-g -O0' "$work/linux/$selftests/Makefile" || { echo "the selftests Makefile has no '-g -O0' to turn into '-g $opt'" >&2; return 1; }
    sed -i "s/-g -O0/-g $opt/g" "$work/linux/$selftests/Makefile"
  fi
  say "building the kernel bench $name"
  make -C "$work/linux/$selftests" VMLINUX_BTF=/sys/kernel/btf/vmlinux OUTPUT="$work/out" -j"$(nproc)" "$work/out/bench" >"$work/make.log" 2>&1 \
    || { echo "building the kernel bench ($name) failed: $(grep -m1 -iE 'error|\*\*\*' "$work/make.log")" >&2; return 1; }
  cp "$work/out/bench" "$dest/bench-$name.tmp" && mv "$dest/bench-$name.tmp" "$dest/bench-$name"
  applied=${applied% }
  {
    echo "name=$name"
    echo "source=$(cat "$(dirname "$tree")/source.txt" 2>/dev/null || echo "the kernel tree $tree")"
    echo "libbpf=the tree's tools/lib/bpf, linked into the bench"
    echo "diff=${applied:-none}"
    echo "opt=$opt"
    claims_of "$work/linux/tools/lib/bpf/ringbuf.c" | tr ' ' '\n'
    echo "attach=$ATTACH_WHY"
  } >"$dest/$name.kbench"
}

# attach_decision OUT TREE: sets ATTACH (the attach diff to apply, "" for none) and ATTACH_WHY.
attach_decision() {
  local out=$1 tree=$2 probe="$out/kernel-bench-work/probe"
  if [ "$(id -u)" -ne 0 ]; then
    ATTACH=$attach_diff ATTACH_WHY="raw_tp/sys_enter filtered to getpgid: not root at build time, so fentry could not be tried"
    return 0
  fi
  rm -rf "$probe"; mkdir -p "$probe/out"
  make -C "$tree/$selftests" VMLINUX_BTF=/sys/kernel/btf/vmlinux OUTPUT="$probe/out" -j"$(nproc)" "$probe/out/bench" >"$probe/make.log" 2>&1 \
    || { echo "building the kernel bench failed: $(grep -m1 -iE 'error|\*\*\*' "$probe/make.log")" >&2; return 1; }
  if timeout 30 "$probe/out/bench" -w1 -d1 rb-custom >"$probe/run.log" 2>&1; then
    ATTACH="" ATTACH_WHY="fentry on getpgid, as upstream (the kernel took it)"
  else
    ATTACH=$attach_diff
    ATTACH_WHY="raw_tp/sys_enter filtered to getpgid: the unchanged bench failed here ($(grep -m1 -E 'failed' "$probe/run.log" || echo "exit non-zero"))"
  fi
  rm -rf "$probe"
}

# --- main ----------------------------------------------------------------------------------

out=${1:?usage: build-kernel-bench.sh OUT [--tree DIR]}; shift
tree=""
while [ $# -gt 0 ]; do
  case "$1" in
    --tree) tree=$(readlink -f "${2:?--tree needs a directory}"); shift 2 ;;
    *) echo "build-kernel-bench.sh: unknown option $1" >&2; exit 2 ;;
  esac
done
dest="$out/kernel-bench"
mkdir -p "$dest"

# Fails the build with one line when the user named the tree; otherwise says why in unavailable.txt.
unavailable() {
  if [ -n "$tree" ]; then echo "kernel-bench: $1" >&2; exit 3; fi
  echo "$1" >"$dest/unavailable.txt"
  say "no kernel bench: $1 (every other variant still runs)"
  exit 0
}

if [ -n "$tree" ]; then
  is_kernel_tree "$tree" 2>"$dest/err.txt" || { echo "kernel-bench: $(cat "$dest/err.txt")" >&2; rm -f "$dest/err.txt"; exit 2; }
  rm -f "$dest/err.txt"
else
  [ -f /sys/kernel/btf/vmlinux ] || unavailable "the running kernel has no BTF (/sys/kernel/btf/vmlinux), which the bench's build needs"
  cache=${RINGBENCH_CACHE:-/var/cache/ringbench}/kernel-src
  mkdir -p "$cache" 2>/dev/null && [ -w "$cache" ] || cache="$out/kernel-src"
  tree=$(fetch_tree "$cache" 2>"$dest/err.txt") || unavailable "$(tail -1 "$dest/err.txt")"
  rm -f "$dest/err.txt"
fi

stamp_text=$( { echo "$tree"; cat "$tree/tools/lib/bpf/ringbuf.c" "$tree/$selftests/progs/ringbuf_bench.c" "$seed_diff" "$attach_diff" "${BASH_SOURCE[0]}" "$here/../source-packages.sh"; } | sha256sum | cut -d' ' -f1)
if [ -f "$dest/.stamp" ] && [ "$(cat "$dest/.stamp")" = "$stamp_text" ] && ls "$dest"/bench-* >/dev/null 2>&1; then
  exit 0
fi
rm -f "$dest"/bench-* "$dest"/*.kbench "$dest/attach.diff" "$dest/unavailable.txt" "$dest/.stamp"

pair_steps "$seed_diff" "$tree/tools/lib/bpf" 2 "$out/kernel-bench-work/hunks" "the tree's tools/lib/bpf" "tools/lib/bpf/ringbuf.c" 2>"$dest/err.txt" \
  || unavailable "$(tail -1 "$dest/err.txt")"
before_steps=("${BEFORE_STEPS[@]}") after_steps=("${AFTER_STEPS[@]}")
attach_decision "$out" "$tree" 2>"$dest/err.txt" || unavailable "$(tail -1 "$dest/err.txt")"
[ -n "$ATTACH" ] && cp "$ATTACH" "$dest/attach.diff"
for level in o0 o2; do
  opt=-O${level#o}
  build_bench "$out" "$tree" "before-$level" "$opt" "$ATTACH" "${before_steps[@]}" 2>"$dest/err.txt" || unavailable "$(tail -1 "$dest/err.txt")"
  build_bench "$out" "$tree" "after-$level" "$opt" "$ATTACH" "${after_steps[@]}" 2>"$dest/err.txt" || unavailable "$(tail -1 "$dest/err.txt")"
done
rm -f "$dest/err.txt"
rm -rf "$out/kernel-bench-work"
echo "$stamp_text" >"$dest/.stamp"
