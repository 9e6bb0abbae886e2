#!/usr/bin/env bash
# On one fleet host: run a profile of the matrix into FOLDER, as the only benchmark on this machine.
#
#   host-job.sh FOLDER [matrix arguments...]
#
# Waits for any other ringbench job on this machine to end (a lock, so two inventory hosts that are
# one machine, or two fleet runs, never build or measure side by side: a busy neighbour changes the
# numbers). Then: a FOLDER whose machine.json says finished is left alone ("already finished"); a
# FOLDER with results but no finish is resumed (only the missing runs); otherwise a new run.
# In a bundle (./run-bench.sh bundle, beside its RINGBENCH-BUNDLE) it runs the bundle's ringbench:
# nothing is installed or built, no .NET SDK needed. In a checkout (fleet/host-job.sh) run-bench.sh
# installs what is missing and builds before it runs.
set -euo pipefail
folder=$1; shift
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
if [ -f "$here/RINGBENCH-BUNDLE" ]; then
  checkout=$here; ringbench=("$here/ringbench")
else
  checkout=$(cd "$here/.." && pwd); ringbench=(./run-bench.sh)
fi
lock=/var/lock/ringbench-fleet.lock
[ -w /var/lock ] || lock=${TMPDIR:-/tmp}/ringbench-fleet.lock
if [ -z "${RINGBENCH_FLEET_LOCKED:-}" ]; then
  # flock -o holds the lock in flock itself and closes it for the job, so nothing the job leaves
  # behind (an MSBuild node kept for reuse) can hold it after the job ends.
  flock -n -o "$lock" true || echo "host-job: another ringbench job runs on this machine; waiting for it" >&2
  RINGBENCH_FLEET_LOCKED=1 exec flock -o "$lock" bash "${BASH_SOURCE[0]}" "$folder" "$@"
fi
# No MSBuild node may outlive the build and sit beside the benchmark.
export MSBUILDDISABLENODEREUSE=1 DOTNET_CLI_USE_MSBUILD_SERVER=0
if [ -f "$folder/machine.json" ] && grep -q '"finished_at": "' "$folder/machine.json"; then
  echo "host-job: $folder already finished"
  exit 0
fi
mkdir -p "$(dirname "$folder")"
cd "$checkout"
if [ -f "$folder/results.csv" ]; then
  echo "host-job: resuming $folder"
  exec "${ringbench[@]}" matrix "$@" --resume "$folder"
fi
echo "host-job: new run into $folder"
exec "${ringbench[@]}" matrix "$@" --out "$folder"
