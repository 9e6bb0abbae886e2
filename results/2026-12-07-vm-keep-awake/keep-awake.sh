#!/usr/bin/env bash
# The same build with idle CPUs halting and kept awake (--keep-awake), in interleaved rounds:
# each round one trial of each, the first alternating, into halting/rNN and awake/rNN; then
# compare pairs them by round (awake / halting). Run from the repository's root on a quiet box.
set -euo pipefail
out=${1:?folder}; rounds=${2:-3}
cli="dotnet artifacts/bin/Ringbench.Cli/Release/net10.0/Ringbench.Cli.dll"
args=(matrix --scenarios parallel,parallel-sampled,b2b --variants lt-release,libbpf-before,libbpf-after,kernel-bench -w 1 -d 5 --trials 1)
mkdir -p "$out/halting" "$out/awake"
side() { # name round
  local extra=()
  [ "$1" = awake ] && extra=(--keep-awake)
  $cli "${args[@]}" "${extra[@]}" --out "$out/$1/r$2" >>"$out/$1.log" 2>&1
  find "$out/$1/r$2" -mindepth 1 -maxdepth 1 ! -name results.csv ! -name samples.csv ! -name machine.json -exec rm -rf {} +
}
for ((i = 1; i <= rounds; i++)); do
  r=$(printf '%02d' "$i")
  echo "keep-awake: round $i of $rounds" >&2
  if ((i % 2)); then side halting "$r"; side awake "$r"; else side awake "$r"; side halting "$r"; fi
done
$cli compare "$out/halting" "$out/awake" --threshold 2% --md "$out/compare.md" --csv "$out/compare.csv" | tee "$out/compare.txt"
