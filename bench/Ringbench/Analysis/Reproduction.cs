using CsvHelper.Configuration.Attributes;
using Ringbench.Results;
using Ringbench.Scenarios;

namespace Ringbench.Analysis;

/// <summary>
/// Did a run reproduce the patch? Only ratios travel across machines, so for each scenario the
/// patch's new/old ratio is set beside the measured after/before ratio of each pair present
/// (libbpf itself built without and with the patch first, then the C# ports) and judged by where
/// the patch's ratio lies in the measured interval (<see cref="Judge"/>). Control rows, which the
/// kernel script ran with its own consumer, are judged on that consumer against itself (an A/A
/// check of this machine's noise); the patched consumers' ratio there is reported beside it as the
/// patch's cost on that row (back-to-back, or parallel producers under sampled notification), not as a reproduction.
/// </summary>
public static class Reproduction
{
    public sealed record Row
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("group")] public string Group { get; init; } = "";
        [Name("is_control")] public bool IsControl { get; init; }
        [Name("pair")] public string Pair { get; init; } = "";
        [Name("before_variant")] public string BeforeVariant { get; init; } = "";
        [Name("after_variant")] public string AfterVariant { get; init; } = "";
        [Name("patch_old_mps")] public double PatchOld { get; init; }
        [Name("patch_new_mps")] public double PatchNew { get; init; }
        [Name("patch_ratio")] public double PatchRatio { get; init; }
        [Name("expected")] public string Expected { get; init; } = "";
        [Name("measured_old_mps")] public double MeasuredOld { get; init; }
        [Name("measured_new_mps")] public double MeasuredNew { get; init; }
        [Name("measured_ratio")] public double MeasuredRatio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("confidence")] public double Confidence { get; init; }
        [Name("method")] public string Method { get; init; } = "";
        [Name("trials")] public int Trials { get; init; }
        [Name("outcome"), TypeConverter(typeof(ReproductionOutcomes.CsvConverter))] public ReproductionOutcome Outcome { get; init; }
        [Name("detail")] public string Detail { get; init; } = "";

        /// <summary>The row that speaks for the scenario: the first pair judged (libbpf itself where it ran).</summary>
        [Name("headline")] public bool Headline { get; init; }
    }

    public const ReproductionOutcome Reproduced = ReproductionOutcome.Reproduced;
    public const ReproductionOutcome NotReproduced = ReproductionOutcome.NotReproduced;
    public const ReproductionOutcome Inconclusive = ReproductionOutcome.Inconclusive;
    public const ReproductionOutcome NeedsTrials = ReproductionOutcome.NeedsTrials;
    public const ReproductionOutcome TwoModes = ReproductionOutcome.TwoModes;
    public const ReproductionOutcome NotJudged = ReproductionOutcome.NotJudged;

    /// <summary>Judges the measured pairs (<see cref="PairResult"/>, each at its folder's confidence) against the patch's published rows.</summary>
    public static List<Row> Compute(IReadOnlyList<PairResult> measured, IReadOnlyList<TrialSummary> reference, double threshold = VerdictRule.DefaultThreshold)
    {
        var results = measured.ToDictionary(p => (p.Scenario, p.Pair));
        var rows = new List<Row>();
        var published = TrialSummary.InCatalogOrder(reference).GroupBy(s => s.Scenario).ToList();
        // Each published row is judged on its own scenario, and again on its busy-neighbour twin
        // (the same knobs with a CPU-bound thread beside the run) where that ran: does the verdict survive?
        var judgedOn = published.Select(g => (Published: g, Measured: g.Key))
            .Concat(published.SelectMany(g => ScenarioCatalog.BusyTwinsOf(g.Key).Select(busy => (Published: g, Measured: busy)))
                .Where(p => measured.Any(m => m.Scenario == p.Measured)));
        foreach (var (scenario, measuredId) in judgedOn)
        {
            TrialSummary? patchOld = scenario.FirstOrDefault(s => s.Variant == PatchReference.Old);
            TrialSummary? patchNew = scenario.FirstOrDefault(s => s.Variant == PatchReference.New);
            if (patchOld is null || patchNew is null)
                continue;
            double patchRatio = patchNew.PooledThroughput.Mean / patchOld.PooledThroughput.Mean;
            bool control = patchOld.IsControl;
            bool headline = true;
            foreach (string name in PatchPair.For(control).Select(p => p.Name))
            {
                if (!results.TryGetValue((measuredId, name), out PairResult? pair))
                    continue;
                RatioInterval interval = pair.Ratio;
                bool judged = !control || name == PatchPair.AaName;
                // A control row expects no change whatever the patch's noise said; so does a row the patch measured within the threshold.
                bool expectsChange = !control && Math.Abs(Math.Log(patchRatio)) > Math.Log(1 + threshold);
                var (outcome, detail) = judged ? Judge(interval, patchRatio, expectsChange, threshold)
                    : (NotJudged, patchOld.Trials[0].BackToBack
                        ? "the patch ran its own consumer here: this ratio is what the patch costs back-to-back, where the consumer fires each batch itself"
                        : "the patch ran its own consumer here: this ratio is what the patch costs with parallel producers under sampled notification");
                rows.Add(new Row
                {
                    Scenario = measuredId, Group = patchOld.Group, IsControl = control, Pair = name, BeforeVariant = pair.Before.Variant, AfterVariant = pair.After.Variant,
                    PatchOld = patchOld.PooledThroughput.Mean, PatchNew = patchNew.PooledThroughput.Mean, PatchRatio = patchRatio,
                    Expected = expectsChange ? (patchRatio > 1 ? "faster" : "slower") : "no change",
                    MeasuredOld = interval.BaselineMean, MeasuredNew = interval.CandidateMean, MeasuredRatio = interval.Ratio,
                    Low = interval.Low, High = interval.High, Confidence = interval.Confidence, Method = interval.Method, Trials = interval.Trials,
                    Outcome = outcome, Detail = detail, Headline = headline && judged,
                });
                headline &= !judged;
            }
        }
        return rows;
    }

    /// <summary>
    /// The rule, decided by where the patch's ratio lies. A row where the patch changed throughput:
    /// the interval holds the patch's ratio and excludes 1 = reproduced; it excludes the patch's
    /// ratio = not reproduced (the effect is smaller, absent, opposite or larger); it holds both =
    /// inconclusive, with the trials that would likely settle it. A "no change" row (a control, or
    /// the patch within ±threshold): the interval inside the band = reproduced; wholly outside =
    /// not reproduced; across its edge = inconclusive. No interval, or two modes at too few
    /// trials, decides nothing.
    /// </summary>
    public static (ReproductionOutcome Outcome, string Detail) Judge(RatioInterval interval, double patchRatio, bool expectsChange,
        double threshold = VerdictRule.DefaultThreshold)
    {
        if (!interval.HasInterval)
            return (NeedsTrials, interval.Trials < 2
                ? $"{interval.Trials} trial gives no interval: a verdict needs two or more"
                : $"no interval: {interval.Method.Replace("none (", "").TrimEnd(')')}");
        if (interval.Multimodal && interval.Trials < TrialModality.TrustedFromTrials)
            return (TwoModes, $"a variant's trial means fall into two modes: no verdict before {TrialModality.TrustedFromTrials} trials");
        double low = interval.Low, high = interval.High;
        if (!expectsChange)
        {
            double bandLow = 1 - threshold, bandHigh = 1 + threshold;
            if (low >= bandLow && high <= bandHigh)
                return (Reproduced, $"no change: the interval lies within ±{threshold:P0}");
            if (high < bandLow || low > bandHigh)
                return (NotReproduced, $"changed: {(low > bandHigh ? "faster" : "slower")} by more than {threshold:P0} where the patch saw no change");
            return (Inconclusive, MoreTrials(interval, SettleLogHalfWidth(interval.Ratio, patchRatio, expectsChange, threshold)));
        }
        bool holdsPatch = low <= patchRatio && patchRatio <= high;
        bool holdsOne = low <= 1 && 1 <= high;
        if (holdsPatch && !holdsOne)
            return (Reproduced, "the interval holds the patch's ratio and excludes no change");
        if (holdsPatch)
            return (Inconclusive, MoreTrials(interval, SettleLogHalfWidth(interval.Ratio, patchRatio, expectsChange, threshold)));
        bool up = patchRatio > 1;
        string how = holdsOne ? "absent: the interval holds no change"
            : (up ? high < 1 : low > 1) ? "opposite: the other way from the patch"
            : (up ? high < patchRatio : low > patchRatio) ? "smaller than the patch's"
            : "larger than the patch's";
        return (NotReproduced, "effect " + how);
    }

    /// <summary>
    /// The log half-width under which an inconclusive row would likely settle: on a "no change" row
    /// the distance from the estimate to the band's edge; on a row where the patch changed
    /// throughput, half the patch's effect (an interval that narrow around the patch's ratio
    /// excludes no change). What <see cref="Analysis.AdaptiveTrials"/> ranks open rows by, too.
    /// </summary>
    public static double SettleLogHalfWidth(double measuredRatio, double patchRatio, bool expectsChange, double threshold = VerdictRule.DefaultThreshold) =>
        expectsChange ? Math.Abs(Math.Log(patchRatio)) / 2 : Math.Abs(Math.Abs(Math.Log(measuredRatio)) - Math.Log(1 + threshold));

    /// <summary>
    /// How many more trials would likely shrink the interval enough to settle: the log half-width
    /// falls about as 1/sqrt(trials), and it must come under <paramref name="settleLogHalfWidth"/>.
    /// </summary>
    private static string MoreTrials(RatioInterval interval, double settleLogHalfWidth)
    {
        if (!(settleLogHalfWidth > 1e-9) || double.IsNaN(interval.LogHalfWidth))
            return "the point estimate sits on the boundary: more trials may not settle it";
        double needed = interval.Trials * Math.Pow(interval.LogHalfWidth / settleLogHalfWidth, 2);
        int more = (int)Math.Ceiling(Math.Max(needed - interval.Trials, 1));
        return more > 100 ? "would need more than 100 further trials: effectively unsettled on this machine"
            : $"about {more} more trial(s) would likely settle it";
    }

    /// <summary>
    /// The patch's own run-to-run noise: its control rows ran one unchanged consumer in both runs,
    /// so their new/old ratios are A/A draws. Their log ratios' spread says how far apart two runs
    /// of the same thing land on the patch's machine.
    /// </summary>
    public static Noise PatchNoise(IReadOnlyList<TrialSummary> reference, double threshold = VerdictRule.DefaultThreshold)
    {
        var published = reference.GroupBy(s => s.Scenario)
            .Where(g => g.Any(s => s.Variant == PatchReference.Old) && g.Any(s => s.Variant == PatchReference.New))
            .Select(g => (Scenario: g.Key, Control: g.First().IsControl,
                Ratio: g.First(s => s.Variant == PatchReference.New).PooledThroughput.Mean / g.First(s => s.Variant == PatchReference.Old).PooledThroughput.Mean))
            .ToList();
        var ratios = published.Where(p => p.Control).Select(p => p.Ratio).ToList();
        if (ratios.Count < 2)
            return new Noise(ratios.Count, double.NaN, double.NaN, double.NaN, [], []);
        // Centred on no change (log ratio 0): an A/A draw has no effect to estimate.
        double sd = Math.Sqrt(ratios.Sum(r => Math.Log(r) * Math.Log(r)) / ratios.Count);
        double bar = Math.Log(Noise.BarOf(sd));
        // Every published claim, measured here or not: the question is about the patch's own claims.
        var claims = published.Where(p => !p.Control).ToList();
        return new Noise(ratios.Count, sd, ratios.Min(), ratios.Max(),
            claims.Where(c => Math.Abs(Math.Log(c.Ratio)) > bar).Select(c => c.Scenario).ToList(),
            claims.Where(c => Math.Abs(Math.Log(c.Ratio)) <= bar && Math.Abs(Math.Log(c.Ratio)) > Math.Log(1 + threshold)).Select(c => c.Scenario).ToList());
    }

    /// <summary>
    /// The patch's noise: how many control rows, their log ratios' spread and range, and which of
    /// its claimed changes lie beyond two runs' 95% spread (<see cref="Bar"/>) and which within it
    /// while beyond the verdict's threshold.
    /// </summary>
    public sealed record Noise(int Rows, double LogSd, double MinRatio, double MaxRatio, IReadOnlyList<string> ClaimsBeyond, IReadOnlyList<string> ClaimsWithin)
    {
        /// <summary>The ratio two runs of the same thing stay within 95% of the time.</summary>
        public double Bar => BarOf(LogSd);

        public static double BarOf(double logSd) => Math.Exp(1.96 * logSd);
    }

}
