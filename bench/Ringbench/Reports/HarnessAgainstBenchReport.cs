using System.Globalization;
using System.Text;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>reproduce.md's section on ringbench against the kernel's own bench (<see cref="HarnessAgainstBench"/>), formatted.</summary>
public static class HarnessAgainstBenchReport
{
    /// <summary>The section of reproduce.md; empty where the kernel bench did not run.</summary>
    public static string Markdown(IReadOnlyList<HarnessAgainstBench.Row> rows, IReadOnlyList<Reproduction.Row> reproduction, IReadOnlyList<PairResult> pairs)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder();
        var levels = LevelTable(reproduction, pairs);
        if (rows.Count == 0 && levels.Count == 0)
            return "";
        md.AppendLine("## ringbench against the kernel's own bench").AppendLine();
        md.AppendLine("The kernel's selftest bench, built from the distribution's kernel source with its tree's libbpf (bpf-progs/kernel-bench/), ran " +
                      "as variants in the same trials. Its -d D measures D + 1 seconds, as its own summary does; its hits and drops are read " +
                      "from its per-second lines; it keeps no end-of-run account and counts no wake-ups. Where fentry is refused its producers " +
                      "attach at raw_tp/sys_enter filtered to getpgid (kernel-bench/attach.diff in this folder says exactly what changed).").AppendLine();
        if (rows.Count > 0)
        {
            md.AppendLine(inv, $"Each of ringbench's consumers over the bench's consumer of the same build and level (paired by trial; within ±{HarnessAgainstBench.Tolerance:P0} " +
                               $"when the whole interval is). ringbench's libbpf builds are the distribution's libbpf source package; the bench links its " +
                               $"kernel tree's tools/lib/bpf; ringbench's producer filters its trigger by process as well as by syscall.").AppendLine();
            md.AppendLine("| scenario | build | ringbench M/s | kernel bench M/s | ringbench / bench [interval] | trials | outcome |");
            md.AppendLine("|---|---|---:|---:|---:|---:|---|");
            foreach (HarnessAgainstBench.Row r in rows)
                md.AppendLine(inv, $"| {r.Scenario} | {r.What}: {r.RingbenchVariant} / {r.BenchVariant} | {r.RingbenchMps:F3} | {r.BenchMps:F3} | " +
                                   $"{r.Interval!.Text()} | {r.Trials} | {r.Outcome} |");
            md.AppendLine();
        }
        if (levels.Count > 0)
        {
            md.AppendLine("The patch's after / before by optimisation level: -O0 is how the selftests build the bench and its libbpf (the patch's " +
                          "numbers), -O2 how distributions ship libbpf (ringbench's headline pair).").AppendLine();
            md.AppendLine("| scenario | patch | " + string.Join(" | ", HarnessAgainstBench.LevelPairs.SelectMany(p => new[] { $"{p.Harness} -O0", $"{p.Harness} -O2" })) + " |");
            md.AppendLine("|---|---:|" + string.Concat(Enumerable.Repeat("---:|", HarnessAgainstBench.LevelPairs.Count * 2)));
            foreach (var (scenario, patch, cells) in levels)
                md.AppendLine(inv, $"| {scenario} | {patch:F2}x | {string.Join(" | ", cells)} |");
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>Per scenario the patch published and some level pair ran: the patch's ratio and each protocol's measured after/before (the folder's pair results).</summary>
    private static List<(string Scenario, double Patch, IReadOnlyList<string> Cells)> LevelTable(IReadOnlyList<Reproduction.Row> reproduction, IReadOnlyList<PairResult> pairs)
    {
        var columns = HarnessAgainstBench.LevelPairs.SelectMany(p => new[] { p.O0, p.O2 }).ToList();
        return reproduction.Where(r => !r.IsControl).GroupBy(r => r.Scenario)
            .Where(g => g.Any(r => r.Pair is PatchPair.LibbpfO0Name or PatchPair.KernelBenchO0Name or PatchPair.KernelBenchO2Name))
            .Select(g => (g.Key, g.First().PatchRatio, (IReadOnlyList<string>)columns
                .Select(c => pairs.FirstOrDefault(p => p.Scenario == g.Key && p.Pair == c) is { } p ? p.Ratio.Text() : "–").ToList()))
            .ToList();
    }
}
