#!/usr/bin/env bash
# Two builds of ringbench timed side by side: did a change to the hot loop cost anything?
#
#   bench/ab-builds.sh BEFORE [AFTER] [-r ROUNDS] [-m MICRO] [-s SCENARIOS] [-V VARIANTS] [-k] [-o OUT]
#
# BEFORE and AFTER are commits (AFTER defaults to HEAD). Each is checked out in a worktree under
# ${TMPDIR:-/var/tmp}/ringbench-ab/ and built there as run-bench.sh builds (natives included),
# before anything is timed. One uncounted round of each warms the machine (OUT/warmup). Then,
# round by round, each build runs one trial of the same scenarios and variants
# (ringbench matrix --trials 1), the build that goes first alternating, into OUT/before/rNN and
# OUT/after/rNN; the machine's drift over the rounds lands on both builds alike. Last,
# 'ringbench compare OUT/before OUT/after --threshold 2%' pairs the builds by round, a ratio with
# its interval for each scenario x variant (a side made of rounds: ComparisonInput.LoadRounds).
# The real ring's runs spread by more than 2% on a VM; the drain's own cost does not: then MICRO
# rounds (default 6) of the BenchmarkDotNet drain over an in-memory ring (ConsumeInMemory: the
# release and seq_cst stores, ns per record), the builds alternating again, into OUT/micro/.
#
# -k keeps idle CPUs awake through the rounds, as ringbench's --keep-awake does, for builds that
# predate the option too: one SCHED_IDLE shell loop pinned to each CPU, started after the builds
# and stopped before the micro rounds (the rounds' machine.json cannot say so; compare.txt does).
# On the development guest parallel's rate otherwise switches between levels for seconds at a
# time, shared by every variant (results/2026-12-06-vm-parallel-regimes); kept awake the slow,
# wake-up-bound level goes, though not the host's own spread (results/2026-12-07-vm-ab-keep-awake).
#
# Defaults: 10 rounds of b2b and parallel with lt-release, et-seqcst, kernel-bench and libbpf,
# the drain's three publication policies in C# and libbpf's own loop (a control: no C# drain), the
# check issue 36 asks of a change to the drain. One benchmark at a time: run it on a quiet box.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
say() { printf 'ab-builds: %s\n' "$*" >&2; }
usage() { say "$1 (usage: bench/ab-builds.sh BEFORE [AFTER] [-r ROUNDS] [-m MICRO] [-s SCENARIOS] [-V VARIANTS] [-k] [-o OUT])"; exit 2; }

before="" after="" rounds=10 micro=6 scenarios="b2b,parallel" variants="lt-release,et-seqcst,kernel-bench,libbpf" out="" keep_awake=0
while [ $# -gt 0 ]; do
  case "$1" in
    -r) rounds=${2:-}; shift 2 ;;
    -m) micro=${2:-}; shift 2 ;;
    -s) scenarios=${2:-}; shift 2 ;;
    -V) variants=${2:-}; shift 2 ;;
    -o) out=${2:-}; shift 2 ;;
    -k) keep_awake=1; shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "${BASH_SOURCE[0]}"; exit 0 ;;
    -*) usage "unknown option $1" ;;
    *) if [ -z "$before" ]; then before=$1; elif [ -z "$after" ]; then after=$1; else usage "one BEFORE and one AFTER"; fi; shift ;;
  esac
done
[ -n "$before" ] || usage "name the commit before the change"
after=${after:-HEAD}
[[ "$rounds" =~ ^[1-9][0-9]*$ ]] && [ "$rounds" -ge 3 ] || usage "rounds: a whole number, 3 or more (an interval needs trials)"
[[ "$micro" =~ ^[0-9]+$ ]] || usage "micro rounds: a whole number (0: none)"
resolve() { git -C "$here" rev-parse --verify --quiet "$1^{commit}" || usage "$1: no such commit"; }
before_sha=$(resolve "$before"); after_sha=$(resolve "$after")
[ "$before_sha" != "$after_sha" ] || usage "$before and $after are one commit"
out=${out:-$here/results/$(date +%F)-ab-${before_sha:0:7}-${after_sha:0:7}}
[ ! -e "$out" ] || usage "$out exists: choose another -o"
# Absolute: each round runs from its build's worktree, where a relative OUT would land (it did).
out=$(realpath -m -- "$out")

# Each build in its own worktree, built before anything is timed (a build beside a run would time the build).
built_cli() {
  local sha=$1 tree="${TMPDIR:-/var/tmp}/ringbench-ab/${1:0:12}"
  if [ ! -d "$tree" ]; then
    mkdir -p "$(dirname "$tree")"
    git -C "$here" worktree add --detach "$tree" "$sha" >/dev/null 2>&1 || { say "cannot check out $sha into $tree"; exit 3; }
  fi
  say "building ${sha:0:7} in $tree"
  (cd "$tree" && ./run-bench.sh --version >/dev/null) || { say "${sha:0:7} does not build (run ./run-bench.sh in $tree to see why)"; exit 3; }
  printf '%s\n' "$tree"
}
tree_before=$(built_cli "$before_sha")
tree_after=$(built_cli "$after_sha")
dotnet build-server shutdown >/dev/null 2>&1 || true

run_round() { # side tree round
  local side=$1 tree=$2 round=$3
  mkdir -p "$out/$(dirname "$side")"
  (cd "$tree" && dotnet artifacts/bin/Ringbench.Cli/Release/net10.0/Ringbench.Cli.dll matrix --scenarios "$scenarios" --variants "$variants" \
      --trials 1 --out "$out/$side/r$round") >>"$out/$side.log" 2>&1 \
    || { say "round $round of $side failed: $out/$side.log"; exit 3; }
  # compare reads a round's results.csv, samples.csv and machine.json; its reports and figures
  # are regenerable (./run-bench.sh report) and would be most of the folder.
  find "$out/$side/r$round" -mindepth 1 -maxdepth 1 ! -name results.csv ! -name samples.csv ! -name machine.json -exec rm -rf {} +
}
mkdir -p "$out/before" "$out/after"
spinners=()
stop_spinners() { if [ ${#spinners[@]} -gt 0 ]; then kill "${spinners[@]}" 2>/dev/null || true; wait "${spinners[@]}" 2>/dev/null || true; spinners=(); fi; }
trap stop_spinners EXIT
if ((keep_awake)); then
  # Every CPU this script may use (its cpuset), from "0-3,8" ranges.
  for cpu in $(awk -F'[:,]' '/^Cpus_allowed_list/ { for (i = 2; i <= NF; i++) { n = split($i, r, "-"); for (c = r[1] + 0; c <= r[n] + 0; c++) print c } }' /proc/self/status); do
    taskset -c "$cpu" chrt -i 0 sh -c 'while :; do :; done' &
    spinners+=($!)
  done
  say "idle CPUs kept awake: ${#spinners[@]} SCHED_IDLE spinners"
fi
# One uncounted round of each build first: a machine is slow and erratic in a job's first
# minute (the main job's warm-up, JobWarmup, exists for it), and in results/2026-12-06-vm-ab-policy-cold
# the first round, run without this, held b2b's four widest pair ratios (0.81 to 1.17).
say "warm-up: one uncounted round of each build (into $out/warmup)"
run_round warmup/before "$tree_before" 00
run_round warmup/after "$tree_after" 00
for ((i = 1; i <= rounds; i++)); do
  r=$(printf '%02d' "$i")
  say "round $i of $rounds"
  if ((i % 2)); then run_round before "$tree_before" "$r"; run_round after "$tree_after" "$r"
  else run_round after "$tree_after" "$r"; run_round before "$tree_before" "$r"; fi
done
{
  printf 'ab-builds: before %s, after %s, %s rounds of %s with %s, the first build alternating\n\n' \
    "$before_sha" "$after_sha" "$rounds" "$scenarios" "$variants"
  if ((keep_awake)); then
    printf 'idle CPUs kept awake through every round (-k): a SCHED_IDLE shell loop pinned to each of %s CPUs\n\n' "${#spinners[@]}"
  fi
  cd "$here" && dotnet artifacts/bin/Ringbench.Cli/Release/net10.0/Ringbench.Cli.dll compare "$out/before" "$out/after" --threshold 2% \
    --md "$out/compare.md" --csv "$out/compare.csv"
} | tee "$out/compare.txt"

stop_spinners
# The drain alone, in process: BenchmarkDotNet's ns per record, the builds alternating.
for ((i = 1; i <= micro; i++)); do
  r=$(printf '%02d' "$i")
  say "micro round $i of $micro"
  if ((i % 2)); then order="before after"; else order="after before"; fi
  for side in $order; do
    tree=$([ "$side" = before ] && echo "$tree_before" || echo "$tree_after")
    (cd "$tree" && dotnet artifacts/bin/Ringbench.Micro/Release/net10.0/Ringbench.Micro.dll --filter '*ConsumeInMemory.Release*' '*ConsumeInMemory.SeqCst' \
        --artifacts "$out/micro/$side-$r") >>"$out/micro.log" 2>&1 || { say "micro round $i of $side failed: $out/micro.log"; exit 3; }
  done
done
# Each micro round's mean per store, as BenchmarkDotNet reported it (its reports are beside).
if ((micro > 0)); then
  for f in "$out"/micro/*/results/*ConsumeInMemory-report-github.md; do
    run=$(basename "$(dirname "$(dirname "$f")")")
    awk -F'|' -v run="$run" '/store/ { gsub(/&#39;|^ +| +$/, "", $2); gsub(/^ +| +$/, "", $3); print run "\t" $2 "\t" $3 }' "$f"
  done | tee "$out/micro.txt"
fi
