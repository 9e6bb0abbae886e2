using CsvHelper.Configuration.Attributes;
using Ringbench.Results;
using Ringbench.Scenarios;

namespace Ringbench.Analysis;

/// <summary>
/// The benchmark's first question, asked again: how much faster is the ring buffer than the perf
/// buffer? For each row of the 2020 introduction (<see cref="IntroReference"/>) that has both, its
/// ring / perf ratio (rb-libbpf / pb-libbpf, and the bench's own consumers rb-custom / pb-custom)
/// is set beside the same ratio measured here, with its interval over paired trials, and judged
/// by the patch's rule (<see cref="Reproduction.Judge"/>). Only ratios travel: 2020's Xeon and
/// this machine share no absolute number.
/// </summary>
public static class RingOverPerf
{
    public sealed record Row
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("pair")] public string Pair { get; init; } = "";
        [Name("ring_variant")] public string RingVariant { get; init; } = "";
        [Name("perf_variant")] public string PerfVariant { get; init; } = "";
        [Name("reference_ring_mps")] public double ReferenceRing { get; init; }
        [Name("reference_perf_mps")] public double ReferencePerf { get; init; }
        [Name("reference_ratio")] public double ReferenceRatio { get; init; }
        [Name("expected")] public string Expected { get; init; } = "";
        [Name("measured_ring_mps")] public double MeasuredRing { get; init; }
        [Name("measured_perf_mps")] public double MeasuredPerf { get; init; }
        [Name("measured_ratio")] public double MeasuredRatio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("confidence")] public double Confidence { get; init; }
        [Name("trials")] public int Trials { get; init; }
        [Name("outcome"), TypeConverter(typeof(ReproductionOutcomes.CsvConverter))] public ReproductionOutcome Outcome { get; init; }
        [Name("detail")] public string Detail { get; init; } = "";
    }

    /// <summary>
    /// The bench's pairs, each as (ring variants to take, first present; perf variant). rb-libbpf is
    /// the system libbpf's ring_buffer, or libbpf built from source before the patch where the
    /// system one did not run (both consume as 2020's libbpf did: level-triggered, release store).
    /// </summary>
    public static readonly IReadOnlyList<(string Name, string[] Ring, string Perf)> Pairs =
    [
        ($"{ScriptBenchmark.RbLibbpf.Spelling()} / {ScriptBenchmark.PbLibbpf.Spelling()}",
            [Ring.ConsumerVariants.NativeLibbpf.Name, Ring.ConsumerVariants.FlavourName("before")], Ring.ConsumerVariants.PerfLibbpf.Name),
        ($"{ScriptBenchmark.RbCustom.Spelling()} / {ScriptBenchmark.PbCustom.Spelling()}",
            [Ring.ConsumerVariants.KernelBench.Name], Ring.ConsumerVariants.PerfCustom.Name),
    ];

    public static List<Row> Compute(IReadOnlyList<TrialSummary> measured, IReadOnlyList<TrialSummary> reference,
        double confidence = RatioInterval.DefaultConfidence, double threshold = VerdictRule.DefaultThreshold)
    {
        var runs = measured.ToDictionary(s => (s.Scenario, s.Variant));
        var published = reference.ToDictionary(s => (s.Scenario, s.Variant));
        var rows = new List<Row>();
        foreach (Scenario scenario in ScenarioCatalog.All)
        {
            foreach (var (name, ringNames, perfName) in Pairs)
            {
                string referenceRing = ringNames[0];
                if (!published.TryGetValue((scenario.Id, referenceRing), out TrialSummary? refRing)
                    || !published.TryGetValue((scenario.Id, perfName), out TrialSummary? refPerf)
                    || !runs.TryGetValue((scenario.Id, perfName), out TrialSummary? perf))
                    continue;
                TrialSummary? ring = ringNames.Select(n => runs.GetValueOrDefault((scenario.Id, n))).FirstOrDefault(s => s is not null);
                if (ring is null)
                    continue;
                double referenceRatio = refRing.PooledThroughput.Mean / refPerf.PooledThroughput.Mean;
                bool expectsChange = Math.Abs(Math.Log(referenceRatio)) > Math.Log(1 + threshold);
                RatioInterval interval = RatioInterval.Of(perf, ring, confidence);
                var (outcome, detail) = Reproduction.Judge(interval, referenceRatio, expectsChange, threshold);
                rows.Add(new Row
                {
                    Scenario = scenario.Id, Pair = name, RingVariant = ring.Variant, PerfVariant = perfName,
                    ReferenceRing = refRing.PooledThroughput.Mean, ReferencePerf = refPerf.PooledThroughput.Mean, ReferenceRatio = referenceRatio,
                    Expected = expectsChange ? (referenceRatio > 1 ? "ring faster" : "perf faster") : "no difference",
                    MeasuredRing = interval.CandidateMean, MeasuredPerf = interval.BaselineMean, MeasuredRatio = interval.Ratio,
                    Low = interval.Low, High = interval.High, Confidence = interval.Confidence, Trials = interval.Trials,
                    Outcome = outcome, Detail = detail.Replace("the patch's", "2020's", StringComparison.Ordinal),
                });
            }
        }
        return rows;
    }
}
