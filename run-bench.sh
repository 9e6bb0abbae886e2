#!/usr/bin/env bash
# ringbench: set-up, build, then run. Run as root on Debian or Ubuntu.
#
#   ./run-bench.sh                 the main job: the full scenario matrix (see README.md)
#   ./run-bench.sh test            the test suite
#   ./run-bench.sh micro [args]    the BenchmarkDotNet micro-benchmarks (into results/micro/)
#   ./run-bench.sh fleet -i INVENTORY [-p PROFILE] [-r RUN] [-b BUNDLE]
#                                  a profile of the matrix on every host of an Ansible inventory,
#                                  fetched to results/fleet/RUN/<host>/ and compared (fleet/)
#   ./run-bench.sh bundle [-o FILE]  a self-contained .tar.gz for a host without the .NET SDK
#   ./run-bench.sh libbpf-patch FILE NAME
#                                  libbpf built with your diff, as variants libbpf-NAME-before/-after
#   ./run-bench.sh <command> ...   any ringbench command, e.g. 'run parallel --variants all', 'list', '--help'
#
# Every form first installs what is missing (clang, llvm, libbpf-dev, libbpf1, bpftool, make, gcc,
# and for the libbpf flavours dpkg-dev, patch, libelf-dev, zlib1g-dev; for the reader processes golang-go and
# golang-github-cilium-ebpf-dev; ansible-core for 'test' and 'fleet')
# and builds in Release, so a fresh box needs nothing else but the .NET 10 SDK.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here"

say() { printf 'run-bench: %s\n' "$*" >&2; }
die() { say "$*"; exit 3; }

# What is missing, installed with apt (the same function sets up a bundle's host: fleet/make-bundle.sh).
source "$here/bpf-progs/install-missing.sh"

check_dotnet() {
  command -v dotnet >/dev/null || die "the .NET 10 SDK is not installed: install dotnet-sdk-10.0 (https://dot.net), then rerun"
  dotnet --list-sdks | grep -q '^10\.' || die "ringbench targets net10.0 and needs the .NET 10 SDK (found: $(dotnet --list-sdks | tr '\n' ' '))"
}

build() {
  say "building (Release)"
  export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1
  local log; log=$(mktemp)
  if ! dotnet build Bench.sln -c Release -nologo -v quiet >"$log" 2>&1; then
    grep -E 'error|Error' "$log" | sort -u | head -20 >&2
    rm -f "$log"
    die "build failed (the errors above; 'dotnet build Bench.sln -c Release' shows all)"
  fi
  rm -f "$log"
}

cli=artifacts/bin/Ringbench.Cli/Release/net10.0/Ringbench.Cli.dll

script_help() {
  cat <<'TEXT'
Usage: ./run-bench.sh [COMMAND [ARGS...]]     (as root, or with sudo: it installs with apt and loads BPF)

The script's own commands:
  (none)                         the main job: the full scenario matrix into results/<date>-<host>-<commit>/
  test                           the test suite (what CI runs)
  libbpf-patch FILE NAME         build libbpf with your diff: variants libbpf-NAME-before, libbpf-NAME-after
  fleet -i INVENTORY [-p PROFILE] [-r RUN] [-b BUNDLE]
                                 the matrix on every host of an Ansible inventory, fetched and compared
  micro [BenchmarkDotNet args]   the micro-benchmarks, into results/micro/
  bundle [-o FILE]               a self-contained ringbench (.tar.gz) for a host without the .NET SDK

Every other command is ringbench's own, run as ./run-bench.sh COMMAND (below).
Each form first installs what is missing and builds in Release.
TEXT
}

case "${1:-}" in -h|--help|help) script_help ;; esac

# Arguments that are wrong whatever is installed fail before anything is installed or built.
if [ "${1:-}" = libbpf-patch ]; then
  [ $# -eq 3 ] || { say "usage: ./run-bench.sh libbpf-patch FILE NAME"; exit 2; }
  [ -f "$2" ] || { say "libbpf-patch: $2: no such diff file"; exit 2; }
  [[ "$3" =~ ^[a-z0-9][a-z0-9-]*$ ]] || { say "libbpf-patch: name '$3': lower-case letters, digits and '-' only (it becomes the variants libbpf-$3-before and libbpf-$3-after)"; exit 2; }
fi

install_missing "${1:-}"
check_dotnet
build

case "${1:-}" in
  test)
    shift
    # A test that hangs must fail the suite, not hold CI to its limit: the host is ended past 20 minutes.
    exec dotnet test Bench.sln -c Release --no-build -nologo --blame-hang-timeout 20m --blame-hang-dump-type none "$@"
    ;;
  libbpf-patch)
    # Any unified diff against libbpf's src/ becomes two more variants, libbpf-<name>-before and
    # libbpf-<name>-after: './run-bench.sh libbpf-patch my-fix.diff my-fix', then rebuild happens here.
    shift
    bash bpf-progs/libbpf-flavours/build-flavours.sh "$here/bpf-progs/build" --patch "$1" --name "$2" || exit $?
    build
    say "built flavours $2-before and $2-after: use them as variants libbpf-$2-before,libbpf-$2-after"
    exit 0
    ;;
  bundle)
    # A self-contained ringbench for a host without the .NET SDK: the CLI published with its runtime,
    # the natives built here (BPF object, shim, libbpf flavours, the kernel bench, readers), the
    # references, COMMIT; unpack anywhere and run ./ringbench as root.
    shift
    exec bash fleet/make-bundle.sh "$@"
    ;;
  fleet)
    shift
    exec bash fleet/run-fleet.sh "$@"
    ;;
  micro)
    # BenchmarkDotNet micro-benchmarks; results land in results/micro/. Extra args go to
    # BenchmarkDotNet, e.g. './run-bench.sh micro --filter "*Consume*"'.
    shift
    [ $# -eq 0 ] && set -- --filter '*'
    exec dotnet artifacts/bin/Ringbench.Micro/Release/net10.0/Ringbench.Micro.dll "$@"
    ;;
  "")
    exec dotnet "$cli" matrix
    ;;
  -h|--help|help)
    echo
    exec dotnet "$cli" --help
    ;;
  *)
    exec dotnet "$cli" "$@"
    ;;
esac
