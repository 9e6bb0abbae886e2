using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Reports;

namespace Ringbench.Tests;

public class TrialStatisticsTests
{
    [Fact]
    public void OrderRotatesFromTrialToTrial()
    {
        IReadOnlyList<ConsumerVariant> abc = [ConsumerVariants.LevelRelease, ConsumerVariants.EdgeSeqCst, ConsumerVariants.NativeLibbpf];
        var slots = TrialSchedule.For(abc, 3).ToList();
        Assert.Equal(9, slots.Count);
        string Order(int trial) => string.Join(" ", slots.Where(s => s.Trial == trial).OrderBy(s => s.Position).Select(s => s.Variant.Name));
        Assert.Equal("lt-release et-seqcst libbpf", Order(0));
        Assert.Equal("et-seqcst libbpf lt-release", Order(1));
        Assert.Equal("libbpf lt-release et-seqcst", Order(2));
        // every variant takes every position once
        Assert.All(abc, v => Assert.Equal([0, 1, 2], slots.Where(s => s.Variant == v).Select(s => s.Position).Order()));
    }

    private static ResultRow Trial(string variant, int trial, double mean, double stddev = 0.1, string scenario = "parallel") => new()
    {
        Scenario = scenario, Group = "g", Label = "rb-libbpf", Variant = variant, Trial = trial,
        ThroughputMean = mean, ThroughputStdDev = stddev, SampleCount = 10, IntegrityOk = true,
    };

    [Fact]
    public void ClearShiftWithLowNoiseIsDecidedInTheRightDirection()
    {
        var before = new[] { 10.0, 10.2, 9.9, 10.1, 10.0 };
        var after = new[] { 20.1, 19.8, 20.3, 20.0, 19.9 };
        RatioInterval up = RatioInterval.Of(before, after);
        Assert.InRange(up.Ratio, 1.98, 2.02);
        Assert.True(up.Low > 1.9 && up.High < 2.1, $"[{up.Low}, {up.High}]");
        Assert.Equal(Verdict.Faster, VerdictRule.Decide(up));
        Assert.Equal(Verdict.Slower, VerdictRule.Decide(RatioInterval.Of(after, before)));
    }

    [Fact]
    public void BimodalTrialMeansGetNoVerdictBeforeEnoughTrials()
    {
        // Both variants swing between ~1 and ~6 M/s from run to run, as parallel does on a VM.
        var before = new[] { 0.8, 5.9, 1.1, 6.2, 0.9 };
        var after = new[] { 6.0, 1.0, 5.8, 0.7, 1.2 };
        RatioInterval r = RatioInterval.Of(before, after);
        Assert.True(r.Multimodal);
        Assert.Equal(Verdict.Multimodal, VerdictRule.Decide(r));
        Assert.Equal(Reproduction.TwoModes, Reproduction.Judge(r, 2.09, expectsChange: true).Outcome);
        // Unimodal noise of the same size is not called two modes.
        Assert.False(TrialModality.LooksMultimodal([1.0, 1.3, 1.7, 2.2, 2.9]));
        Assert.True(TrialModality.LooksMultimodal([1.0, 1.05, 3.1, 3.0]));
    }

    [Fact]
    public void ModesBothVariantsShareInATrialDoNotStopAPairedVerdict()
    {
        // The first trial slow for both, as a job's first minute is: each variant's means are 1.75x
        // apart, the per-trial ratios (1.32-1.65, as the C# pair's in results/2026-11-29-vm-fbe70b1) are steady.
        double[] ratios = [1.58, 1.47, 1.32, 1.65];
        double[] before = [10.0, 17.5, 18.0, 17.7];
        var baseline = before.Select((m, t) => (t, m)).ToList();
        var candidate = before.Select((m, t) => (t, m * ratios[t])).ToList();
        Assert.True(TrialModality.LooksMultimodal(before));
        RatioInterval paired = RatioInterval.Paired(baseline, candidate);
        Assert.False(paired.Multimodal);
        Assert.Equal(Verdict.Faster, VerdictRule.Decide(paired));
        Assert.Equal(0.95, paired.Confidence);
        // Unpaired, nothing cancels: Welch still asks each variant's means and withholds the verdict.
        RatioInterval welch = RatioInterval.Of(baseline.Select(b => b.m).ToList(), candidate.Select(c => c.Item2).ToList());
        Assert.True(welch.Multimodal);
        Assert.Equal(Verdict.Multimodal, VerdictRule.Decide(welch));
    }

    [Fact]
    public void SameDistributionComesOutSame()
    {
        var a = new[] { 10.0, 10.1, 9.95, 10.05, 10.0 };
        var b = new[] { 10.02, 9.98, 10.06, 10.0, 9.97 };
        Assert.Equal(Verdict.Same, VerdictRule.Decide(RatioInterval.Of(a, b)));
    }

    [Fact]
    public void OneTrialGivesNoIntervalAndNoVerdict()
    {
        RatioInterval r = RatioInterval.Of([10.0], [20.0]);
        Assert.False(r.HasInterval);
        Assert.Equal(2.0, r.Ratio, 12);
        Assert.Equal(Verdict.NeedsTrials, VerdictRule.Decide(r));
    }

    [Fact]
    public void ARateIntervalStopsAtZero()
    {
        // Drops of 0, 0 and 9 M/s over three trials: mean 3, sd 5.196; t(0.975, 2) = 4.302653 gives 3 -/+ 12.907.
        MeanInterval plain = MeanInterval.Of([0, 0, 9]);
        Assert.Equal(3 - 12.907, plain.Low, 2);
        MeanInterval rate = MeanInterval.OfRate([0, 0, 9]);
        Assert.Equal(0, rate.Low);
        Assert.Equal(plain.High, rate.High);
        Assert.Equal(0.99, RatioInterval.Of([1.0, 1.1], [1.2, 1.3], 0.99).Confidence);
    }

    [Fact]
    public void PairedIntervalMatchesTheTextbookTInterval()
    {
        // Log ratios 0.1, 0.2, 0.3: mean 0.2, sd 0.1, n 3; t(0.975, 2 df) = 4.302653 from the tables.
        // Half-width 4.302653 * 0.1 / sqrt(3) = 0.248414; the interval is exp(0.2 -/+ 0.248414).
        var baseline = new[] { (0, 1.0), (1, 1.0), (2, 1.0) };
        var candidate = new[] { (0, Math.Exp(0.1)), (1, Math.Exp(0.2)), (2, Math.Exp(0.3)) };
        RatioInterval r = RatioInterval.Paired(baseline, candidate, 0.95);
        Assert.Equal(Math.Exp(0.2), r.Ratio, 9);
        Assert.Equal(Math.Exp(0.2 - 0.248414), r.Low, 5);
        Assert.Equal(Math.Exp(0.2 + 0.248414), r.High, 5);
        Assert.Equal(3, r.Pairs);
    }

    [Fact]
    public void ReproductionIsDecidedByWhereThePatchRatioLies()
    {
        var tight = new RatioInterval(2.0, 1.9, 2.1, 3, 3) { Pairs = 3 };
        Assert.Equal(Reproduction.Reproduced, Reproduction.Judge(tight, 2.09, expectsChange: true).Outcome);
        var (outcome, detail) = Reproduction.Judge(tight, 2.4, expectsChange: true);
        Assert.Equal(Reproduction.NotReproduced, outcome);
        Assert.Contains("smaller", detail);
        Assert.Contains("larger", Reproduction.Judge(tight, 1.5, expectsChange: true).Detail);
        var nothing = new RatioInterval(1.0, 0.95, 1.06, 5, 5) { Pairs = 5 };
        Assert.Contains("absent", Reproduction.Judge(nothing, 1.4, expectsChange: true).Detail);
        var down = new RatioInterval(0.6, 0.5, 0.7, 5, 5) { Pairs = 5 };
        Assert.Contains("opposite", Reproduction.Judge(down, 2.09, expectsChange: true).Detail);
        // Holds both the patch's ratio and no change: inconclusive, with an estimate of the trials that would settle it.
        var wide = new RatioInterval(1.3, 0.9, 2.3, 3, 3) { Pairs = 3 };
        var inconclusive = Reproduction.Judge(wide, 2.09, expectsChange: true);
        Assert.Equal(Reproduction.Inconclusive, inconclusive.Outcome);
        Assert.Contains("more trial", inconclusive.Detail);
        // "No change" rows: the ±5% band decides.
        var flat = new RatioInterval(1.0, 0.98, 1.02, 3, 3) { Pairs = 3 };
        Assert.Equal(Reproduction.Reproduced, Reproduction.Judge(flat, 1.01, expectsChange: false).Outcome);
        Assert.Equal(Reproduction.NotReproduced, Reproduction.Judge(new RatioInterval(0.8, 0.75, 0.85, 3, 3) { Pairs = 3 }, 1.0, false).Outcome);
        Assert.Equal(Reproduction.Inconclusive, Reproduction.Judge(new RatioInterval(0.97, 0.9, 1.03, 3, 3) { Pairs = 3 }, 1.0, false).Outcome);
        Assert.Equal(Reproduction.NeedsTrials, Reproduction.Judge(RatioInterval.Of([1.0], [2.0]), 2.0, true).Outcome);
    }

    [Fact]
    public void PooledStatisticsCombineTrialsExactly()
    {
        // Trials of seconds {1,2,3} and {5,6,7}: pooled mean 4, pooled sample sd of all six.
        var s = TrialSummary.From([Trial("a", 0, 2, 1) with { SampleCount = 3 }, Trial("a", 1, 6, 1) with { SampleCount = 3 }]).Single();
        double[] all = [1, 2, 3, 5, 6, 7];
        Assert.Equal(4, s.PooledThroughput.Mean, 12);
        Assert.Equal(SummaryStatistics.Of(all).StdDev, s.PooledThroughput.StdDev, 12);
        Assert.Equal(Math.Sqrt(8) / 4, s.BetweenTrialCv, 12);
        Assert.True(s.NoiseFlag); // between-trial CV 0.71 against within-trial ~0.33
    }

    [Fact]
    public void SteadyTrialsAreNotFlaggedAsNoisy()
    {
        var s = TrialSummary.From([Trial("a", 0, 10, 0.5), Trial("a", 1, 10.1, 0.5), Trial("a", 2, 9.9, 0.5)]).Single();
        Assert.False(s.NoiseFlag);
        Assert.InRange(s.BetweenTrialCv, 0.005, 0.015);
    }

    [Fact]
    public void SmallRunToRunSpreadIsNotFlaggedEvenIfTwiceTheWithinSpread()
    {
        // b2b on the VM: 1% within, 2% between. Steady, not noisy.
        var s = TrialSummary.From([Trial("a", 0, 20.0, 0.2), Trial("a", 1, 19.4, 0.2), Trial("a", 2, 20.2, 0.2)]).Single();
        Assert.True(s.BetweenTrialCv > 2 * s.WithinTrialCv);
        Assert.False(s.NoiseFlag);
    }

    [Fact]
    public void WakeupCountersAgreeWithRecordsConsumed()
    {
        // Two measured seconds by hand: 1000 records in 10 wake-ups, 3000 in 30: 100 records a wake-up,
        // whether taken per second or pooled; the warm-up second (5 records, 5 wake-ups) is left out.
        var run = ResultCsvTests.FakeRun("parallel", "lt-release", 1e6) with
        {
            Samples =
            [
                new Sample(0, true, 1.0, 5, 0, 5, 5, 5, 0, 0, 0),
                new Sample(1, false, 1.0, 1000, 0, 10, 10, 10, 0, 0, 0),
                new Sample(2, false, 1.0, 3000, 0, 30, 30, 30, 0, 0, 0),
            ],
        };
        var row = ResultRow.From(run);
        Assert.Equal(40, row.Wakeups);
        Assert.Equal(100, row.RecordsPerWakeup, 9);
        Assert.Equal(100, TrialSummary.From([row]).Single().RecordsPerWakeup, 9);
    }

    [Fact]
    public void ReproductionReportComparesRatiosScenarioByScenario()
    {
        // The repository's own copy (results/reference), so a clone without ../shared runs this too.
        List<ResultRow> reference = SettingsAndScenarioTests.RepositoryReference();
        Assert.Equal(72, reference.Count);
        var measured = new List<ResultRow>();
        for (int t = 0; t < 3; t++)
        {
            measured.Add(Trial("lt-release", t, 9.5 + 0.5 * t));
            measured.Add(Trial("et-seqcst", t, 21.8 - 0.9 * t));
            measured.Add(Trial("lt-release", t, 5 + 0.05 * t, scenario: "reserve"));
            measured.Add(Trial("et-seqcst", t, 5 + 0.05 * t, scenario: "reserve"));
        }
        for (int t = 0; t < 3; t++)
        {
            measured.Add(Trial("kernel-bench", t, 7 + 0.1 * t, scenario: "reserve"));
            measured.Add(Trial("kernel-bench-2", t, 7.02 + 0.1 * t, scenario: "reserve"));
            measured.Add(Trial("libbpf-before", t, 9.7 + 0.4 * t));
            measured.Add(Trial("libbpf-after", t, 20.5 - 0.5 * t));
        }
        var rows = Reproduction.Compute(PairResult.Compute(TrialSummary.From(measured), RatioInterval.DefaultConfidence), TrialSummary.From(reference));
        // parallel: the libbpf pair first (the headline), then the C# pair; reserve: the A/A pair, then the C# pair, not judged.
        Assert.Equal(["parallel/libbpf built from source", "parallel/C# port", "reserve/kernel bench A/A", "reserve/C# port"],
            rows.Select(r => $"{r.Scenario}/{r.Pair}"));
        Reproduction.Row parallel = rows[0];
        Assert.True(parallel.Headline);
        Assert.False(rows[1].Headline);
        Assert.Equal(43.366 / 20.755, parallel.PatchRatio, 9);
        Assert.Equal(Reproduction.Reproduced, parallel.Outcome);
        Assert.Equal("paired t on log ratios", parallel.Method);
        Reproduction.Row aa = rows[2];
        Assert.True(aa.IsControl && aa.Headline);
        Assert.Equal("no change", aa.Expected);
        Assert.Equal(Reproduction.Reproduced, aa.Outcome);
        Assert.Equal(Reproduction.NotJudged, rows[3].Outcome);

        // The patch's own noise, from its 15 control rows (one unchanged consumer, two runs).
        var (n, sd, min, _, beyond, _) = Reproduction.PatchNoise(TrialSummary.From(reference));
        Assert.Equal(15, n);
        Assert.Equal(30.577 / 33.925, min, 9); // reserve-sampled, the row the patch's author called worse
        Assert.InRange(sd, 0.02, 0.06);
        Assert.Equal(["parallel", "parallel-sampled", "multi-producer-1"], beyond.Take(3));
        string md = ReproductionReport.Markdown(FolderSummary.Of(measured, new MachineInfo(), patch: new FolderSummary.ReferenceRun(reference, PatchReference.Machine)));
        Assert.Contains("Claims beyond that: parallel, parallel-sampled, multi-producer-1", md);
    }
}
