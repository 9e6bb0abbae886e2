using System.Globalization;
using Perfolizer.Mathematics.Common;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Ringbench.Results;

namespace Ringbench.Compare;

/// <summary>What to compare and how strictly.</summary>
public sealed record ComparisonOptions
{
    public double Threshold { get; init; } = VerdictRule.DefaultThreshold;
    public IReadOnlyList<string> Scenarios { get; init; } = [];
    public IReadOnlyList<string> Groups { get; init; } = [];
    public IReadOnlyList<string> Variants { get; init; } = [];
    public bool SortByRatio { get; init; }
}

/// <summary>One scenario x variant, baseline against candidate.</summary>
public sealed record ComparisonRow(
    string Scenario, string Group, string Variant, string CandidateVariant,
    SummaryStatistics Baseline, SummaryStatistics Candidate, double BaselineDrops, double CandidateDrops,
    RatioInterval Ratio, Verdict Verdict, string Method)
{
    /// <summary>Each side's mean throughput as a share of the ceiling row of the same scenario in the same input (NaN without one).</summary>
    public double BaselineCeilingShare { get; init; } = double.NaN;

    public double CandidateCeilingShare { get; init; } = double.NaN;

    public bool HasCeilingShare => !double.IsNaN(BaselineCeilingShare) || !double.IsNaN(CandidateCeilingShare);
}

/// <summary>The comparison of two inputs: the rows both hold, and what only one side has.</summary>
public sealed record ComparisonResult(ComparisonInput Baseline, ComparisonInput Candidate, IReadOnlyList<ComparisonRow> Rows,
    IReadOnlyList<string> OnlyInBaseline, IReadOnlyList<string> OnlyInCandidate, IReadOnlyList<string> MachineDifferences)
{
    public bool HasRegression => Rows.Any(r => r.Verdict == Verdict.Slower);
}

/// <summary>
/// Compares result sets. With two or more trials on both sides the verdict comes from a t
/// interval on the log trial means (<see cref="RatioInterval"/>: paired by trial within one
/// folder, Welch between folders); the run-to-run spread is the uncertainty that counts.
/// With single runs it reports what the per-second samples say (Perfolizer's Mann-Whitney
/// equivalence test with the relative threshold, as dotnet/performance's ResultsComparer does)
/// in the Method column, but gives no verdict: one run a side cannot see run-to-run noise.
/// </summary>
public static class Comparison
{
    public const double SignificanceLevel = 0.05;

    public static ComparisonResult Between(ComparisonInput baseline, ComparisonInput candidate, ComparisonOptions options) =>
        Build(baseline, candidate, options, (row, b, c) => Pair(baseline, candidate, row, row, b, c, options, paired: false));

    /// <summary>Within one input: variant <paramref name="candidateVariant"/> against <paramref name="baselineVariant"/>, scenario by scenario.</summary>
    public static ComparisonResult Variants(ComparisonInput input, string baselineVariant, string candidateVariant, ComparisonOptions options)
    {
        var baseline = input with { Rows = input.Rows.Where(r => r.Variant == baselineVariant).Select(r => r with { Variant = "*" }).ToList() };
        var candidate = input with { Rows = input.Rows.Where(r => r.Variant == candidateVariant).Select(r => r with { Variant = "*" }).ToList() };
        if (baseline.Rows.Count == 0 || candidate.Rows.Count == 0)
            throw new RingbenchException(ExitCode.Usage, $"{input.Name} has no rows for {(baseline.Rows.Count == 0 ? baselineVariant : candidateVariant)}");
        return Build(baseline, candidate, options with { Variants = [] }, (row, b, c) =>
            Pair(input, input, baselineVariant, candidateVariant, b, c, options, paired: true) with { Variant = baselineVariant, CandidateVariant = candidateVariant });
    }

    private static ComparisonResult Build(ComparisonInput baseline, ComparisonInput candidate, ComparisonOptions options,
        Func<string, TrialSummary, TrialSummary, ComparisonRow> pair)
    {
        var b = Filter(TrialSummary.From(baseline.Rows), options).ToDictionary(s => (s.Scenario, s.Variant));
        var c = Filter(TrialSummary.From(candidate.Rows), options).ToDictionary(s => (s.Scenario, s.Variant));
        var both = b.Keys.Intersect(c.Keys).ToList();
        if (both.Count == 0)
        {
            throw new RingbenchException(ExitCode.Usage,
                $"{baseline.Name} and {candidate.Name} have no scenario x variant in common{(Filtered(options) ? " under these filters" : "")}");
        }
        var rows = MatrixSummary.InCatalogOrder(both.Select(k => b[k])).Select(s => pair(s.Variant, s, c[(s.Scenario, s.Variant)])).ToList();
        if (options.SortByRatio)
            rows = rows.OrderBy(r => r.Ratio.Ratio).ToList();
        static string Key((string Scenario, string Variant) k) => k.Variant == "*" ? k.Scenario : $"{k.Scenario}/{k.Variant}";
        return new ComparisonResult(baseline, candidate, rows,
            b.Keys.Except(c.Keys).Select(Key).ToList(), c.Keys.Except(b.Keys).Select(Key).ToList(),
            MachineDifferences(baseline.Machine, candidate.Machine));
    }

    private static ComparisonRow Pair(ComparisonInput baselineInput, ComparisonInput candidateInput, string baselineVariant, string candidateVariant,
        TrialSummary b, TrialSummary c, ComparisonOptions options, bool paired)
    {
        // Two variants of one folder ran in the same trials: paired. Two folders (two runs, often two
        // machines) share no trials, so their trial means are independent samples: Welch.
        RatioInterval interval = paired ? RatioInterval.Of(b, c) : RatioInterval.Of(b.TrialMeans, c.TrialMeans);
        Verdict verdict;
        string method;
        if (interval.HasInterval)
        {
            verdict = VerdictRule.Decide(interval, options.Threshold);
            method = $"trials ({b.Trials.Count} vs {c.Trials.Count})";
        }
        else
        {
            // One run a side: the seconds of one run cannot see the run-to-run noise, and the simulation
            // (VerdictSimulation.SingleRun) measures what that costs: with 20% between-run noise the test
            // calls equal variants different most of the time. So it is reported, never a verdict.
            double[] x = candidateInput.SecondsOf(c.Scenario, candidateVariant), y = baselineInput.SecondsOf(b.Scenario, baselineVariant);
            Verdict seconds = SecondsVerdict(x, y, options.Threshold);
            verdict = Verdict.NeedsTrials;
            method = seconds == Verdict.NeedsTrials ? "no samples"
                : $"seconds ({y.Length} vs {x.Length}, Mann-Whitney) say {VerdictRule.Text(seconds)}: no verdict from one run each";
        }
        return new ComparisonRow(b.Scenario, b.Group, b.Variant, c.Variant, b.PooledThroughput, c.PooledThroughput,
            b.PooledDrops.Mean, c.PooledDrops.Mean, interval, verdict, method)
        {
            BaselineCeilingShare = b.TrialMeans.Average() / CeilingMean(baselineInput, b.Scenario),
            CandidateCeilingShare = c.TrialMeans.Average() / CeilingMean(candidateInput, c.Scenario),
        };
    }

    /// <summary>
    /// The mean over trials of the scenario's ceiling row in <paramref name="input"/>, NaN without one. Raw throughput
    /// does not carry from one machine to another; a share of the same machine's ceiling does, more nearly.
    /// </summary>
    private static double CeilingMean(ComparisonInput input, string scenario) =>
        input.Rows.Where(r => r.IsCeiling && r.Scenario == scenario).Select(r => r.ThroughputMean).DefaultIfEmpty(double.NaN).Average();

    /// <summary>Candidate seconds against baseline seconds: faster, slower, or the same within the threshold.</summary>
    public static Verdict SecondsVerdict(double[] candidate, double[] baseline, double threshold)
    {
        if (candidate.Length < 2 || baseline.Length < 2)
            return Verdict.NeedsTrials;
        var test = new SimpleEquivalenceTest(MannWhitneyTest.Instance);
        Threshold relative = Threshold.Parse(string.Create(CultureInfo.InvariantCulture, $"{threshold * 100}%"));
        var result = test.Perform(new Pragmastat.Sample(candidate), new Pragmastat.Sample(baseline), relative,
            new Perfolizer.Mathematics.Common.SignificanceLevel(SignificanceLevel));
        return result switch
        {
            Perfolizer.Mathematics.Common.ComparisonResult.Greater => Verdict.Faster,
            Perfolizer.Mathematics.Common.ComparisonResult.Lesser => Verdict.Slower,
            _ => Verdict.Same,
        };
    }

    private static IEnumerable<TrialSummary> Filter(IEnumerable<TrialSummary> summaries, ComparisonOptions o) => summaries
        .Where(s => o.Scenarios.Count == 0 || o.Scenarios.Contains(s.Scenario))
        .Where(s => o.Groups.Count == 0 || o.Groups.Any(g => s.Group.Contains(g, StringComparison.OrdinalIgnoreCase)))
        .Where(s => o.Variants.Count == 0 || o.Variants.Contains(s.Variant));

    private static bool Filtered(ComparisonOptions o) => o.Scenarios.Count + o.Groups.Count + o.Variants.Count > 0;

    /// <summary>What differs between the two machines and settings, in words.</summary>
    public static IReadOnlyList<string> MachineDifferences(MachineInfo? a, MachineInfo? b)
    {
        if (a is null || b is null)
            return ["machine.json missing on one side: the machines cannot be compared"];
        var differences = new List<string>();
        void Check(string what, string x, string y)
        {
            if (x != y) differences.Add($"{what}: {x} vs {y}");
        }
        Check("host", a.Hostname, b.Hostname);
        Check("CPU", $"{a.CpuModel} x{a.Cpus}", $"{b.CpuModel} x{b.Cpus}");
        Check("kernel", a.Kernel, b.Kernel);
        Check("virtualization", a.Virtualization, b.Virtualization);
        Check("libbpf", a.LibbpfVersion, b.LibbpfVersion);
        Check(".NET", a.DotnetVersion, b.DotnetVersion);
        Check("ringbench", $"{a.HarnessVersion} {a.Commit}", $"{b.HarnessVersion} {b.Commit}");
        if (a.Settings.FirstDifference(b.Settings) is string settings && !settings.StartsWith("scenarios", StringComparison.Ordinal))
            differences.Add($"settings: {settings}");
        return differences;
    }
}
