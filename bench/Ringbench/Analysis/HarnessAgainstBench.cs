using CsvHelper.Configuration.Attributes;

namespace Ringbench.Analysis;

/// <summary>
/// ringbench against the kernel's own bench, where both ran a scenario in the same trials: each
/// ringbench consumer over the kernel bench's consumer of the same library build and level
/// (paired by trial), judged within ±5% or not; and how much the optimisation level moves the
/// patch's after/before ratio, in ringbench's libbpf builds and in the bench's.
/// </summary>
public static class HarnessAgainstBench
{
    /// <summary>Within this, ringbench measures the bench's consumer as the bench itself does.</summary>
    public const double Tolerance = 0.05;

    /// <summary>
    /// Who is set against whom, and what differs besides the harness. ringbench's libbpf flavours
    /// are the distribution's libbpf package; the bench links the kernel tree's tools/lib/bpf; the
    /// two ringbuf.c differ in whitespace only here (libbpf 1.1.2 and linux 6.1.187), which the
    /// text says where it matters.
    /// </summary>
    public static IReadOnlyList<(string Ringbench, string Bench, string What)> Counterparts { get; } =
    [
        ("libbpf-before-o0", "kbench-rb-libbpf-before", "libbpf before the patch, -O0"),
        ("libbpf-after-o0", "kbench-rb-libbpf-after", "libbpf with the patch, -O0"),
        ("libbpf-before", "kbench-rb-libbpf-before-o2", "libbpf before the patch, -O2"),
        ("libbpf-after", "kbench-rb-libbpf-after-o2", "libbpf with the patch, -O2"),
        ("kernel-bench", "kbench-rb-custom", "the bench's own ring consumer (ringbench's C# port against its C, -O0)"),
        ("kernel-bench", "kbench-rb-custom-o2", "the bench's own ring consumer (ringbench's C# port against its C, -O2)"),
        ("pb-libbpf", "kbench-pb-libbpf-o2", "libbpf's perf_buffer__poll (the system libbpf against the tree's, both -O2)"),
        ("pb-custom", "kbench-pb-custom-o2", "the bench's own perf buffer reader (ringbench's C# port against its C, -O2)"),
    ];

    /// <summary>The patch's after/before in each protocol: the pair's name in <see cref="PatchPair.Patch"/>, by level.</summary>
    public static IReadOnlyList<(string Harness, string O0, string O2)> LevelPairs { get; } =
    [
        ("ringbench (libbpf built from source)", PatchPair.LibbpfO0Name, PatchPair.LibbpfName),
        ("the kernel bench (rb-libbpf)", PatchPair.KernelBenchO0Name, PatchPair.KernelBenchO2Name),
    ];

    public sealed record Row
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("what")] public string What { get; init; } = "";
        [Name("ringbench_variant")] public string RingbenchVariant { get; init; } = "";
        [Name("bench_variant")] public string BenchVariant { get; init; } = "";
        [Name("ringbench_mps")] public double RingbenchMps { get; init; }
        [Name("bench_mps")] public double BenchMps { get; init; }
        [Name("ratio")] public double Ratio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("trials")] public int Trials { get; init; }
        [Name("outcome")] public string Outcome { get; init; } = "";

        [Ignore] public RatioInterval? Interval { get; init; }

        /// <summary>The whole interval within the tolerance: ringbench measures this consumer as the bench does.</summary>
        [Ignore] public bool IsWithin => Interval is { HasInterval: true } r && IsWithinTolerance(r);
    }

    public static IReadOnlyList<Row> Compute(IReadOnlyList<TrialSummary> summaries, double confidence)
    {
        var byRun = summaries.ToDictionary(s => (s.Scenario, s.Variant));
        var rows = new List<Row>();
        foreach (string scenario in summaries.Select(s => s.Scenario).Distinct())
        {
            foreach (var (ours, bench, what) in Counterparts)
            {
                if (!byRun.TryGetValue((scenario, ours), out TrialSummary? o) || !byRun.TryGetValue((scenario, bench), out TrialSummary? b))
                    continue;
                RatioInterval r = RatioInterval.Of(b, o, confidence);
                rows.Add(new Row
                {
                    Scenario = scenario, What = what, RingbenchVariant = ours, BenchVariant = bench,
                    RingbenchMps = r.CandidateMean, BenchMps = r.BaselineMean, Ratio = r.Ratio, Low = r.Low, High = r.High, Trials = r.Trials,
                    Outcome = Judge(r), Interval = r,
                });
            }
        }
        return rows;
    }

    private static bool IsWithinTolerance(RatioInterval r) => r.Low >= 1 - Tolerance && r.High <= 1 + Tolerance;

    /// <summary>Within ±5% when the whole interval is; faster or slower when the whole interval is beyond it; open otherwise.</summary>
    public static string Judge(RatioInterval r) =>
        !r.HasInterval ? "no interval"
        : IsWithinTolerance(r) ? $"within ±{Tolerance:P0}"
        : r.Low > 1 + Tolerance ? $"ringbench faster by more than {Tolerance:P0}"
        : r.High < 1 - Tolerance ? $"ringbench slower by more than {Tolerance:P0}"
        : $"open: the interval crosses ±{Tolerance:P0}";
}
