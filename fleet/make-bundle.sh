#!/usr/bin/env bash
# Packs a self-contained ringbench for hosts without the .NET SDK:
#   make-bundle.sh [-o FILE]     (default artifacts/bundle/ringbench-<commit>-<rid>.tar.gz)
# The CLI is published with its runtime (dotnet publish --self-contained) for linux-x64 and
# linux-arm64 into bin/<rid>/. For this machine's architecture the natives this checkout built go
# beside it (bpf-progs/build: the BPF object, the shim, the libbpf flavours, the kernel bench, the
# reader processes), for hosts of the same distribution; for the other architecture, and wherever
# they are missing, the launcher builds them on the host at first use from the sources in
# bpf-progs/ (build-natives.sh: apt installs what is missing, then make). Unpack, then
# './ringbench <command>' as root; results land in its results/.
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
source "$here/fleet/rid.sh"
rid=$(ringbench_rid) || { say "no .NET runtime identifier for $(uname -m)"; exit 3; }
commit=$(git -C "$here" rev-parse --short HEAD 2>/dev/null || cat "$here/COMMIT" 2>/dev/null || echo unknown)
# A bundle of uncommitted changes says so, as every machine.json it writes will.
[ -z "$(git -C "$here" status --porcelain --untracked-files=no 2>/dev/null)" ] || commit="$commit-dirty"
name="ringbench-$commit-$rid"
out=${out:-artifacts/bundle/$name.tar.gz}
stage=$(mktemp -d); trap 'rm -rf "$stage"' EXIT
root="$stage/$name"
mkdir -p "$root/results"
for r in linux-x64 linux-arm64; do
  say "publishing the CLI with its runtime ($r)"
  dotnet publish bench/Ringbench.Cli/Ringbench.Cli.csproj -c Release -r "$r" --self-contained -nologo -v quiet -o "$root/bin/$r" >"$stage/publish.log" 2>&1 \
    || { grep -E 'error' "$stage/publish.log" | sort -u | head -5 >&2; say "publish for $r failed"; exit 3; }
  rm -f "$root/bin/$r"/*.pdb
  # This machine's natives do not run on the other architecture: that host builds its own at first use.
  [ "$r" = "$rid" ] || rm -rf "$root/bin/$r"/{bpf,libbpf-flavours,kernel-bench,readers,libringbench_native.so}
done
# The native parts' sources and the script that builds them on a host, with what it installs.
git -C "$here" ls-files -z --cached --others --exclude-standard bpf-progs | (cd "$here" && xargs -0 cp --parents -t "$root")
cp fleet/bundle-natives.sh "$root/build-natives.sh"
cp fleet/rid.sh "$root/rid.sh"
cp -a results/reference "$root/results/"
[ -d results/reference-2020 ] && cp -a results/reference-2020 "$root/results/"
printf '%s\n' "$commit" >"$root/COMMIT"
printf 'ringbench %s for %s, self-contained (no .NET SDK needed)\n' "$commit" "$rid" >"$root/RINGBENCH-BUNDLE"
# The fleet's job script, so a fleet host runs the bundle instead of building a checkout.
cp fleet/host-job.sh "$root/host-job.sh"
cat >"$root/ringbench" <<'LAUNCH'
#!/bin/sh
# ringbench, self-contained: './ringbench --help'; benchmarks need root (CAP_BPF + CAP_PERFMON).
# The CLI of this host's architecture; its native parts are built here once where the bundle has
# none for it (build-natives.sh; RINGBENCH_NATIVES=core builds the BPF object and the shim only).
root=$(dirname "$(readlink -f "$0")")
. "$root/rid.sh"
rid=$(ringbench_rid) || { echo "ringbench: this bundle has no build for $(uname -m) (it has linux-x64 and linux-arm64)" >&2; exit 3; }
bin="$root/bin/$rid"
if [ ! -f "$bin/libringbench_native.so" ]; then
  case "${1:-}" in
    ""|-h|--help|-\?|list|report|compare|plot|machines|pool|stats-check|model-check) ;;
    *) echo "ringbench: building the native parts for this $rid host, once" >&2
       bash "$root/build-natives.sh" "$bin" "${RINGBENCH_NATIVES:-all}" || exit 3 ;;
  esac
fi
exec "$bin/Ringbench.Cli" "$@"
LAUNCH
chmod +x "$root/ringbench"
mkdir -p "$(dirname "$out")"
# Reproducible bytes (sorted, no owners, one time stamp, gzip -n): the same build packs to the same
# file, which the fleet then neither copies nor unpacks again.
tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$stage" -cf - "$name" | gzip -n >"$out.tmp"
mv "$out.tmp" "$out"
say "$out ($(du -h "$out" | cut -f1)): unpack anywhere, then ./$name/ringbench <command> as root"
echo "$out"
