using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>The strategy view of a result folder: ceiling share, frontier, recommendation, figures and compare, from fixture CSVs.</summary>
public sealed class StrategyReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-strategies-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>parallel: four strategies and the ceiling. lt-release is prompt but slow, timed-1ms fast but late, hybrid worse than lt-release on both.</summary>
    private ResultFolder Fixture(int trials = 3, string name = "run", double ceilingRate = 10e6) =>
        StrategyFolder(Path.Combine(_dir, name), trials, ceilingRate);

    internal static ResultFolder StrategyFolder(string directory, int trials = 3, double ceilingRate = 10e6)
    {
        ResultFolder folder = ResultFolder.CreateNew(directory);
        new MachineInfo { Hostname = "fixture-host", CpuModel = "Test CPU", Cpus = 2, Kernel = "6.0-test", Virtualization = "none", Commit = "abc1234" }
            .Save(folder.MachineJson);
        for (int trial = 0; trial < trials; trial++)
        {
            foreach (var (variant, rate, p99Us, ceiling) in new[]
                     {
                         ("lt-release", 2e6, 100.0, false), ("et-seqcst", 4e6, 200.0, false), ("timed-1ms", 9e6, 2000.0, false),
                         ("hybrid-50us", 1.5e6, 300.0, false), ("ceiling", ceilingRate, 1500.0, true),
                     })
            {
                // 98 samples at half of p99Us and two at p99Us: the 99th percentile is p99Us.
                long[] ns = Enumerable.Repeat((long)(p99Us * 500), 98).Concat([(long)(p99Us * 1000), (long)(p99Us * 1000)]).ToArray();
                folder.Record(ResultCsvTests.FakeRun("parallel", variant, rate * (1 + 0.02 * trial)) with
                {
                    Trial = trial, Traits = ConsumerVariants.TraitsOf(variant) with { Wait = ceiling ? "adaptive timed poll" : "some wait" },
                    Latency = LatencyStatistics.Of(ns, 0),
                });
            }
        }
        return folder;
    }

    private static IReadOnlyList<StrategyPoint> Points(ResultFolder f) => FolderSummary.Load(f, null).Strategies;

    private static IReadOnlyList<FigureSet.Written> Draw(ResultFolder f) => FigureSet.Draw(f, FolderSummary.Load(f, null));

    [Fact]
    public void EachVariantIsReadAsAShareOfTheCeilingOfTheSameScenario()
    {
        IReadOnlyList<StrategyPoint> points = Points(Fixture());
        StrategyPoint timed = points.Single(p => p.Variant == "timed-1ms");
        Assert.Equal(0.9, timed.OfCeiling!.Ratio, 3);
        Assert.True(timed.OfCeiling.HasInterval);
        StrategyPoint ceiling = points.Single(p => p.Variant == "ceiling");
        Assert.True(ceiling.IsCeiling);
        Assert.Null(ceiling.OfCeiling);
        Assert.Equal(2000, timed.P99.Mean, 6);
    }

    [Fact]
    public void FrontierKeepsTheUndominatedStrategiesAndLeavesTheCeilingOut()
    {
        IReadOnlyList<StrategyPoint> frontier = StrategySummary.Frontier(Points(Fixture()));
        Assert.Equal(["timed-1ms", "et-seqcst", "lt-release"], frontier.Select(p => p.Variant));
    }

    [Fact]
    public void SummaryLabelsTheCeilingRowAndRecommendsFromTheFrontier()
    {
        ResultFolder folder = Fixture();
        string md = MatrixSummary.Markdown(FolderSummary.Load(folder, null));
        Assert.Contains("## Share of the ceiling", md);
        Assert.Contains("| ceiling (reference) | adaptive timed poll |", md);
        Assert.Contains("For throughput take timed-1ms; for latency take lt-release.", md);
        Assert.Contains("Dominated: hybrid-50us (by lt-release)", md);
        Assert.Contains("fixture-host", md[md.IndexOf("## Recommendation", StringComparison.Ordinal)..]);
    }

    [Fact]
    public void RecommendationSaysWhenAnOverlappingIntervalLeavesThePickUnsettled()
    {
        static StrategyPoint Point(string variant, double mps, double low, double high, double p99) => new(
            "parallel", variant, "wait", "never", false,
            new MeanInterval(mps, low, high, 3), new MeanInterval(0, 0, 0, 3), new MeanInterval(p99, p99 - 1, p99 + 1, 3),
            new MeanInterval(0, 0, 0, 3), new MeanInterval(0, 0, 0, 3), new MeanInterval(0.5, 0.4, 0.6, 3), null);
        var machine = new MachineInfo { Hostname = "h" };
        string clear = StrategyReport.Recommendation(StrategySummary.Recommend([Point("fast", 10, 9.5, 10.5, 500), Point("prompt", 5, 4.5, 5.5, 100)]), machine);
        Assert.Contains("For throughput take fast; for latency take prompt.", clear);
        string close = StrategyReport.Recommendation(StrategySummary.Recommend([Point("fast", 10, 8, 12, 500), Point("prompt", 9, 7, 11, 100)]), machine);
        Assert.Contains("For throughput take fast (not settled: prompt within its interval)", close);
    }

    [Fact]
    public void NoRecommendationFromASingleTrial()
    {
        ResultFolder folder = Fixture(trials: 1);
        string md = MatrixSummary.Markdown(FolderSummary.Load(folder, null));
        Assert.Contains("no recommendation: 1 trial(s) per variant", md);
        Assert.DoesNotContain("For throughput take", md);
    }

    [Fact]
    public void FolderWithoutACeilingHasNoStrategySections()
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "plain"));
        new MachineInfo { Hostname = "h" }.Save(folder.MachineJson);
        folder.Record(ResultCsvTests.FakeRun("parallel", "lt-release", 1e6));
        Assert.DoesNotContain("ceiling", MatrixSummary.Markdown(FolderSummary.Load(folder, null)));
    }

    [Fact]
    public void ThroughputAgainstLatencyAndCeilingShareFiguresAreDrawn()
    {
        IReadOnlyList<FigureSet.Written> figures = Draw(Fixture());
        Assert.Contains(figures, f => f.Name == "strategies-parallel");
        Assert.Contains(figures, f => f.Name == "ceiling-share");
        string svg = File.ReadAllText(Path.Combine(_dir, "run", "plots", "strategies-parallel.svg"));
        Assert.Contains("ceiling: 10.", svg);
        Assert.Contains("timed-1ms", svg);
    }

    [Fact]
    public void CompareShowsEachSidesShareOfItsOwnCeiling()
    {
        ResultFolder slow = Fixture(name: "slow", ceilingRate: 20e6), fast = Fixture(name: "fast", ceilingRate: 10e6);
        ComparisonResult c = Comparison.Between(ComparisonInput.Load(slow.Directory), ComparisonInput.Load(fast.Directory),
            new ComparisonOptions { Variants = ["timed-1ms"] });
        ComparisonRow row = c.Rows.Single();
        Assert.Equal(0.45, row.BaselineCeilingShare, 3);
        Assert.Equal(0.9, row.CandidateCeilingShare, 3);
        Assert.Contains("45 % → 90 %", ComparisonReport.Markdown(c, 0.05));
    }
}
