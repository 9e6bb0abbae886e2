using System.Globalization;
using Perfolizer.Mathematics.SignificanceTesting;
using Perfolizer.Mathematics.SignificanceTesting.MannWhitney;
using Perfolizer.Metrology;
using Ringbench.Results;

namespace Ringbench.Analysis;

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

    public static ComparisonResult Between(ComparisonInput baseline, ComparisonInput candidate, ComparisonOptions options)
    {
        var c = Filter(candidate.Summary.Summaries, options).ToDictionary(s => (s.Scenario, s.Variant));
        var b = Filter(baseline.Summary.Summaries, options).ToList(); // in the folder's order, the rows' order
        // Two sides of interleaved rounds ran round by round, side by side: paired by round.
        bool byRound = baseline.Rounds > 0 && baseline.Rounds == candidate.Rounds;
        var rows = b.Where(s => c.ContainsKey((s.Scenario, s.Variant)))
            .Select(s => Pair(baseline, candidate, s, c[(s.Scenario, s.Variant)], options, paired: byRound)).ToList();
        var baselineKeys = b.Select(s => (s.Scenario, s.Variant)).ToList();
        static string Key((string Scenario, string Variant) k) => $"{k.Scenario}/{k.Variant}";
        return Result(baseline, candidate, rows, options, baselineKeys.Except(c.Keys).Select(Key), c.Keys.Except(baselineKeys).Select(Key));
    }

    /// <summary>Within one input: variant <paramref name="candidateVariant"/> against <paramref name="baselineVariant"/>, scenario by scenario.</summary>
    public static ComparisonResult Variants(ComparisonInput input, string baselineVariant, string candidateVariant, ComparisonOptions options)
    {
        foreach (string variant in new[] { baselineVariant, candidateVariant }.Where(v => !input.Summary.Summaries.Any(s => s.Variant == v)))
            throw new RingbenchException(ExitCode.Usage, $"{input.Name} has no rows for {variant}");
        var summaries = Filter(input.Summary.Summaries, options with { Variants = [] }).ToList();
        var b = summaries.Where(s => s.Variant == baselineVariant).ToList();
        var c = summaries.Where(s => s.Variant == candidateVariant).ToDictionary(s => s.Scenario);
        var rows = b.Where(s => c.ContainsKey(s.Scenario)).Select(s => Pair(input, input, s, c[s.Scenario], options, paired: true)).ToList();
        return Result(input, input, rows, options,
            b.Where(s => !c.ContainsKey(s.Scenario)).Select(s => s.Scenario), c.Keys.Where(k => !b.Any(s => s.Scenario == k)));
    }

    private static ComparisonResult Result(ComparisonInput baseline, ComparisonInput candidate, List<ComparisonRow> rows, ComparisonOptions options,
        IEnumerable<string> onlyInBaseline, IEnumerable<string> onlyInCandidate)
    {
        if (rows.Count == 0)
        {
            throw new RingbenchException(ExitCode.Usage,
                $"{baseline.Name} and {candidate.Name} have no scenario x variant in common{(Filtered(options) ? " under these filters" : "")}");
        }
        if (options.SortByRatio)
            rows = rows.OrderBy(r => r.Ratio.Ratio).ToList();
        return new ComparisonResult(baseline, candidate, rows, onlyInBaseline.ToList(), onlyInCandidate.ToList(), MachineDifferences(baseline, candidate));
    }

    private static ComparisonRow Pair(ComparisonInput baselineInput, ComparisonInput candidateInput,
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
            method = $"trials ({b.Trials.Count} vs {c.Trials.Count}){(paired && !ReferenceEquals(baselineInput, candidateInput) ? ", paired by round" : "")}";
        }
        else
        {
            // One run a side: the seconds of one run cannot see the run-to-run noise, and the simulation
            // (VerdictSimulation.SingleRun) measures what that costs: with 20% between-run noise the test
            // calls equal variants different most of the time. So it is reported, never a verdict.
            double[] x = candidateInput.SecondsOf(c.Scenario, c.Variant), y = baselineInput.SecondsOf(b.Scenario, b.Variant);
            Verdict seconds = SecondsVerdict(x, y, options.Threshold);
            verdict = Verdict.NeedsTrials;
            method = seconds == Verdict.NeedsTrials ? "no samples"
                : $"seconds ({y.Length} vs {x.Length}, Mann-Whitney) say {VerdictRule.Text(seconds)}: no verdict from one run each";
        }
        return new ComparisonRow(b.Scenario, b.Group, b.Variant, c.Variant, b.PooledThroughput, c.PooledThroughput,
            b.PooledDrops.Mean, c.PooledDrops.Mean, interval, verdict, method)
        {
            BaselineCeilingShare = baselineInput.Summary.CeilingShare(b.Scenario, b.Variant)?.Ratio ?? double.NaN,
            CandidateCeilingShare = candidateInput.Summary.CeilingShare(c.Scenario, c.Variant)?.Ratio ?? double.NaN,
        };
    }

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

    /// <summary>What differs between the two machines and settings, in words (<see cref="MachineFacts"/>).</summary>
    public static IReadOnlyList<string> MachineDifferences(ComparisonInput a, ComparisonInput b) =>
        a.Machine is null || b.Machine is null ? ["machine.json missing on one side: the machines cannot be compared"]
            : MachineFacts.Differences((a.Machine, a.Rows), (b.Machine, b.Rows));
}
