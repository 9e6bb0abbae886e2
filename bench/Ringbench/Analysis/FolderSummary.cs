using Ringbench.Ring;
using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// One result folder, loaded once, as BenchmarkDotNet's Summary is one run: the rows, the trials
/// grouped per scenario x variant, the variants' traits, the latency, the machine, the patch's
/// reference where it is at hand, and what is computed from them once: the reproduction, the port
/// fidelity, the strategy points and the analysers' findings. Every exporter (kernel text,
/// Markdown, reproduce, figures, report, compare) renders from this and computes nothing of its
/// own that another exporter also shows, so every output says the same thing.
/// </summary>
public sealed class FolderSummary
{
    /// <summary>The folder's name (the run's name in reports), or "" for rows that came from no folder.</summary>
    public string Name { get; }

    public MachineInfo Machine { get; }

    public IReadOnlyList<ResultRow> Rows { get; }

    public IReadOnlyList<LatencyRow> Latency { get; }

    /// <summary>One per scenario x variant, in the kernel script's order, then the variants' order.</summary>
    public IReadOnlyList<TrialSummary> Summaries { get; }

    /// <summary>The variants that ran, in table order (<see cref="VariantTraits.OrderKey"/>).</summary>
    public IReadOnlyList<VariantTraits> Variants { get; }

    /// <summary>The patch's published rows and machine, or null when no reference was given.</summary>
    public ReferenceRun? Patch { get; }

    /// <summary>Every after/before pair that ran on each scenario, with its interval at the folder's confidence and its verdict: computed here once.</summary>
    public IReadOnlyList<PairResult> Pairs { get; }

    /// <summary>The patch's own run-to-run noise and which of its claims stand out of it (null without a reference).</summary>
    public Reproduction.Noise? PatchNoise { get; }

    /// <summary>Every row judged against the patch (empty without a reference).</summary>
    public IReadOnlyList<Reproduction.Row> Reproduction { get; }

    /// <summary>The benchmark's 2020 introduction (ring and perf buffer numbers), or null where it is not at hand.</summary>
    public ReferenceRun? Intro { get; }

    /// <summary>Every ring-over-perf pair that ran, set beside 2020's ratio (empty without the 2020 reference or the perf buffer).</summary>
    public IReadOnlyList<RingOverPerf.Row> RingOverPerf { get; }

    /// <summary>ringbench's consumers against the kernel bench's of the same build, where both ran (<see cref="HarnessAgainstBench"/>).</summary>
    public IReadOnlyList<HarnessAgainstBench.Row> AgainstBench { get; }

    public IReadOnlyList<TwinFidelity.Row> Twins { get; }

    /// <summary>Each reader in another process against its twins and libbpf as shipped, where they ran beside it (<see cref="ReaderCost"/>).</summary>
    public IReadOnlyList<ReaderCost.Row> ReaderCosts { get; }

    /// <summary>What the folder concludes: the report's first paragraph, as facts.</summary>
    public Conclusion.Facts Concluded { get; }

    /// <summary>The consumer designs in this folder: the model's verdicts, the stalls, the costs against libbpf as shipped.</summary>
    public DesignComparison.Result Designs { get; }

    public IReadOnlyList<StrategyPoint> Strategies { get; }

    /// <summary>Per scenario with latency for two or more strategies: the frontier and the picks (<see cref="StrategySummary.Recommend"/>).</summary>
    public IReadOnlyList<StrategySummary.Recommendation> StrategyRecommendations { get; }

    /// <summary>
    /// Each run's throughput as a share of the ceiling row on the same scenario, as a ratio paired
    /// by trial at the folder's confidence; absent for the ceiling itself and where no ceiling ran.
    /// Raw throughput does not carry from one machine to another; a share of the same machine's
    /// ceiling does, more nearly. Computed here once: the strategy section, the machine comparison
    /// and compare read it.
    /// </summary>
    public IReadOnlyDictionary<(string Scenario, string Variant), RatioInterval> CeilingShares { get; }

    /// <summary>Per workload, perf buffer against one ring against sharded rings, where two or more of them ran (<see cref="BufferChoice"/>).</summary>
    public IReadOnlyList<BufferChoice.Row> BufferChoices { get; }

    /// <summary>What the time-order merge costs against the same reader without it, and the records it let out of order (<see cref="TimeOrderCost"/>).</summary>
    public IReadOnlyList<TimeOrderCost.Row> TimeOrderCosts { get; }

    /// <summary>The merged runs over the folder: how many let a record out of order, and what share.</summary>
    public TimeOrderCost.Totals TimeOrderTotals { get; }

    /// <summary>Each scenario's trials and whether its verdict is still open (what --trials auto decides on).</summary>
    public IReadOnlyList<Analysis.AdaptiveTrials.Status> TrialStatuses { get; }

    /// <summary>Each scenario's runs against their wake-ups per record (<see cref="Analysis.WakeupFit"/>).</summary>
    public IReadOnlyList<WakeupFit.Fit> WakeupFits { get; }

    /// <summary>The patch split into its store and its trigger, where the four seed flavours ran (<see cref="Analysis.PatchSplit"/>).</summary>
    public IReadOnlyList<PatchSplit.Row> Splits { get; }

    /// <summary>Whether the run length was well spent, per scenario x variant (<see cref="Analysis.RunLength"/>; empty without samples).</summary>
    public IReadOnlyList<RunLength.Row> RunLengths { get; }

    /// <summary>The run-length check per scenario: medians over its variants (<see cref="RunLength.PerScenario"/>).</summary>
    public IReadOnlyList<RunLength.ScenarioRow> RunLengthsByScenario { get; }

    /// <summary>What the harness added to the runs' warm-up and duration (null for no runs).</summary>
    public RunLength.HarnessSeconds? Harness { get; }

    /// <summary>The wall time a run cost beyond its warm-up and measured seconds (median over the folder).</summary>
    public double RunOverheadSeconds { get; }

    /// <summary>Lost wake-ups and the end-of-run account, counted once (<see cref="Analysis.StallAccount"/>).</summary>
    public StallAccount Stalls { get; }

    /// <summary>What the analysers found, in the order every output lists them.</summary>
    public IReadOnlyList<Finding> Findings { get; }

    public double Confidence => Machine.Settings.Confidence;

    private readonly Dictionary<(string Scenario, string Variant), TrialSummary> _byRun;

    /// <summary>The patch's published numbers as a folder of their own (results/reference/).</summary>
    public sealed record ReferenceRun(IReadOnlyList<ResultRow> Rows, MachineInfo Machine)
    {
        /// <summary>The published rows summarised once, in the catalog's order.</summary>
        public IReadOnlyList<TrialSummary> Summaries { get; } = TrialSummary.InCatalogOrder(TrialSummary.From(Rows));

        public static ReferenceRun Load(string folder) =>
            new(ResultCsv.Read<ResultRow>(Path.Combine(folder, ResultFolder.ResultsFile)), MachineInfo.Load(Path.Combine(folder, ResultFolder.MachineFile)));
    }

    private FolderSummary(string name, IReadOnlyList<ResultRow> rows, MachineInfo machine, IReadOnlyList<LatencyRow> latency, ReferenceRun? patch,
        IReadOnlyList<SampleRow> samples, ReferenceRun? intro)
    {
        Intro = intro;
        Name = name;
        Rows = rows;
        Machine = machine;
        Latency = latency;
        Patch = patch;
        Summaries = TrialSummary.InCatalogOrder(TrialSummary.From(rows));
        _byRun = Summaries.ToDictionary(s => (s.Scenario, s.Variant));
        Variants = Summaries.Select(s => s.Traits).DistinctBy(t => t.Name)
            .OrderBy(t => t.OrderKey).ThenBy(t => t.Name, StringComparer.Ordinal).ToList();
        Pairs = PairResult.Compute(Summaries, Confidence);
        Reproduction = patch is null ? [] : Analysis.Reproduction.Compute(Pairs, patch.Summaries);
        PatchNoise = patch is null ? null : Analysis.Reproduction.PatchNoise(patch.Summaries);
        RingOverPerf = intro is null ? [] : Analysis.RingOverPerf.Compute(Summaries, intro.Summaries, Confidence);
        AgainstBench = HarnessAgainstBench.Compute(Summaries, Confidence);
        Twins = TwinFidelity.Compute(this);
        ReaderCosts = ReaderCost.Compute(Summaries, Variants, Confidence);
        Designs = DesignComparison.Compute(Summaries, Variants, Confidence);
        CeilingShares = ShareOfCeiling(Summaries, Confidence);
        Strategies = StrategySummary.Points(Summaries, latency, CeilingShares, Confidence);
        StrategyRecommendations = StrategySummary.Recommend(Strategies);
        BufferChoices = BufferChoice.Compute(Summaries, Confidence);
        TimeOrderCosts = TimeOrderCost.Compute(Summaries, rows, Confidence);
        TimeOrderTotals = TimeOrderCost.Total(rows);
        TrialStatuses = Analysis.AdaptiveTrials.Assess(Summaries, Pairs, Reproduction);
        Splits = PatchSplit.Compute(Summaries, Pairs, Confidence);
        WakeupFits = WakeupFit.Compute(rows);
        RunOverheadSeconds = RunLength.OverheadSeconds(rows);
        RunLengths = RunLength.Check(Summaries, samples, RunOverheadSeconds);
        RunLengthsByScenario = RunLength.PerScenario(RunLengths);
        Harness = RunLength.Harness(rows);
        Stalls = StallAccount.Of(Summaries, Variants);
        Findings = FolderAnalysers.Analyse(this);
        Concluded = Conclusion.Of(this);
    }

    /// <summary>
    /// Reads a result folder once: results.csv, latency.csv, samples.csv, machine.json, the patch's
    /// reference folder if given, and the 2020 introduction's if given.
    /// </summary>
    public static FolderSummary Load(ResultFolder folder, string? referenceFolder, string? introFolder = null) =>
        new(Path.GetFileName(folder.Directory), folder.Completed(), MachineInfo.Load(folder.MachineJson), folder.Latency(),
            referenceFolder is null ? null : ReferenceRun.Load(referenceFolder), folder.Samples(),
            introFolder is null ? null : ReferenceRun.Load(introFolder));

    /// <summary>A model of rows in memory (tests, and the compare of plain CSVs).</summary>
    public static FolderSummary Of(IReadOnlyList<ResultRow> rows, MachineInfo machine, IReadOnlyList<LatencyRow>? latency = null,
        ReferenceRun? patch = null, string name = "", IReadOnlyList<SampleRow>? samples = null, ReferenceRun? intro = null) =>
        new(name, rows, machine, latency ?? [], patch, samples ?? [], intro);

    public TrialSummary? Find(string scenario, string variant) => _byRun.GetValueOrDefault((scenario, variant));

    /// <summary>A run's share of its scenario's ceiling (<see cref="CeilingShares"/>), or null.</summary>
    public RatioInterval? CeilingShare(string scenario, string variant) => CeilingShares.TryGetValue((scenario, variant), out RatioInterval? r) ? r : null;

    private static Dictionary<(string, string), RatioInterval> ShareOfCeiling(IReadOnlyList<TrialSummary> summaries, double confidence)
    {
        var ceilings = summaries.Where(s => s.Trials.Any(t => t.IsCeiling)).ToDictionary(s => s.Scenario);
        return summaries.Where(s => !s.Trials[0].IsCeiling && ceilings.ContainsKey(s.Scenario))
            .ToDictionary(s => (s.Scenario, s.Variant), s => RatioInterval.Of(ceilings[s.Scenario], s, confidence));
    }

    /// <summary>The patch's before/after pairs that ran in this folder, libbpf built from source first, each with the variants its traits chose.</summary>
    public IReadOnlyList<(PatchPair Pair, VariantTraits Before, VariantTraits After)> PatchPairsPresent =>
        PatchPair.Patch.Select(p => (Pair: p, Chosen: p.Choose(Variants))).Where(p => p.Chosen is not null)
            .Select(p => (p.Pair, p.Chosen!.Value.Before, p.Chosen.Value.After)).ToList();
}
