using Ringbench.Results;
namespace Ringbench.Analysis;

/// <summary>
/// Was the run length well spent? Every interval ringbench reports is built from trial means, so
/// a trial mean's variance, s_b^2 + s_w^2 / d (the run-to-run spread of the machine plus the
/// run's own second-to-second spread over d measured seconds), is what a run buys, at a cost of
/// w + d + o seconds (warm-up, duration, the set-up and tear-down around a run). Per unit of wall
/// time the best d minimises (s_b^2 + s_w^2 / d)(w + d + o): near (s_w / s_b) sqrt(w + o).
/// <para>
/// All on the log scale (a ratio's interval is): s_b from the spread of the log trial means less
/// the within-run part; s_w, the spread of log(one second's rate), from the two halves of every
/// measured second (<see cref="Sample.HalfLogRatio"/>: its variance is 4 s_w^2 when the halves are
/// independent), so even a folder of one-second runs says what longer runs would have bought.
/// </para>
/// </summary>
public static class RunLength
{
    /// <summary>The longest run length the check considers.</summary>
    public const int LongestSeconds = 30;

    /// <summary>Below this efficiency (variance per unit time at the best length / at the length used) the folder gets a finding.</summary>
    public const double FindingBelow = 0.8;

    /// <summary>One scenario x variant's variance components and what they say of the run length.</summary>
    public sealed record Row(string Scenario, string Variant, int Trials, int Seconds, double WithinLogSd, double BetweenLogSd,
        double BestSeconds, double Efficiency)
    {
        /// <summary>
        /// The last warm-up second's rate over the measured seconds' mean rate, geometric mean over the
        /// trials (NaN without a warm-up): near 1 when the run had settled before measuring began.
        /// </summary>
        public double LastWarmupRatio { get; init; } = double.NaN;
    }

    /// <summary>
    /// The check over a folder's runs: one row per scenario x variant with two or more trials and
    /// recorded half-seconds; <paramref name="overheadSeconds"/> is the wall time a run costs beyond
    /// its warm-up and measured seconds.
    /// </summary>
    public static IReadOnlyList<Row> Check(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<SampleRow> samples, double overheadSeconds)
    {
        var halves = samples.Where(s => !s.IsWarmup).Select(s => (s.Scenario, s.Variant, Ratio: s.ToSample().HalfLogRatio))
            .Where(s => !double.IsNaN(s.Ratio))
            .ToLookup(s => (s.Scenario, s.Variant), s => s.Ratio);
        var warmup = WarmupRatios(samples);
        var rows = new List<Row>();
        foreach (TrialSummary s in summaries)
        {
            var means = s.TrialMeans.Where(m => m > 0).Select(m => Math.Log(m)).ToArray();
            double[] split = halves[(s.Scenario, s.Variant)].ToArray();
            if (means.Length < 2 || split.Length < 2)
                continue;
            int d = s.Trials[0].DurationSeconds, w = s.Trials[0].WarmupSeconds;
            double withinVariance = Variance(split) / 4;
            double betweenVariance = Math.Max(0, Variance(means) - withinVariance / d);
            double Cost(double seconds) => (betweenVariance + withinVariance / seconds) * (w + seconds + overheadSeconds);
            int best = Enumerable.Range(1, LongestSeconds).MinBy(seconds => Cost(seconds));
            rows.Add(new Row(s.Scenario, s.Variant, means.Length, d, Math.Sqrt(withinVariance), Math.Sqrt(betweenVariance), best,
                Cost(d) > 0 ? Cost(best) / Cost(d) : 1)
            {
                LastWarmupRatio = warmup.TryGetValue((s.Scenario, s.Variant), out double ratio) ? ratio : double.NaN,
            });
        }
        return rows;
    }

    /// <summary>
    /// Per scenario x variant, what the warm-up must have covered: the last warm-up second against
    /// the measured seconds, each trial's log ratio averaged and taken back (a JIT still compiling,
    /// a ring still filling, or wake-ups still settling show as a ratio away from 1).
    /// </summary>
    private static Dictionary<(string, string), double> WarmupRatios(IReadOnlyList<SampleRow> samples) =>
        samples.GroupBy(s => (s.Scenario, s.Variant, s.Trial))
            .Select(run =>
            {
                SampleRow? last = run.Where(s => s.IsWarmup).MaxBy(s => s.Index);
                var measured = run.Where(s => !s.IsWarmup).ToList();
                double measuredRate = measured.Sum(s => (double)s.Records) / measured.Sum(s => s.ElapsedSeconds);
                double lastRate = last is null ? double.NaN : last.Records / last.ElapsedSeconds;
                return (Key: (run.Key.Scenario, run.Key.Variant), LogRatio: lastRate > 0 && measuredRate > 0 ? Math.Log(lastRate / measuredRate) : double.NaN);
            })
            .Where(r => !double.IsNaN(r.LogRatio))
            .GroupBy(r => r.Key)
            .ToDictionary(g => g.Key, g => Math.Exp(g.Average(r => r.LogRatio)));

    /// <summary>
    /// The wall time a run costs beyond its warm-up and measured seconds: the median gap between
    /// consecutive runs' starts less w + d (0 when the folder cannot tell).
    /// </summary>
    public static double OverheadSeconds(IReadOnlyList<ResultRow> rows)
    {
        var gaps = rows.OrderBy(r => r.StartedAt).Zip(rows.OrderBy(r => r.StartedAt).Skip(1),
                (a, b) => (b.StartedAt - a.StartedAt).TotalSeconds - a.WarmupSeconds - a.DurationSeconds)
            .Where(g => g >= 0).Order().ToList();
        return gaps.Count == 0 ? 0 : gaps[gaps.Count / 2];
    }

    /// <summary>
    /// One scenario's run-length check: the median over its variants of each spread, of the best
    /// length and of the efficiency; the most trials; the least and most last-warm-up ratio (NaN
    /// without a warm-up).
    /// </summary>
    public sealed record ScenarioRow(string Scenario, int Trials, double WithinLogSd, double BetweenLogSd, double BestSeconds, double Efficiency,
        double LeastWarmupRatio, double MostWarmupRatio);

    public static IReadOnlyList<ScenarioRow> PerScenario(IReadOnlyList<Row> rows) =>
        rows.GroupBy(r => r.Scenario).Select(g =>
        {
            double Median(Func<Row, double> f) => SummaryStatistics.Of(g.Select(f).ToList()).Median;
            var warmups = g.Select(r => r.LastWarmupRatio).Where(r => !double.IsNaN(r)).ToList();
            return new ScenarioRow(g.Key, g.Max(r => r.Trials), Median(r => r.WithinLogSd), Median(r => r.BetweenLogSd), Median(r => r.BestSeconds),
                Median(r => r.Efficiency), warmups.Count == 0 ? double.NaN : warmups.Min(), warmups.Count == 0 ? double.NaN : warmups.Max());
        }).ToList();

    /// <summary>Set-up plus final drain per run, over a folder's runs: mean, most, how many, and set-up alone.</summary>
    public sealed record HarnessSeconds(double MeanSeconds, double MaxSeconds, int Runs, double MeanSetupSeconds);

    /// <summary>What the harness adds to a run's warm-up and duration (null for no runs).</summary>
    public static HarnessSeconds? Harness(IReadOnlyList<ResultRow> rows)
    {
        var perRun = rows.Select(r => r.SetupSeconds + r.TeardownSeconds).ToList();
        return perRun.Count == 0 ? null : new HarnessSeconds(perRun.Average(), perRun.Max(), perRun.Count, rows.Average(r => r.SetupSeconds));
    }

    private static double Variance(double[] x)
    {
        double mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
    }
}
