using Ringbench.Analysis;
using Ringbench.Reports;
using Ringbench.Results;
using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>Which consumer is correct and cheapest: designs recognised by traits, the model's verdict, stalls, user diffs against their own before-build.</summary>
public class DesignComparisonTests
{
    private static ResultRow Row(string scenario, string variant, string kind, string store, string trigger, string build, int trial, double mps,
        long stalls = 0, int bound = 0) => new()
    {
        Scenario = scenario, Group = "g", Label = "l", Variant = variant, Trial = trial, ThroughputMean = mps, ThroughputStdDev = 0.1,
        SampleCount = 2, IntegrityOk = true, Kind = kind, Store = store, Trigger = trigger, Build = build, WaitStrategy = "w",
        Produced = 10_000_000, Consumed = 9_000_000, Dropped = 1_000_000, Stalls = stalls, StallsRunTotal = stalls, WaitTimeoutMs = 100,
        ConsumerBound = bound, ConsumerVoluntarySwitches = 1000, ConsumerCpuSecondsRun = 0.3,
    };

    private static FolderSummary Folder(bool controlStalls = true)
    {
        var rows = new List<ResultRow>();
        foreach (var (scenario, bound) in new[] { ("parallel", 0), ("bounded-1", 1) })
        {
            for (int t = 0; t < 4; t++)
            {
                // Names that say nothing: the traits must decide.
                rows.Add(Row(scenario, "a", "Libbpf", "release", "level", "seed", t, 10 + 0.1 * t, bound: bound));
                rows.Add(Row(scenario, "b", "Libbpf", "release", "edge", "seed", t, 1, controlStalls ? 5 : 0, bound));
                rows.Add(Row(scenario, "c", "Libbpf", "release + lazy fence", "edge", "lazy-et", t, 13 + 0.1 * (t % 2), bound: bound));
                rows.Add(Row(scenario, "d", "Port", "release + barrier (2026 fix)", "edge", "", t, 2, scenario == "parallel" ? 4 : 0, bound));
                rows.Add(Row(scenario, "e", "Libbpf", "release", "edge", "fix-before", t, 1, 3, bound));
                rows.Add(Row(scenario, "f", "Libbpf", "release", "edge", "fix-after", t, 11 + 0.1 * t, bound: bound));
            }
        }
        return FolderSummary.Of(rows, new MachineInfo());
    }

    [Fact]
    public void DesignsAreRecognisedByTraitsAndJudgedByTheModelAndTheirStalls()
    {
        DesignComparison.Result r = Folder().Designs;
        Assert.True(r.Any);
        Assert.Equal("a", r.Baseline!.Name);
        var standing = r.Standings.ToDictionary(s => s.Variant.Name);
        Assert.Equal("release-et", standing["b"].Design.Name);
        Assert.True(standing["b"].IsPositiveControl);
        Assert.Equal("lazy-et", standing["c"].Design.Name);
        Assert.True(standing["c"].CorrectHere);
        Assert.Equal("barrier-et", standing["d"].Design.Name);
        Assert.True(standing["d"].ModelLosesUnbounded);
        Assert.False(standing["d"].ModelLosesBounded);
        Assert.False(standing["d"].CorrectHere);
        Assert.Equal(16, standing["d"].Stalls);
        // A user's diff is no model design: its fences are unknown.
        Assert.False(standing.ContainsKey("e"));
        Assert.False(standing.ContainsKey("f"));
        Assert.True(r.ControlStalled);
        // The cheapest correct 2026 design: c, the only one.
        Assert.All(DesignComparison.CheapestCorrect(r), row => Assert.Equal("c", row.Variant.Name));
        Assert.Equal(2, DesignComparison.CheapestCorrect(r).Count);
    }

    [Fact]
    public void AUsersDiffIsJudgedAgainstItsOwnBeforeBuild()
    {
        DesignComparison.Result r = Folder().Designs;
        DesignComparison.UserPair p = r.UserPairs.Single(x => x.Scenario == "parallel");
        Assert.Equal("fix", p.Name);
        Assert.Equal("e", p.Before.Name);
        Assert.Equal("f", p.After.Name);
        Assert.True(p.Ratio.Ratio > 10);
        Assert.Equal(Verdict.Faster, p.Verdict);
        Assert.Equal((12L, 0L), (p.StallsBefore, p.StallsAfter));
        Assert.Contains(DesignReport.Sentences(r), s => s.StartsWith("Your diff fix (f against e;", StringComparison.Ordinal));
        // Its release/edge build is not the positive control of the correctness claim: only the seed's and the ports' are.
        Conclusion.Correctness c = Folder().Concluded.Correctness!;
        Assert.Equal(["b"], c.EdgeWithoutStore.Select(v => v.Variant));
    }

    [Fact]
    public void WithoutAStallingControlTheReportSaysZeroStallsProveNothing()
    {
        DesignComparison.Result r = Folder(controlStalls: false).Designs;
        Assert.False(r.ControlStalled);
        Assert.Contains(DesignReport.Sentences(r), s => s.Contains("did NOT stall", StringComparison.Ordinal));
    }
}
