using Ringbench.Results;
using Ringbench.Scenarios;
namespace Ringbench.Analysis;

/// <summary>
/// One scenario x variant over all its trials: the trial means, the pooled per-second
/// statistics (what the kernel-format line shows), and the two kinds of spread that tell how
/// far to trust the number: within a trial (second to second) and between trials (run to run).
/// </summary>
public sealed record TrialSummary(string Scenario, string Group, string Label, bool IsControl, string Variant,
    IReadOnlyList<ResultRow> Trials)
{
    /// <summary>A number of trials in words: "1 trial", "5 trials".</summary>
    public static string CountText(int trials) => trials == 1 ? "1 trial" : $"{trials} trials";

    /// <summary>Summaries sorted as the kernel script runs its scenarios, then by variant.</summary>
    public static IReadOnlyList<TrialSummary> InCatalogOrder(IEnumerable<TrialSummary> summaries)
    {
        var order = ScenarioCatalog.All.Select(s => s.Id).ToList();
        static int Position(List<string> list, string item) => list.IndexOf(item) is var i && i < 0 ? int.MaxValue : i;
        return summaries.OrderBy(s => Position(order, s.Scenario)).ThenBy(s => s.Traits.OrderKey)
            .ThenBy(s => s.Variant, StringComparer.Ordinal).ToList();
    }

    /// <summary>Between-trial CV above this many times the within-trial CV is flagged: one run's ± is then misleading.</summary>
    public const double NoiseFlagFactor = 2.0;

    /// <summary>...but only when the run-to-run spread is itself large enough to matter (2% against 1% is steady, not noisy).</summary>
    public const double NoiseFlagFloor = 0.05;

    private Ring.VariantTraits? _traits;

    /// <summary>The variant's kind, store, trigger, wait and notification (from its first trial's row).</summary>
    public Ring.VariantTraits Traits => _traits ??= Trials[0].Traits;

    public IReadOnlyList<double> TrialMeans => Trials.Select(t => t.ThroughputMean).ToList();

    /// <summary>Mean and sample stddev of all measured seconds of all trials, combined exactly from each trial's n, mean and stddev.</summary>
    public SummaryStatistics PooledThroughput => Pool(Trials.Select(t => (t.SampleCount, t.ThroughputMean, t.ThroughputStdDev)));

    public SummaryStatistics PooledDrops => Pool(Trials.Select(t => (t.SampleCount, t.DropsMean, t.DropsStdDev)));

    /// <summary>
    /// What one run's "±" is in the kernel script's line (the stddev of that run's per-second
    /// rates), typical over the trials: their median. This is the ± summary.txt prints, so it means
    /// what the patch's ± means; the run-to-run spread is in summary-variants.txt and summary.md.
    /// </summary>
    public double TypicalRunStdDev => SummaryStatistics.Of(Trials.Select(t => t.ThroughputStdDev).ToList()).Median;

    /// <inheritdoc cref="TypicalRunStdDev"/>
    public double TypicalRunDropsStdDev => SummaryStatistics.Of(Trials.Select(t => t.DropsStdDev).ToList()).Median;

    /// <summary>Mean over trials of the drop rate (arithmetic: drops are often 0, and no ratio is taken of them).</summary>
    public double DropsMean => Trials.Select(t => t.DropsMean).DefaultIfEmpty(double.NaN).Average();

    /// <summary>
    /// The share of the records the producers attempted that were dropped (ring full): dropped over
    /// consumed plus dropped, counted over every trial's whole run; NaN where nothing moved. The
    /// one share every report says ("dropped 3.0%") and every figure draws.
    /// </summary>
    public double DropShare
    {
        get
        {
            long consumed = Trials.Sum(t => Math.Max(0, t.Consumed)), dropped = Trials.Sum(t => Math.Max(0, t.Dropped));
            return consumed + dropped > 0 ? (double)dropped / (consumed + dropped) : double.NaN;
        }
    }

    /// <summary>Statistics of the trial means: the run-to-run picture.</summary>
    public SummaryStatistics BetweenTrials => SummaryStatistics.Of(TrialMeans);

    /// <summary>The drops' trial means and their spread.</summary>
    public SummaryStatistics DropsBetweenTrials => SummaryStatistics.Of(Trials.Select(t => t.DropsMean).ToList());

    /// <summary>Every run measured one second: a run has no spread of its own, only the trials do.</summary>
    public bool OneSampleRuns => Trials.All(t => t.SampleCount < 2);

    /// <summary>Mean over trials of each trial's stddev / mean of its per-second rates.</summary>
    public double WithinTrialCv => Trials.Where(t => t.ThroughputMean > 0).Select(t => t.ThroughputStdDev / t.ThroughputMean).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Stddev / mean of the trial means (NaN with a single trial).</summary>
    public double BetweenTrialCv => Trials.Count < 2 || BetweenTrials.Mean <= 0 ? double.NaN : BetweenTrials.StdDev / BetweenTrials.Mean;

    /// <summary>The run-to-run spread dwarfs the second-to-second one.</summary>
    public bool NoiseFlag => BetweenTrialCv > NoiseFlagFloor && BetweenTrialCv > NoiseFlagFactor * WithinTrialCv;

    /// <summary>Stalls in the measured seconds of all trials.</summary>
    public long Stalls => Trials.Sum(t => t.Stalls);

    /// <summary>Stalls over the whole runs, warm-up and final drain included.</summary>
    public long StallsRunTotal => Trials.Sum(t => t.StallsRunTotal);

    /// <summary>"measured (whole run)", the way every output shows stalls.</summary>
    public string StallsText => StallsRunTotal == Stalls ? $"{Stalls}" : $"{Stalls} (run {StallsRunTotal})";

    public bool IntegrityOk => Trials.All(t => t.IntegrityOk);

    /// <summary>
    /// A count per measured second, the one definition every output uses: the count over all
    /// trials' measured seconds (pooled). An interval over trials takes the same rate trial by
    /// trial (<see cref="ResultRow.PerMeasuredSecond"/>).
    /// </summary>
    public double PerMeasuredSecond(Func<ResultRow, long> count)
    {
        double seconds = Trials.Sum(t => (double)t.SampleCount);
        return seconds == 0 ? double.NaN : Trials.Sum(t => (double)count(t)) / seconds;
    }

    public double WakeupsPerSecond => PerMeasuredSecond(t => t.Wakeups);

    /// <summary>The scenarios where some variant's run-to-run spread dwarfs its second-to-second one (<see cref="NoiseFlag"/>), in order.</summary>
    public static IReadOnlyList<string> NoisyScenarios(IEnumerable<TrialSummary> summaries) =>
        summaries.Where(s => s.NoiseFlag).Select(s => s.Scenario).Distinct().ToList();

    /// <summary>The consumer thread's user seconds per second of run (warm-up and measured seconds), over every trial.</summary>
    public double ConsumerUserPerRunSecond => Trials.Sum(t => t.ConsumerUserSeconds) / RunSeconds;

    /// <summary>The consumer thread's system seconds per second of run, over every trial.</summary>
    public double ConsumerSystemPerRunSecond => Trials.Sum(t => t.ConsumerSystemSeconds) / RunSeconds;

    private double RunSeconds => Trials.Sum(t => (double)(t.SampleCount + t.WarmupSeconds));

    public double RecordsPerWakeup
    {
        get
        {
            double wakeups = Trials.Sum(t => (double)t.Wakeups);
            return wakeups == 0 ? double.NaN : Trials.Sum(t => t.ThroughputMean * t.SampleCount * 1e6) / wakeups;
        }
    }

    /// <summary>The trials' run costs (schema 6 rows only; empty for older folders).</summary>
    public IReadOnlyList<RunCosts> Costs => Trials.Select(t => t.Costs).OfType<RunCosts>().ToList();

    /// <summary>The mean over trials of one cost figure, leaving out trials where it could not be measured (NaN when none could).</summary>
    public double MeanCost(Func<RunCosts, double> figure) =>
        Costs.Select(figure).Where(v => !double.IsNaN(v)).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Groups rows into one summary per scenario x variant, in the order rows first appear.</summary>
    public static IReadOnlyList<TrialSummary> From(IEnumerable<ResultRow> rows) =>
        rows.GroupBy(r => (r.Scenario, r.Variant))
            .Select(g => new TrialSummary(g.Key.Scenario, g.First().Group, g.First().Label, g.First().IsControl, g.Key.Variant,
                g.OrderBy(r => r.Trial).ToList()))
            .ToList();

    private static SummaryStatistics Pool(IEnumerable<(int N, double Mean, double StdDev)> parts)
    {
        var list = parts.Where(p => p.N > 0).ToList();
        int n = list.Sum(p => p.N);
        if (n == 0)
            return SummaryStatistics.Of([]);
        double mean = list.Sum(p => p.N * p.Mean) / n;
        double squares = list.Sum(p => (p.N - 1) * p.StdDev * p.StdDev + p.N * (p.Mean - mean) * (p.Mean - mean));
        double stddev = n > 1 ? Math.Sqrt(squares / (n - 1)) : 0;
        return new SummaryStatistics(n, mean, stddev, double.NaN, double.NaN, double.NaN);
    }
}
