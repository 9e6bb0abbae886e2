using CsvHelper.Configuration.Attributes;
using Ringbench.Ring;
using Ringbench.Scenarios;

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
    /// One comparison: what it sets against what, ringbench's variant and the bench's, each chosen
    /// by its traits (never by its name), so a folder from another version pairs as its traits say.
    /// </summary>
    public sealed record Counterpart(string What, Func<VariantTraits, bool> Ours, Func<VariantTraits, bool> Bench);

    /// <summary>
    /// Who is set against whom, and what differs besides the harness, in table order. ringbench's
    /// libbpf flavours are the distribution's libbpf package; the bench links the kernel tree's
    /// tools/lib/bpf; the two ringbuf.c differ in whitespace only here (libbpf 1.1.2 and linux
    /// 6.1.187), which the text says where it matters. The perf buffer is compared at -O2 only,
    /// the level of the system libbpf ringbench's pb-libbpf links.
    /// </summary>
    public static IReadOnlyList<Counterpart> Counterparts { get; } =
    [
        LibbpfSide(after: false, o2: false), LibbpfSide(after: true, o2: false),
        LibbpfSide(after: false, o2: true), LibbpfSide(after: true, o2: true),
        new("the bench's own ring consumer (ringbench's C# port against its C, -O0)",
            t => t.Kind == ConsumerKind.KernelBench, t => t.IsKernelBench(ScriptBenchmark.RbCustom, BuildLevel.O0)),
        new("the bench's own ring consumer (ringbench's C# port against its C, -O2)",
            t => t.Kind == ConsumerKind.KernelBench, t => t.IsKernelBench(ScriptBenchmark.RbCustom, BuildLevel.O2)),
        new("libbpf's perf_buffer__poll (the system libbpf against the tree's, both -O2)",
            t => t.Kind == ConsumerKind.PerfBuffer && t.Build == VariantTraits.SystemBuild, t => t.IsKernelBench(ScriptBenchmark.PbLibbpf, BuildLevel.O2)),
        new("the bench's own perf buffer reader (ringbench's C# port against its C, -O2)",
            t => t.Kind == ConsumerKind.PerfBuffer && t.Build != VariantTraits.SystemBuild, t => t.IsKernelBench(ScriptBenchmark.PbCustom, BuildLevel.O2)),
    ];

    /// <summary>libbpf built from source on one side of the patch against the bench's rb-libbpf of the same side and level (-O2: the seed's builds; -O0: the -o0 builds).</summary>
    private static Counterpart LibbpfSide(bool after, bool o2) => new(
        $"libbpf {(after ? "with" : "before")} the patch, {(o2 ? "-O2" : "-O0")}",
        t => t.Kind == ConsumerKind.Libbpf && t.Notify == NotifyRequest.Default && OnSide(t, after)
             && t.Level == (o2 ? BuildLevel.O2 : BuildLevel.O0),
        t => t.IsKernelBench(ScriptBenchmark.RbLibbpf, o2 ? BuildLevel.O2 : BuildLevel.O0) && OnSide(t, after));

    private static bool OnSide(VariantTraits t, bool after) => after ? t.IsAfterPatch : t.IsBeforePatch;

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
        var rows = new List<Row>();
        foreach (var scenario in summaries.GroupBy(s => s.Scenario))
        {
            // The first of each side in table order (kernel-bench before kernel-bench-2, the A/A's second column).
            var ran = scenario.OrderBy(s => s.Traits.OrderKey).ThenBy(s => s.Variant, StringComparer.Ordinal).ToList();
            foreach (Counterpart c in Counterparts)
            {
                if (ran.FirstOrDefault(s => c.Ours(s.Traits)) is not { } o || ran.FirstOrDefault(s => c.Bench(s.Traits)) is not { } b)
                    continue;
                string what = c.What, ours = o.Variant, bench = b.Variant;
                RatioInterval r = RatioInterval.Of(b, o, confidence);
                rows.Add(new Row
                {
                    Scenario = scenario.Key, What = what, RingbenchVariant = ours, BenchVariant = bench,
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
