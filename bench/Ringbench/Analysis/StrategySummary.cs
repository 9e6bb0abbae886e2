using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// One scenario x variant seen as a consumer strategy someone might choose: what it delivers
/// (throughput, drops), what it costs (p99 delivery latency, consumer CPU, wake-ups and polls),
/// each as a mean over trials with its t interval at the folder's confidence (cut at zero: rates are never negative), and its share of the ceiling
/// measured in the same run.
/// </summary>
public sealed record StrategyPoint(
    string Scenario, string Variant, string WaitStrategy, string Notify, bool IsCeiling,
    MeanInterval Throughput, MeanInterval Drops, MeanInterval P99, MeanInterval WakeupsPerSecond,
    MeanInterval PollsPerSecond, MeanInterval CpuPerSecond, RatioInterval? OfCeiling)
{
    public int Trials => Throughput.Trials;

    public bool HasLatency => !double.IsNaN(P99.Mean);

    /// <summary>At least as fast and at least as prompt as <paramref name="other"/>, and better in one (by the means).</summary>
    public bool Dominates(StrategyPoint other) =>
        Throughput.Mean >= other.Throughput.Mean && P99.Mean <= other.P99.Mean
        && (Throughput.Mean > other.Throughput.Mean || P99.Mean < other.P99.Mean);
}

/// <summary>
/// The strategy view of a result folder: each variant's share of the ceiling, the
/// throughput/latency table per scenario, the frontier and the recommendation drawn from it.
/// Made from results.csv and latency.csv alone.
/// </summary>
public static class StrategySummary
{
    /// <summary>Fewer trials than this and no recommendation is made: one run on a noisy machine proves nothing.</summary>
    public const int MinimumTrials = 2;

    /// <summary>Every scenario x variant as a strategy, each interval at <paramref name="confidence"/> (the folder's, as every other interval in its outputs).</summary>
    public static IReadOnlyList<StrategyPoint> Points(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<LatencyRow> latency,
        IReadOnlyDictionary<(string Scenario, string Variant), RatioInterval> ceilingShares, double confidence)
    {
        // One pass over latency.csv's rows (a hundred per run), not one per trial.
        var latencyOfRun = latency.ToLookup(l => (l.Scenario, l.Variant, l.Trial));
        return summaries.Select(s =>
        {
            ResultRow first = s.Trials[0];
            var p99 = s.Trials.Select(t => LatencyRow.MedianAt(latencyOfRun[(s.Scenario, s.Variant, t.Trial)], 0.99)).ToList();
            RatioInterval? ofCeiling = ceilingShares.TryGetValue((s.Scenario, s.Variant), out RatioInterval? share) ? share : null;
            return new StrategyPoint(s.Scenario, s.Variant, first.WaitStrategy, first.Notify, first.IsCeiling,
                MeanInterval.OfRate(s.TrialMeans, confidence),
                MeanInterval.OfRate(s.Trials.Select(t => t.DropsMean).ToList(), confidence),
                MeanInterval.MedianWithRange(p99),
                MeanInterval.OfRate(s.Trials.Select(t => t.PerMeasuredSecond(t.Wakeups)).ToList(), confidence),
                MeanInterval.OfRate(s.Trials.Select(t => t.PerMeasuredSecond(t.Polls)).ToList(), confidence),
                MeanInterval.OfRate(s.Trials.Select(t => (t.ConsumerUserSeconds + t.ConsumerSystemSeconds) / (t.SampleCount + t.WarmupSeconds)).ToList(), confidence),
                ofCeiling);
        }).ToList();
    }

    /// <summary>The strategies of one scenario no other beats on both throughput and p99 (ceiling excluded: it is a reference, not a choice).</summary>
    public static IReadOnlyList<StrategyPoint> Frontier(IReadOnlyList<StrategyPoint> scenario)
    {
        var candidates = scenario.Where(p => !p.IsCeiling && p.HasLatency).ToList();
        return candidates.Where(p => !candidates.Any(q => q.Dominates(p))).OrderByDescending(p => p.Throughput.Mean).ToList();
    }
}
