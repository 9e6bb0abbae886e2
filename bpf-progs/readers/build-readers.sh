#!/usr/bin/env bash
# Builds the reader processes ringbench ships (docs/reader-protocol.md): each is a consumer in
# another process, run in the same trials as ringbench's own, as the variant reader-<name>.
#
#   build-readers.sh OUT
#
# Output in OUT/readers/: <name> (the executable) and <name>.reader (key=value: what it is, the
# library and version it reads the ring with, and the store, trigger and wait that library's
# code has, read from its source here, not claimed from memory). Never fails the harness's
# build: a reader that cannot be built leaves OUT/readers/unavailable-<name>.txt saying why in
# one line, and its variant reports it.
#
#   cilium-ebpf  cilium/ebpf's ringbuf.Reader (Go), built offline in GOPATH mode against
#                Debian's golang-github-cilium-ebpf-dev with Debian's golang-go
#   libbpf-c     the system libbpf's ring_buffer__poll in a C process: the protocol is not C#'s
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
out="$1/readers"
mkdir -p "$out"
say() { printf 'readers: %s\n' "$*" >&2; }

# Rebuilds only when an input changed: a stamp of the sources and the toolchain versions.
stamp_of() { { cat "$@"; dpkg-query -W golang-go golang-github-cilium-ebpf-dev libbpf-dev 2>/dev/null; } | sha256sum | cut -d' ' -f1; }

build_cilium() {
  local name=cilium-ebpf src="$here/cilium-ebpf/main.go" gopath=/usr/share/gocode
  local stamp; stamp=$(stamp_of "$src")
  [ -x "$out/$name" ] && [ -f "$out/$name.reader" ] && grep -qx "stamp=$stamp" "$out/$name.reader" && return 0
  rm -f "$out/$name" "$out/$name.reader" "$out/unavailable-$name.txt"
  command -v go >/dev/null || { echo "go not installed (apt-get install golang-go; run-bench.sh does)" >"$out/unavailable-$name.txt"; return 0; }
  [ -d "$gopath/src/github.com/cilium/ebpf/ringbuf" ] || { echo "cilium/ebpf's source not installed (apt-get install golang-github-cilium-ebpf-dev; run-bench.sh does)" >"$out/unavailable-$name.txt"; return 0; }
  local work; work=$(mktemp -d)
  cp "$src" "$work/main.go"
  if ! (cd "$work" && GOPATH="$gopath" GO111MODULE=off GOFLAGS= GOCACHE="$work/cache" go build -o "$out/$name" main.go) >"$work/log" 2>&1; then
    echo "go build failed: $(grep -v '^#' "$work/log" | head -1)" >"$out/unavailable-$name.txt"
    rm -rf "$work"; return 0
  fi
  rm -rf "$work"
  local version; version=$(dpkg-query -W -f '${Version}' golang-github-cilium-ebpf-dev)
  local reader="$gopath/src/github.com/cilium/ebpf/ringbuf"
  # What this version's code does, read from it: the store after each record, the epoll
  # registration, and what it does at a busy record.
  local store=none trigger=none busy=unknown
  grep -q 'atomic.StoreUint64(rr.cons_pos' "$reader/ring.go" && store=seq_cst
  grep -q 'Events: unix.EPOLLIN,' "$gopath/src/github.com/cilium/ebpf/internal/epoll/poller.go" && trigger=level
  grep -q 'err == errBusy || err == errDiscard {' "$reader/reader.go" && busy="spins on the busy record"
  {
    echo "description=cilium/ebpf's ringbuf.Reader (Go): ReadInto in a loop, one reused Record"
    echo "library=github.com/cilium/ebpf $version (Debian golang-github-cilium-ebpf-dev), $(go version | cut -d' ' -f3)"
    echo "store=$store"
    echo "trigger=$trigger"
    echo "wait=epoll-$trigger, no timeout; $busy"
    echo "headers=plain copy of the record header (no acquire load) in this version"
    echo "twins=lt-seqcst,libbpf-store-only"
    echo "stamp=$stamp"
  } >"$out/$name.reader"
  say "built reader $name (cilium/ebpf $version)"
}

build_libbpf_c() {
  local name=libbpf-c src="$here/libbpf-c/reader.c"
  local stamp; stamp=$(stamp_of "$src")
  [ -x "$out/$name" ] && [ -f "$out/$name.reader" ] && grep -qx "stamp=$stamp" "$out/$name.reader" && return 0
  rm -f "$out/$name" "$out/$name.reader" "$out/unavailable-$name.txt"
  if ! ${CC:-cc} -O2 -Wall -o "$out/$name" "$src" -lbpf -lpthread 2>"$out/$name.log"; then
    echo "cc failed: $(head -1 "$out/$name.log")" >"$out/unavailable-$name.txt"
    rm -f "$out/$name.log"; return 0
  fi
  rm -f "$out/$name.log"
  local version; version=$(dpkg-query -W -f '${Version}' libbpf1 2>/dev/null || echo unknown)
  {
    echo "description=the system libbpf's ring_buffer__poll (100 ms timeout) in a C process: the in-process libbpf across a process boundary"
    echo "library=libbpf $version (system)"
    echo "store=as installed"
    echo "trigger=as installed"
    echo "wait=libbpf poll, 100 ms timeout"
    echo "twins=libbpf"
    echo "stamp=$stamp"
  } >"$out/$name.reader"
  say "built reader $name (libbpf $version)"
}

build_cilium
build_libbpf_c
