using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Tests;

public sealed class CompareTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-compare-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string Folder(string name, params (string Scenario, string Variant, double Rate, int Trial)[] runs)
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, name));
        new MachineInfo { Hostname = name, CpuModel = "cpu-" + name, Kernel = "6.1" }.Save(folder.MachineJson);
        foreach (var r in runs)
            folder.Record(ResultCsvTests.FakeRun(r.Scenario, r.Variant, r.Rate, seconds: 11) with { Trial = r.Trial });
        return folder.Directory;
    }

    private static ComparisonResult Compare(string a, string b, ComparisonOptions? o = null) =>
        Comparison.Between(ComparisonInput.Load(a), ComparisonInput.Load(b), o ?? new ComparisonOptions());

    [Fact]
    public void OneRunEachGivesNoVerdictButSaysWhatTheSecondsShow()
    {
        string before = Folder("before", ("b2b", "lt-release", 1e6, 0));
        string after = Folder("after", ("b2b", "lt-release", 2e6, 0));
        ComparisonRow row = Compare(before, after).Rows.Single();
        Assert.Equal(Verdict.NeedsTrials, row.Verdict);
        Assert.StartsWith("seconds", row.Method);
        Assert.Contains("say faster", row.Method);
        Assert.Equal(2.0, row.Ratio.Ratio, 6);
        Assert.Contains("say slower", Compare(after, before).Rows.Single().Method);
        string same = Folder("same", ("b2b", "lt-release", 1e6, 0));
        Assert.Contains("say same", Compare(before, same).Rows.Single().Method);
    }

    [Fact]
    public void WithTrialsOnBothSidesTheIntervalDecides()
    {
        string a = Folder("a", ("b2b", "lt-release", 1e6, 0), ("b2b", "lt-release", 1.01e6, 1), ("b2b", "lt-release", 0.99e6, 2));
        string b = Folder("b", ("b2b", "lt-release", 1.5e6, 0), ("b2b", "lt-release", 1.52e6, 1), ("b2b", "lt-release", 1.49e6, 2));
        ComparisonRow row = Compare(a, b).Rows.Single();
        Assert.StartsWith("trials", row.Method);
        Assert.True(row.Ratio.HasInterval);
        Assert.Equal(Verdict.Faster, row.Verdict);
    }

    [Fact]
    public void PartialOverlapListsWhatIsOnOneSideAndComparesTheRest()
    {
        string a = Folder("a", ("b2b", "lt-release", 1e6, 0), ("parallel", "lt-release", 1e6, 0));
        string b = Folder("b", ("b2b", "lt-release", 1e6, 0), ("same-cpu", "lt-release", 1e6, 0));
        ComparisonResult c = Compare(a, b);
        Assert.Single(c.Rows);
        Assert.Equal(["parallel/lt-release"], c.OnlyInBaseline);
        Assert.Equal(["same-cpu/lt-release"], c.OnlyInCandidate);
        Assert.Contains(c.MachineDifferences, d => d.StartsWith("CPU"));
    }

    /// <summary>
    /// Two builds run in interleaved rounds (bench/ab-builds.sh): each side a folder of one-trial
    /// rounds, paired by round, so a drift the rounds share cancels. Here the machine's level moves
    /// 3x between rounds and the candidate is 1% faster in each: paired, the ratio is 1.01 with a
    /// narrow interval, "same" at 2%; taken as independent trials (Welch) it would be too noisy.
    /// </summary>
    [Fact]
    public void RoundsOfTwoBuildsArePairedByRound()
    {
        double[] level = [1.0, 2.0, 0.7, 1.6, 1.2];
        double[] wiggle = [1.000, 1.002, 0.999, 1.001, 0.998];
        for (int i = 0; i < level.Length; i++)
        {
            Folder($"before/r{i + 1:D2}", ("b2b", "lt-release", 1e6 * level[i], 0));
            Folder($"after/r{i + 1:D2}", ("b2b", "lt-release", 1.01e6 * level[i] * wiggle[i], 0));
        }
        ComparisonInput before = ComparisonInput.Load(Path.Combine(_dir, "before")), after = ComparisonInput.Load(Path.Combine(_dir, "after"));
        Assert.Equal((5, 5), (before.Rounds, after.Rounds));
        ComparisonRow row = Comparison.Between(before, after, new ComparisonOptions { Threshold = 0.02 }).Rows.Single();
        Assert.EndsWith("paired by round", row.Method);
        Assert.Equal("paired t on log ratios", row.Ratio.Method);
        Assert.InRange(row.Ratio.Ratio, 1.005, 1.015);
        Assert.Equal(Verdict.Same, row.Verdict);
        // The same trial means unpaired: the rounds' 3x spread swamps the 1%.
        Assert.False(RatioInterval.Of(before.Summary.Summaries.Single().TrialMeans, after.Summary.Summaries.Single().TrialMeans).High < 1.02);
    }

    [Fact]
    public void ARoundOfTwoTrialsOrOfAnotherCommitIsRefused()
    {
        Folder("two/r01", ("b2b", "lt-release", 1e6, 0), ("b2b", "lt-release", 1e6, 1));
        Folder("two/r02", ("b2b", "lt-release", 1e6, 0));
        Assert.Contains("a round holds one trial", Assert.Throws<RingbenchException>(() => ComparisonInput.Load(Path.Combine(_dir, "two"))).Message);
        foreach (var (round, commit) in new[] { ("r01", "aaaaaaa"), ("r02", "bbbbbbb") })
        {
            ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "mixed", round));
            new MachineInfo { Hostname = "m", Commit = commit }.Save(folder.MachineJson);
            folder.Record(ResultCsvTests.FakeRun("b2b", "lt-release", 1e6, seconds: 11));
        }
        Assert.Contains("a side's rounds are one build", Assert.Throws<RingbenchException>(() => ComparisonInput.Load(Path.Combine(_dir, "mixed"))).Message);
    }

    [Fact]
    public void TwoVariantsOfOneRunCompare()
    {
        string run = Folder("run", ("b2b", "lt-release", 1e6, 0), ("b2b", "et-seqcst", 0.5e6, 0), ("b2b", "lt-release", 1.02e6, 1),
            ("b2b", "et-seqcst", 0.52e6, 1), ("b2b", "lt-release", 0.97e6, 2), ("b2b", "et-seqcst", 0.48e6, 2));
        ComparisonRow row = Comparison.Variants(ComparisonInput.Load(run), "lt-release", "et-seqcst", new ComparisonOptions()).Rows.Single();
        Assert.Equal(("lt-release", "et-seqcst"), (row.Variant, row.CandidateVariant));
        Assert.Equal(Verdict.Slower, row.Verdict);
        Assert.Equal("paired t on log ratios", row.Ratio.Method); // one folder: the variants shared their trials
        Assert.InRange(row.Ratio.Ratio, 0.49, 0.51);
    }

    [Fact]
    public void NoOverlapMissingFileDuplicatesAndNaNAreClearErrors()
    {
        string a = Folder("a", ("b2b", "lt-release", 1e6, 0));
        string b = Folder("b", ("parallel", "lt-release", 1e6, 0));
        Assert.Contains("no scenario x variant in common", Assert.Throws<RingbenchException>(() => Compare(a, b)).Message);
        Assert.Contains("no such result folder", Assert.Throws<RingbenchException>(() => ComparisonInput.Load(Path.Combine(_dir, "nope"))).Message);

        string dup = Path.Combine(_dir, "dup.csv");
        var row = ResultRow.From(ResultCsvTests.FakeRun("b2b", "lt-release", 1e6));
        ResultCsv.Append(dup, [row, row]);
        Assert.Contains("dup.csv:3: duplicates line 2", Assert.Throws<RingbenchException>(() => ComparisonInput.Load(dup)).Message);

        string nan = Path.Combine(_dir, "nan.csv");
        ResultCsv.Append(nan, [row with { ThroughputMean = double.NaN }]);
        Assert.Contains("nan.csv:2: throughput is NaN", Assert.Throws<RingbenchException>(() => ComparisonInput.Load(nan)).Message);
    }

    [Fact]
    public void OutputsCarryEveryRow()
    {
        string a = Folder("a", ("b2b", "lt-release", 1e6, 0), ("parallel", "lt-release", 1e6, 0), ("b2b", "lt-release", 1.01e6, 1), ("parallel", "lt-release", 1.01e6, 1));
        string b = Folder("b", ("b2b", "lt-release", 2e6, 0), ("parallel", "lt-release", 1e6, 0), ("b2b", "lt-release", 2.02e6, 1), ("parallel", "lt-release", 0.99e6, 1));
        ComparisonResult c = Compare(a, b);
        string md = ComparisonReport.Markdown(c, 0.05);
        Assert.Contains("| b2b | lt-release |", md);
        Assert.Contains("| parallel | lt-release |", md);
        Assert.Equal(2, ComparisonReport.Csv(c).Count());
        Assert.True(c.HasRegression is false);
        Assert.True(Compare(b, a).HasRegression);
        string png = Path.Combine(_dir, "ratio.png");
        Plots.Figure.Save(ComparisonReport.Chart(c, 0.05), "ratio", [_dir]);
        Assert.True(new FileInfo(png).Length > 1000);
    }
}
