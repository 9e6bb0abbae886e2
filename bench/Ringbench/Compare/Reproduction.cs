using System.Globalization;
using System.Text;
using CsvHelper.Configuration.Attributes;
using Ringbench.Results;
using Ringbench.Scenarios;

namespace Ringbench.Compare;

/// <summary>
/// Did a run reproduce the patch? Only ratios travel across machines, so for each scenario the
/// patch's new/old ratio is set beside the measured after/before ratio of each pair present
/// (libbpf itself built without and with the patch first, then the C# ports) and judged by where
/// the patch's ratio lies in the measured interval (<see cref="Judge"/>). Control rows, which the
/// kernel script ran with its own consumer, are judged on that consumer against itself (an A/A
/// check of this machine's noise); the patched consumers' ratio there is reported beside it as the
/// cost of the seq_cst store without wake-ups, not as a reproduction.
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
    public static List<Row> Compute(IReadOnlyList<PairResult> measured, IReadOnlyList<ResultRow> reference, double threshold = VerdictRule.DefaultThreshold)
    {
        var results = measured.ToDictionary(p => (p.Scenario, p.Pair));
        var rows = new List<Row>();
        var published = MatrixSummary.InCatalogOrder(TrialSummary.From(reference)).GroupBy(s => s.Scenario).ToList();
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
                    : (NotJudged, "the patch ran its own consumer here: this ratio is the cost of the seq_cst store without wake-ups");
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
    /// excludes no change). What <see cref="Running.AdaptiveTrials"/> ranks open rows by, too.
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
    public static (int Rows, double LogSd, double MinRatio, double MaxRatio) PatchNoise(IReadOnlyList<ResultRow> reference)
    {
        var ratios = TrialSummary.From(reference).GroupBy(s => s.Scenario)
            .Where(g => g.First().IsControl && g.Any(s => s.Variant == PatchReference.Old) && g.Any(s => s.Variant == PatchReference.New))
            .Select(g => g.First(s => s.Variant == PatchReference.New).PooledThroughput.Mean / g.First(s => s.Variant == PatchReference.Old).PooledThroughput.Mean)
            .ToList();
        if (ratios.Count < 2)
            return (ratios.Count, double.NaN, double.NaN, double.NaN);
        // Centred on no change (log ratio 0): an A/A draw has no effect to estimate.
        double sd = Math.Sqrt(ratios.Sum(r => Math.Log(r) * Math.Log(r)) / ratios.Count);
        return (ratios.Count, sd, ratios.Min(), ratios.Max());
    }

    public static string Markdown(FolderSummary folder)
    {
        IReadOnlyList<Row> rows = folder.Reproduction;
        MachineInfo reference = folder.Patch!.Machine;
        IReadOnlyList<ResultRow> referenceRows = folder.Patch.Rows;
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder("# Reproduction of the libbpf EPOLLET patch\n\n");
        md.AppendLine($"Measured: {MatrixSummary.MachineLine(folder.Machine)}").AppendLine();
        md.AppendLine($"Patch: {reference.CpuModel}, {reference.Cpus} threads, one run per row (kernel selftest bench).").AppendLine();
        double confidence = rows.Count > 0 ? rows[0].Confidence : RatioInterval.DefaultConfidence;
        md.AppendLine("Only ratios compare across machines: *patch* is the published new / old throughput; *measured* is after / before for " +
                      "each pair that ran: libbpf built from the distribution's source without and with the patch (the headline), then the " +
                      "C# ports et-seqcst / lt-release. The measured ratio is the ratio of the geometric means of the trial means, with a " +
                      $"{confidence:P1} t interval on the logarithms, paired by trial. Rule: the interval holds the patch's ratio and excludes " +
                      "no change = *reproduced*; it excludes the patch's ratio = *not reproduced* (smaller, absent, opposite or larger); it holds " +
                      $"both = *inconclusive*. Rows where the patch saw no change (within ±{VerdictRule.DefaultThreshold:P0}) and control rows " +
                      $"are *reproduced* when the interval lies within ±{VerdictRule.DefaultThreshold:P0}. Control rows are judged on the kernel " +
                      "bench's own consumer in both columns (an A/A check), as the patch's were.").AppendLine();
        md.AppendLine("Protocol: the headline pair's libbpf is built -O2, as distributions ship it; the patch's numbers come from the kernel bench, " +
                      "which the selftests build -O0 with its libbpf. Where they ran, libbpf built -O0 and the kernel's own bench at -O0 and -O2 are " +
                      "judged as pairs of their own.").AppendLine();
        md.Append(MatrixSummary.FindingsSection(folder.Findings));

        md.AppendLine("## The patch's rows").AppendLine();
        md.Append(TableHeader);
        foreach (Row r in rows.Where(r => !r.IsControl && ScenarioCatalog.QuietTwinOf(r.Scenario) is null))
            md.AppendLine(Line(r));
        md.AppendLine();
        foreach (var outcome in rows.Where(r => r.Headline && !r.IsControl && ScenarioCatalog.QuietTwinOf(r.Scenario) is null)
                     .GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()))
            md.AppendLine($"- {outcome.Key.Text()}: {outcome.Count()} ({string.Join(", ", outcome.Select(r => r.Scenario))})");
        md.AppendLine();

        var busy = rows.Where(r => ScenarioCatalog.QuietTwinOf(r.Scenario) is not null).ToList();
        if (busy.Count > 0)
        {
            md.AppendLine("## With a busy neighbour").AppendLine();
            md.AppendLine("The same rows with one CPU-bound thread beside the run (the busy-neighbour group), judged against the patch's " +
                          "quiet numbers: which of its verdicts survive a machine that is doing anything else.").AppendLine();
            md.AppendLine("| scenario | quiet outcome | busy outcome | busy ratio [interval] | why |");
            md.AppendLine("|---|---|---|---:|---|");
            foreach (Row r in busy.Where(r => r.Headline))
            {
                string quietId = ScenarioCatalog.QuietTwinOf(r.Scenario)!;
                Row? quiet = rows.FirstOrDefault(q => q.Scenario == quietId && q.Pair == r.Pair);
                string ci = double.IsNaN(r.Low) ? "–" : string.Create(inv, $"[{r.Low:F2}, {r.High:F2}]");
                md.AppendLine(inv, $"| {quietId} ({r.Pair}) | {quiet?.Outcome.Text() ?? "–"} | **{r.Outcome.Text()}** | {r.MeasuredRatio:F2}x {ci} | {r.Detail} |");
            }
            md.AppendLine();
        }

        md.Append(SplitSection(folder.Splits));

        var controls = rows.Where(r => r.IsControl).ToList();
        if (controls.Count > 0)
        {
            md.AppendLine("## Control rows").AppendLine();
            md.AppendLine("The kernel bench's consumer against itself (A/A: this machine's run-to-run noise), then the patched consumers' ratio, " +
                          "which there measures the seq_cst store's cost without wake-ups.").AppendLine();
            md.Append(TableHeader);
            foreach (Row r in controls)
                md.AppendLine(Line(r));
            md.AppendLine();
        }

        md.Append(HarnessAgainstBench.Markdown(folder.AgainstBench, rows, folder.Pairs));

        var (n, sd, min, max) = PatchNoise(referenceRows);
        if (n >= 2)
        {
            double bar = Math.Exp(1.96 * sd);
            // Every published row, measured here or not: the question is about the patch's own claims.
            var claims = TrialSummary.From(referenceRows).GroupBy(g => g.Scenario)
                .Where(g => !g.First().IsControl && g.Any(x => x.Variant == PatchReference.Old) && g.Any(x => x.Variant == PatchReference.New))
                .Select(g => (Scenario: g.Key, Ratio: g.First(x => x.Variant == PatchReference.New).PooledThroughput.Mean
                                                      / g.First(x => x.Variant == PatchReference.Old).PooledThroughput.Mean))
                .ToList();
            var above = claims.Where(c => Math.Abs(Math.Log(c.Ratio)) > Math.Log(bar)).Select(c => c.Scenario).ToList();
            var below = claims.Where(c => Math.Abs(Math.Log(c.Ratio)) <= Math.Log(bar) && Math.Abs(Math.Log(c.Ratio)) > Math.Log(1 + VerdictRule.DefaultThreshold))
                .Select(c => c.Scenario).ToList();
            md.AppendLine("## The patch's own noise").AppendLine();
            md.AppendLine(inv, $"The patch's {n} control rows ran one unchanged consumer before and after, so their ratios ({min:F2}x to {max:F2}x) are " +
                               $"run-to-run noise on its machine: a standard deviation of {sd:F3} on the log scale, so two runs of the same thing land " +
                               $"within {1 / bar:F2}x to {bar:F2}x of each other 95% of the time. Claims beyond that: {(above.Count == 0 ? "none" : string.Join(", ", above))}. " +
                               $"Claimed changes within it (not distinguishable from the patch machine's noise): {(below.Count == 0 ? "none" : string.Join(", ", below))}.");
            md.AppendLine();
        }
        return md.ToString();
    }

    /// <summary>Where each effect comes from: the patch's two changes apart, where libbpf was built four ways.</summary>
    public static string SplitSection(IReadOnlyList<PatchSplit.Row> splits)
    {
        if (splits.Count == 0)
            return "";
        var md = new StringBuilder("## Where the effect comes from\n\n");
        md.AppendLine("libbpf built from source four ways: before, after, the store hunk alone (store-only: seq_cst, level-triggered) and the " +
                      "EPOLLET hunk alone (et-only: release, edge-triggered). The store's part is store-only / before; EPOLLET's part once the " +
                      "store is in is after / store-only (the two multiply to after / before); EPOLLET alone is et-only / before, with its stalls " +
                      "(a wait that timed out with records waiting: the lost wake-up the patch warns of).").AppendLine();
        md.AppendLine("| scenario | after / before | store: store-only / before | EPOLLET: after / store-only | EPOLLET alone: et-only / before | its stalls | where it comes from |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (PatchSplit.Row r in splits)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {MatrixSummary.RatioText(r.Whole)} | {MatrixSummary.RatioText(r.Store)} | {MatrixSummary.RatioText(r.TriggerAfterStore)} | " +
                $"{MatrixSummary.RatioText(r.TriggerAlone)} | {r.TriggerAloneStalls} | {r.Sentence} |");
        }
        return md.AppendLine().ToString();
    }

    /// <summary>The head of the rows tables (the patch's rows and the control rows share it; <see cref="Line"/> fills it).</summary>
    private const string TableHeader =
        "| scenario | patch old → new M/s | patch ratio | pair | measured before → after M/s | measured ratio [interval] | trials | outcome | why |\n" +
        "|---|---:|---:|---|---:|---:|---:|---|---|\n";

    private static string Line(Row r)
    {
        string ci = double.IsNaN(r.Low) ? "–" : string.Create(CultureInfo.InvariantCulture, $"[{r.Low:F2}, {r.High:F2}]");
        return string.Create(CultureInfo.InvariantCulture,
            $"| {r.Scenario}{(r.IsControl ? " (control)" : "")} | {r.PatchOld:F3} → {r.PatchNew:F3} | {r.PatchRatio:F2}x | {r.Pair} | " +
            $"{r.MeasuredOld:F3} → {r.MeasuredNew:F3} | {r.MeasuredRatio:F2}x {ci} | {r.Trials} | {(r.Headline ? $"**{r.Outcome.Text()}**" : r.Outcome.Text())} | {r.Detail} |");
    }

    /// <summary>Writes reproduce.md and reproduce.csv into a result folder from its summary (which must carry the patch's reference).</summary>
    public static IReadOnlyList<Row> Write(ResultFolder folder, FolderSummary summary)
    {
        string csv = folder.ReproduceCsv;
        File.Delete(csv);
        ResultCsv.Append(csv, summary.Reproduction);
        File.WriteAllText(folder.ReproduceMarkdown, Markdown(summary));
        File.Delete(folder.AgainstBenchCsv);
        if (summary.AgainstBench.Count > 0)
            ResultCsv.Append(folder.AgainstBenchCsv, summary.AgainstBench);
        return summary.Reproduction;
    }
}
