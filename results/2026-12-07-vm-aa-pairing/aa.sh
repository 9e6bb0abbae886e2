#!/bin/bash
# As run for this folder (paths as on that box): ROUNDS=10 aa.sh, at a4f590a's build, then the
# folders copied here (round/ and adjacent/, each side A and B; round.md, adjacent.md from compare).
# A/A of one build: two pairings of the same runs' order, parallel only.
set -u
cli="dotnet /work/main/artifacts/bin/Ringbench.Cli/Release/net10.0/Ringbench.Cli.dll"
out=/tmp/aa; rm -rf $out; mkdir -p $out
vs=(lt-release et-seqcst kernel-bench libbpf)
one() { $cli matrix -s parallel -V "$1" -t 1 -o "$2" >> $out/log 2>&1 || echo "FAIL $2"; find "$2" -mindepth 1 -maxdepth 1 ! -name results.csv ! -name samples.csv ! -name machine.json -exec rm -rf {} +; }
# warm-up
one lt-release,et-seqcst,kernel-bench,libbpf $out/warm
for i in $(seq -w 1 ${ROUNDS:-8}); do
  # whole round: all four variants in one process, side A then side B (alternating first)
  if ((10#$i % 2)); then one lt-release,et-seqcst,kernel-bench,libbpf $out/round/A/r$i; one lt-release,et-seqcst,kernel-bench,libbpf $out/round/B/r$i
  else one lt-release,et-seqcst,kernel-bench,libbpf $out/round/B/r$i; one lt-release,et-seqcst,kernel-bench,libbpf $out/round/A/r$i; fi
  # adjacent: variant by variant, side A and side B back to back
  for k in 0 1 2 3; do v=${vs[k]}
    if (((10#$i + k) % 2)); then one $v $out/adjacent/A/r${i}v$k; one $v $out/adjacent/B/r${i}v$k
    else one $v $out/adjacent/B/r${i}v$k; one $v $out/adjacent/A/r${i}v$k; fi
  done
  echo "round $i $(date +%T)" >> $out/progress
done
for s in round adjacent; do $cli compare $out/$s/A $out/$s/B --threshold 2% --md $out/$s.md --csv $out/$s.csv > $out/$s.txt 2>&1; done
