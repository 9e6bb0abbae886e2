#!/usr/bin/env bash
# parallel's measured seconds in each side's rounds (samples.csv) and the libbpf pair per round
# (results.csv): how far a second's rate and its wake-ups per record range with idle CPUs halting
# and kept awake. Run from this folder; writes levels.txt.
set -euo pipefail
cd "$(dirname "$0")"
{
  for side in halting awake; do
    # samples.csv: scenario 2, variant 3, is_warmup 6, elapsed_s 7, records 8, wakeups 12
    cat "$side"/r*/samples.csv | awk -F, -v side="$side" '
      $2 == "parallel" && $6 == "False" {
        rate = $8 / $7 / 1e6; per = $12 / $8; v = $3
        if (!(v in lo) || rate < lo[v]) lo[v] = rate; if (rate > hi[v]) hi[v] = rate
        if (!(v in wlo) || per < wlo[v]) wlo[v] = per; if (per > whi[v]) whi[v] = per
        n[v]++
      }
      END { for (v in n) printf "%s %s: %d measured seconds, %.2f to %.2f M/s a second, %.4f to %.4f wake-ups a record\n", side, v, n[v], lo[v], hi[v], wlo[v], whi[v] }' | sort
    # results.csv: scenario 2, variant 6, trial mean 32 (the group, 3, is quoted and holds commas: emptied first)
    for f in "$side"/r*/results.csv; do
      sed 's/"[^"]*"//g' "$f" | awk -F, '$2 == "parallel" && $6 == "libbpf-before" { b = $32 } $2 == "parallel" && $6 == "libbpf-after" { a = $32 }
               END { printf "%.2f\n", a / b }'
    done | awk -v side="$side" '{ r = r sep $1 "x"; sep = ", "; s += log($1); n++ }
               END { printf "%s libbpf-after / libbpf-before on parallel, round by round: %s; geometric mean %.2fx\n", side, r, exp(s / n) }'
  done
} | tee levels.txt
