using System.Globalization;
using Ringbench.Analysis;
using Ringbench.Ring;

using static Ringbench.Reports.CounterText;

namespace Ringbench.Reports;

/// <summary>
/// The report's first paragraph, worded from <see cref="Conclusion.Facts"/>: the machine against
/// the patch's and what it can say, the correctness claim, each performance claim with its
/// counters, and the 2026 designs. Every number is the analysis's; nothing is computed here.
/// </summary>
public static class ConclusionText
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static IReadOnlyList<string> Sentences(Conclusion.Facts facts)
    {
        var s = new List<string> { Scope(facts.Scope) };
        if (facts.Correctness is { } c)
            s.Add(Correctness(c));
        foreach (Conclusion.Claim claim in facts.Claims)
            s.Add(Claim(claim));
        if (facts.Bench is { } bench)
            s.Add(Bench(bench));
        s.AddRange(DesignReport.Summary(facts.Designs));
        return s;
    }

    private static string Scope(Conclusion.Scope scope)
    {
        var m = scope.Machine;
        string here = scope.Virtualised
            ? $"Measured on {m.Cpus} virtual CPUs of an {m.CpuModel} under a hypervisor ({m.Virtualization}), kernel {m.Kernel}"
            : $"Measured on {m.CpuModel}, {m.Cpus} CPUs, bare metal, kernel {m.Kernel}";
        if (scope.Patch is not { } p)
            return here + ".";
        string patch = $"the patch's numbers are from an {p.CpuModel} with {p.Cpus} CPUs{(string.Equals(p.Virtualization, "none", StringComparison.OrdinalIgnoreCase) ? " on bare metal" : "")}";
        string can = scope.Virtualised || scope.FewerCpus
            ? "A box like this shows whether a consumer loses wake-ups and what each one costs per record here; it cannot show whether the patch's gains hold on the patch's machine, " +
              "so \"not reproduced\" below is said of this box, not of the patch" +
              (scope.FewerCpus ? $"; with {m.Cpus} CPUs, every row of {m.Cpus} or more producers runs more threads than CPUs" : "")
            : "A machine of this size can speak to the patch's rows directly";
        return $"{here}; {patch}. {can}.";
    }

    private static string Correctness(Conclusion.Correctness c)
    {
        static string Names(IEnumerable<Conclusion.Stalls> v) => string.Join(", ", v.Select(x => x.Variant));
        string timeout = string.Create(Inv, $"{c.WaitTimeoutMs} ms");
        var parts = new List<string>();
        if (c.EdgeWithoutStore.Count > 0)
        {
            long n = c.EdgeWithoutStore.Sum(v => v.Count);
            parts.Add(n > 0
                ? string.Create(Inv, $"with the EPOLLET hunk alone ({Names(c.EdgeWithoutStore)}) the consumer lost wake-ups: {n} stalls in {c.EdgeWithoutStore.Sum(v => v.RunsStalled)} of {c.EdgeWithoutStore.Sum(v => v.Runs)} runs, " +
                                   $"each a wait that ran out after {timeout} with records in the ring (with an infinite wait, as the kernel bench polls, a hang)")
                : string.Create(Inv, $"with the EPOLLET hunk alone ({Names(c.EdgeWithoutStore)}) no stall was seen in {c.EdgeWithoutStore.Sum(v => v.Runs)} runs, so this folder cannot show the race"));
        }
        if (c.Patched.Count > 0)
        {
            long n = c.Patched.Sum(v => v.Count);
            var where = c.Patched.SelectMany(v => v.Scenarios).Distinct().ToList();
            parts.Add(n == 0
                ? string.Create(Inv, $"with both hunks ({Names(c.Patched)}) none in {c.Patched.Sum(v => v.Runs)} runs")
                : string.Create(Inv, $"with both hunks ({Names(c.Patched)}) {n} stalls in {c.Patched.Sum(v => v.RunsStalled)} of {c.Patched.Sum(v => v.Runs)} runs, " +
                                     $"all in {string.Join(", ", where)} ({string.Join(", ", c.Patched.Where(v => v.Count > 0).Select(v => string.Create(Inv, $"{v.Variant} {v.Count}")))})"));
        }
        string verdict = c.EdgeWithoutStore.Sum(v => v.Count) > 0 && c.Patched.Sum(v => v.Count) == 0 ? "The patch's correctness claim reproduces: " : "Correctness: ";
        return verdict + string.Join("; ", parts) + ".";
    }

    private static string Claim(Conclusion.Claim c)
    {
        var r = c.Row;
        string split = c.Split is { } sp ? $"; the store alone {sp.Store.Text()}" : "";
        return string.Create(Inv,
            $"{r.Scenario}: patch {r.PatchRatio:F2}x, here {ReviewReport.RatioText(r)}, {r.Outcome.Text()}; {Counters(c)}{split}.");
    }

    private static string Bench(Conclusion.BenchBeside b)
    {
        string protocol = b.Level == BuildLevel.O0
            ? "rb-libbpf built -O0 with its kernel tree's libbpf, the patch's protocol"
            : "rb-libbpf built -O2 with its kernel tree's libbpf, the level of ringbench's pair; the patch ran it -O0, as the selftests build it";
        string own = b.Against is { } row
            ? string.Create(Inv, $"after/before {ReviewReport.RatioText(row)} against the patch's {row.PatchRatio:F2}x: {row.Outcome.Text()}")
            : $"after/before {b.Pair.Ratio.Text()}";
        string Side(HarnessAgainstBench.Row r) => $"{r.Interval!.Text()} {(r.BenchVariant == b.Pair.Before.Variant ? "before the patch" : "after it")} ({r.Outcome})";
        string sides = b.Sides.Count == 0 ? ""
            : $"; ringbench / bench on one library {string.Join(", ", b.Sides.Select(Side))}";
        string rows = b.Compared == 0 ? ""
            : string.Create(Inv, $"; over the headline rows ringbench is within ±{HarnessAgainstBench.Tolerance:P0} of the bench in {b.Within} of {b.Compared} comparisons");
        return $"The kernel's own bench ({protocol}), {b.Pair.Scenario}: {own}{sides}{rows}.";
    }

    /// <summary>The counters that say something, patched against unpatched: sleeps and drops where either side has any, CPU per record always.</summary>
    public static string Counters(Conclusion.Claim c)
    {
        var why = new List<string>();
        if (Math.Max(c.After.SleepsPerThousand, c.Before.SleepsPerThousand) >= 0.05)
            why.Add($"sleeps {Number(c.After.SleepsPerThousand, "F1")} vs {Number(c.Before.SleepsPerThousand, "F1")} per 1k records");
        if (Math.Max(c.After.DropShare, c.Before.DropShare) >= 0.001)
            why.Add($"drops {Percent(c.After.DropShare)} vs {Percent(c.Before.DropShare)}");
        why.Add($"consumer CPU {Number(c.After.CpuNsPerRecord, "F0")} vs {Number(c.Before.CpuNsPerRecord, "F0")} ns/record");
        return "patched vs unpatched: " + string.Join(", ", why);
    }
}
