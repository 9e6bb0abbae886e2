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

    /// <summary>
    /// One scenario's recommendation: the frontier (fastest first, most prompt last), the
    /// strategies whose interval overlaps each pick's on the axis it was picked for (then the
    /// means alone do not decide), each dominated strategy with one that dominates it, and the
    /// frontier's strategies that drop more than 1% of their throughput. None is made from fewer
    /// than <see cref="MinimumTrials"/> trials (<see cref="Enough"/>).
    /// </summary>
    public sealed record Recommendation(string Scenario, int FewestTrials, IReadOnlyList<StrategyPoint> Frontier,
        IReadOnlyList<string> FastestRivals, IReadOnlyList<string> PromptRivals,
        IReadOnlyList<(StrategyPoint Point, StrategyPoint By)> Dominated, IReadOnlyList<StrategyPoint> Lossy)
    {
        public bool Enough => FewestTrials >= MinimumTrials;
        public StrategyPoint Fastest => Frontier[0];
        public StrategyPoint Prompt => Frontier[^1];
    }

    /// <summary>A recommendation for every scenario where two or more strategies measured delivery latency.</summary>
    public static IReadOnlyList<Recommendation> Recommend(IReadOnlyList<StrategyPoint> points)
    {
        var recommendations = new List<Recommendation>();
        foreach (var scenario in points.GroupBy(p => p.Scenario).Where(g => g.Count(p => p.HasLatency && !p.IsCeiling) >= 2))
        {
            var list = scenario.ToList();
            int fewest = list.Min(p => p.Trials);
            if (fewest < MinimumTrials)
            {
                recommendations.Add(new Recommendation(scenario.Key, fewest, [], [], [], [], []));
                continue;
            }
            IReadOnlyList<StrategyPoint> frontier = Frontier(list);
            StrategyPoint fastest = frontier[0], prompt = frontier[^1];
            var dominated = list.Where(p => !p.IsCeiling && p.HasLatency && !frontier.Contains(p))
                .Select(d => (d, list.First(q => !q.IsCeiling && q.HasLatency && q.Dominates(d)))).ToList();
            var lossy = frontier.Where(p => p.Drops.Mean > 0.01 * p.Throughput.Mean).ToList();
            recommendations.Add(new Recommendation(scenario.Key, fewest, frontier,
                fastest == prompt ? Rivals(fastest, list, throughput: true, latency: true) : Rivals(fastest, list, throughput: true, latency: false),
                fastest == prompt ? [] : Rivals(prompt, list, throughput: false, latency: true), dominated, lossy));
        }
        return recommendations;
    }

    /// <summary>The strategies whose interval overlaps the pick's on the axes it was picked for.</summary>
    private static IReadOnlyList<string> Rivals(StrategyPoint pick, IReadOnlyList<StrategyPoint> all, bool throughput, bool latency)
    {
        static bool Overlap(MeanInterval a, MeanInterval b) => a.HasInterval && b.HasInterval && a.Low <= b.High && b.Low <= a.High;
        return all.Where(q => q != pick && !q.IsCeiling && q.HasLatency)
            .Where(q => (throughput && Overlap(q.Throughput, pick.Throughput)) || (latency && Overlap(q.P99, pick.P99)))
            .Select(q => q.Variant).ToList();
    }
}
