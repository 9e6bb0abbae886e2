#!/usr/bin/env bash
# Packs a self-contained ringbench for a host of this architecture without the .NET SDK:
#   make-bundle.sh [-o FILE]     (default artifacts/bundle/ringbench-<commit>-<rid>.tar.gz)
# The CLI is published with its runtime (dotnet publish --self-contained); the natives are the ones
# this checkout built (bpf-progs/build: the BPF object, the shim, the libbpf flavours, the kernel
# bench, the reader processes), so the bundle runs on hosts with the same distribution's libbpf1,
# libelf and zlib. Unpack, then './ringbench <command>' as root; results land in its results/.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$here"
say() { printf 'bundle: %s\n' "$*" >&2; }
out=""
while [ $# -gt 0 ]; do
  case "$1" in
    -o) out=$2; shift 2 ;;
    *) say "unknown option $1 (usage: ./run-bench.sh bundle [-o FILE])"; exit 2 ;;
  esac
done
case "$(uname -m)" in
  x86_64) rid=linux-x64 ;;
  aarch64) rid=linux-arm64 ;;
  *) say "no .NET runtime identifier for $(uname -m)"; exit 3 ;;
esac
commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || cat "$here/COMMIT" 2>/dev/null || echo unknown)
name="ringbench-$commit-$rid"
out=${out:-artifacts/bundle/$name.tar.gz}
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/results"
say "publishing the CLI with its runtime ($rid)"
dotnet publish bench/Ringbench.Cli/Ringbench.Cli.csproj -c Release -r "$rid" --self-contained -nologo -v quiet -o "$root/bin" >"$stage/publish.log" 2>&1 \
  || { grep -E 'error' "$stage/publish.log" | sort -u | head -5 >&2; say "publish failed"; exit 3; }
rm -f "$root/bin"/*.pdb
cp -a results/reference "$root/results/"
[ -d results/reference-2020 ] && cp -a results/reference-2020 "$root/results/"
printf '%s\n' "$commit" >"$root/COMMIT"
printf 'ringbench %s for %s, self-contained (no .NET SDK needed); made %s\n' "$commit" "$rid" "$(date -u +%FT%TZ)" >"$root/RINGBENCH-BUNDLE"
cat >"$root/ringbench" <<'LAUNCH'
#!/bin/sh
# ringbench, self-contained: './ringbench --help'; benchmarks need root (CAP_BPF + CAP_PERFMON).
exec "$(dirname "$(readlink -f "$0")")/bin/Ringbench.Cli" "$@"
LAUNCH
chmod +x "$root/ringbench"
mkdir -p "$(dirname "$out")"
tar -C "$stage" -czf "$out.tmp" "$name"
mv "$out.tmp" "$out"
say "$out ($(du -h "$out" | cut -f1)): unpack anywhere, then ./$name/ringbench <command> as root"
echo "$out"
