using CsvHelper.Configuration.Attributes;
using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// Machines set beside each other by what compares across machines: per scenario, each machine's
/// after / before ratio for each pair of the patch that ran there (libbpf built from source, the
/// C# ports) with its interval over that machine's own trials, and each variant's share of its own
/// machine's ceiling. A machine's M/s are shown next to the others' for reference and never judged
/// against them: a verdict compares two variants on one machine, never one machine with another.
/// The header names what differs between the machines. Each machine is one result folder, read
/// once into its <see cref="FolderSummary"/>.
/// </summary>
public sealed class MachineComparison
{
    public sealed record Machine(string Name, FolderSummary Summary);

    /// <summary>One machine's after / before ratio on one scenario for one pair, and the verdict on that machine.</summary>
    public sealed record PairRow
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("machine")] public string Machine { get; init; } = "";
        [Name("pair")] public string Pair { get; init; } = "";
        [Name("before_variant")] public string BeforeVariant { get; init; } = "";
        [Name("after_variant")] public string AfterVariant { get; init; } = "";
        [Name("before_mps")] public double BeforeMps { get; init; }
        [Name("after_mps")] public double AfterMps { get; init; }
        [Name("ratio")] public double Ratio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("confidence")] public double Confidence { get; init; }
        [Name("trials")] public int Trials { get; init; }
        [Name("verdict")] public string Verdict { get; init; } = "";
        [Name("before_of_ceiling")] public double BeforeOfCeiling { get; init; } = double.NaN;
        [Name("after_of_ceiling")] public double AfterOfCeiling { get; init; } = double.NaN;
        [Name("before_bpf_ns_per_record")] public double BeforeBpfNsPerRecord { get; init; } = double.NaN;
        [Name("after_bpf_ns_per_record")] public double AfterBpfNsPerRecord { get; init; } = double.NaN;

        [Ignore] public RatioInterval Interval { get; init; } = null!;
    }

    public IReadOnlyList<Machine> Machines { get; }

    /// <summary>
    /// How far two machines' ratios differ: b / a with an interval. The machines ran apart, so the
    /// two log estimates are independent: their standard errors (taken back out of each interval)
    /// add in quadrature, with the smaller side's degrees of freedom (conservative, as Welch is at
    /// its worst). No interval where either side has none.
    /// </summary>
    public static RatioInterval RatioOfRatios(RatioInterval a, RatioInterval b)
    {
        double confidence = Math.Min(a.Confidence, b.Confidence);
        var estimate = new RatioInterval(b.Ratio / a.Ratio, double.NaN, double.NaN, a.Trials, b.Trials) { Method = "ratio of ratios", Confidence = confidence };
        if (!a.HasInterval || !b.HasInterval || a.Trials < 2 || b.Trials < 2)
            return estimate;
        double SeOf(RatioInterval r) => r.LogHalfWidth / RatioInterval.TQuantile(r.Confidence, r.Trials - 1);
        double se = Math.Sqrt(SeOf(a) * SeOf(a) + SeOf(b) * SeOf(b));
        double half = RatioInterval.TQuantile(confidence, Math.Min(a.Trials, b.Trials) - 1) * se;
        double log = Math.Log(estimate.Ratio);
        return estimate with { Low = Math.Exp(log - half), High = Math.Exp(log + half) };
    }

    public IReadOnlyList<PairRow> Rows { get; }

    /// <summary>Do two machines agree on a pair's ratio? The words the agreement is said in.</summary>
    public enum Agreement { Agree, Differ, CannotTell, NoInterval }

    /// <summary>One machine's ratio set against the first machine's on the same scenario and pair.</summary>
    public sealed record Against(string Scenario, string Pair, PairRow First, PairRow Other, RatioInterval Between, Agreement Says);

    /// <summary>
    /// Each scenario x pair that ran on two or more machines, every machine against the first, by
    /// the ratio of their ratios (<see cref="RatioOfRatios"/>): inside ±5% they agree, excluding 1
    /// they differ, otherwise these trials cannot tell. Verdict labels are not compared: 0.89x and
    /// 0.90x agree even where one interval crosses 1.
    /// </summary>
    public IReadOnlyList<Against> Agreements { get; }

    /// <summary>The scenario x pair rows where some machine differs from the first.</summary>
    public IReadOnlySet<(string Scenario, string Pair)> Differing =>
        Agreements.Where(a => a.Says == Agreement.Differ).Select(a => (a.Scenario, a.Pair)).ToHashSet();

    private static List<Against> Agree(IReadOnlyList<PairRow> rows)
    {
        var list = new List<Against>();
        foreach (var g in rows.GroupBy(r => (r.Scenario, r.Pair)).Where(g => g.Count() > 1))
        {
            PairRow first = g.First();
            foreach (PairRow other in g.Skip(1))
            {
                RatioInterval between = RatioOfRatios(first.Interval, other.Interval);
                Agreement says = !between.HasInterval ? Agreement.NoInterval
                    : between.Low >= 1 - VerdictRule.DefaultThreshold && between.High <= 1 + VerdictRule.DefaultThreshold ? Agreement.Agree
                    : between.Low > 1 || between.High < 1 ? Agreement.Differ : Agreement.CannotTell;
                list.Add(new Against(g.Key.Scenario, g.Key.Pair, first, other, between, says));
            }
        }
        return list;
    }

    /// <summary>Each fact about the machines with every machine's value, differing ones first.</summary>
    public IReadOnlyList<(string Fact, IReadOnlyList<string> Values, bool Differs)> Facts { get; }

    private MachineComparison(IReadOnlyList<Machine> machines)
    {
        Machines = machines;
        Rows = PairRows(machines);
        Agreements = Agree(Rows);
        Facts = MachineFacts(machines);
    }

    public static MachineComparison Of(IReadOnlyList<Machine> machines) =>
        machines.Count >= 1 ? new MachineComparison(machines)
            : throw new RingbenchException(ExitCode.Usage, "no result folders to compare");

    /// <summary>
    /// The machines named by <paramref name="paths"/>: each a result folder, or a folder of result
    /// folders (a fleet run, results/fleet/&lt;run&gt;/, one per host), named by their folder.
    /// </summary>
    public static IReadOnlyList<Machine> Load(IEnumerable<string> paths)
    {
        var machines = new List<Machine>();
        foreach (string path in paths)
        {
            if (!Directory.Exists(path))
                throw new RingbenchException(ExitCode.Usage, $"{path}: no such folder");
            IEnumerable<string> folders = File.Exists(Path.Combine(path, ResultFolder.ResultsFile)) ? [path]
                : Directory.EnumerateDirectories(path).Where(d => !Path.GetFileName(d).StartsWith('.') && File.Exists(Path.Combine(d, ResultFolder.ResultsFile)))
                    .Order(StringComparer.Ordinal);
            foreach (string folder in folders)
            {
                ResultFolder result = ResultFolder.Open(folder);
                FolderSummary summary = FolderSummary.Load(result, null);
                if (summary.Rows.Count == 0)
                    throw new RingbenchException(ExitCode.Usage, $"{result.ResultsCsv}: no rows");
                machines.Add(new Machine(Path.GetFileName(result.Directory), summary));
            }
        }
        if (machines.Count == 0)
            throw new RingbenchException(ExitCode.Usage, $"{string.Join(", ", paths)}: no result folder (results.csv and machine.json) here or one level down");
        var twice = machines.GroupBy(m => m.Name).FirstOrDefault(g => g.Count() > 1);
        if (twice is not null)
            throw new RingbenchException(ExitCode.Usage, $"two folders are named '{twice.Key}': name each machine's folder once");
        return machines;
    }

    private static List<PairRow> PairRows(IReadOnlyList<Machine> machines)
    {
        var rows = new List<PairRow>();
        var scenarios = machines.SelectMany(m => m.Summary.Summaries.Select(s => s.Scenario)).Distinct().ToList();
        foreach (string scenario in scenarios)
        {
            foreach (string pair in PatchPair.Patch.Select(p => p.Name))
            {
                foreach (Machine m in machines)
                {
                    if (m.Summary.Pairs.FirstOrDefault(p => p.Scenario == scenario && p.Pair == pair) is not PairResult result)
                        continue;
                    TrialSummary b = result.Before, a = result.After;
                    string before = b.Variant, after = a.Variant;
                    RatioInterval ratio = result.Ratio;
                    rows.Add(new PairRow
                    {
                        Scenario = scenario, Machine = m.Name, Pair = pair, BeforeVariant = before, AfterVariant = after,
                        BeforeMps = b.PooledThroughput.Mean, AfterMps = a.PooledThroughput.Mean,
                        Ratio = ratio.Ratio, Low = ratio.Low, High = ratio.High, Confidence = ratio.Confidence, Trials = ratio.Trials,
                        Verdict = VerdictRule.Text(result.Verdict), Interval = ratio,
                        BeforeOfCeiling = ShareOfCeiling(m.Summary, scenario, before), AfterOfCeiling = ShareOfCeiling(m.Summary, scenario, after),
                        BeforeBpfNsPerRecord = b.MeanCost(c => c.BpfNsPerRecord), AfterBpfNsPerRecord = a.MeanCost(c => c.BpfNsPerRecord),
                    });
                }
            }
        }
        return rows;
    }

    /// <summary>A variant's throughput as a share of its own machine's ceiling on the same scenario (NaN without a ceiling).</summary>
    private static double ShareOfCeiling(FolderSummary summary, string scenario, string variant) =>
        summary.CeilingShare(scenario, variant)?.Ratio ?? double.NaN;

    private static List<(string, IReadOnlyList<string>, bool)> MachineFacts(IReadOnlyList<Machine> machines) =>
        Results.MachineFacts.All.Select(f => (f.Name, (IReadOnlyList<string>)machines.Select(m => f.Of(m.Summary.Machine, m.Summary.Rows)).ToList()))
            // A fact no machine's folder records (the architecture, in folders older than it) is no column.
            .Where(f => f.Item2.Any(v => v.Length > 0))
            .Select(f => (f.Name, f.Item2, f.Item2.Distinct().Count() > 1))
            .OrderBy(f => f.Item3 ? 0 : 1).ToList();

    /// <summary>The footer of the machines' figure: every machine in a few words.</summary>
    public string Footer => string.Join(" · ", Machines.Select(m => $"{m.Name}: {m.Summary.Machine.ProcessorText}, {m.Summary.Machine.Kernel}"));
}
