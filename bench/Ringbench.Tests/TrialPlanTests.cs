using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Running;
using Xunit.Abstractions;

namespace Ringbench.Tests;

/// <summary>
/// The main job's plan: which open verdicts get the budget's time, how many trials a verdict
/// needs, what the run-length check reads from a folder, and the seeded simulation that says the
/// short timing and the budgeted looks keep the error rates (issue: the full matrix in an hour).
/// </summary>
public class TrialPlanTests(ITestOutputHelper output)
{
    private const double MinimumCoverage = 0.93;
    // A false verdict needs an interval that misses the truth, so a 95% interval allows 5%. Most
    // cells measure far less; the paired t on three trials of 60% noise measures 3.7% (seed
    // 20231126): the interval at its nominal rate, no longer hidden by a modality rule that used to
    // withhold a verdict whenever one variant's three means spread apart, even when the pairing
    // cancelled the spread.
    private const double MaximumFalseVerdicts = 1 - SequentialPlan.FamilyConfidence;
    private const int Seed = 20261129;

    private static AdaptiveTrials.Status Open(string scenario, int trials, int? toSettle) =>
        new(scenario, trials, true, "open") { Before = "b", After = "a", TrialsToSettle = toSettle };

    [Fact]
    public void TheBudgetGoesToTheVerdictsClosestToSettlingFirst()
    {
        var plan = SequentialPlan.Parse("4,6,8");
        AdaptiveTrials.Status[] statuses =
        [
            Open("needs-thirty", 4, 30), Open("needs-six", 4, 6), Open("needs-five", 4, 5),
            Open("never", 4, null), new("settled", 4, false, "same") { Before = "b", After = "a", TrialsToSettle = 4 },
        ];
        // Each grant: 2 more trials x 2 variants x 2 s = 8 s.
        var some = TrialAllocation.Choose(statuses, plan, secondsPerRun: 2, remainingSeconds: 17);
        Assert.Equal(["needs-five", "needs-six"], some.Select(g => g.Scenario));
        Assert.All(some, g => Assert.Equal(6, g.Target));
        Assert.All(some, g => Assert.Equal(["b", "a"], g.Variants));
        Assert.All(some, g => Assert.Equal(8, g.Seconds, 9));

        var all = TrialAllocation.Choose(statuses, plan, secondsPerRun: 2, remainingSeconds: null);
        Assert.Equal(["needs-five", "needs-six", "needs-thirty", "never"], all.Select(g => g.Scenario));

        Assert.Empty(TrialAllocation.Choose(statuses, plan, secondsPerRun: 2, remainingSeconds: 7.9));
    }

    /// <summary>
    /// A pair in two modes has no verdict before <see cref="TrialModality.TrustedFromTrials"/>
    /// trials: its grant goes from 4 straight to the look at 8, not to 6, where its runs could not
    /// settle it (results/2026-12-06-vm-cb31431 ended its budget with six such rows at 6 trials);
    /// a pair in one mode still goes to its next look, and a plan with no look at 8 or more goes
    /// as far as it has.
    /// </summary>
    [Fact]
    public void APairInTwoModesGoesStraightToTheFirstLookThatCanJudgeIt()
    {
        var plan = SequentialPlan.Default;
        AdaptiveTrials.Status twoModes = Open("two-modes", 4, 8) with { FewestForVerdict = TrialModality.TrustedFromTrials };
        var grants = TrialAllocation.Choose([twoModes, Open("one-mode", 4, 6)], plan, secondsPerRun: 2, remainingSeconds: null);
        Assert.Equal(8, grants.Single(g => g.Scenario == "two-modes").Target);
        Assert.Equal(2 * (8 - 4) * 2.0, grants.Single(g => g.Scenario == "two-modes").Seconds, 9);
        Assert.Equal(6, grants.Single(g => g.Scenario == "one-mode").Target);
        Assert.Equal(6, TrialAllocation.Choose([twoModes], SequentialPlan.Parse("4,6"), 2, null).Single().Target);
        // A budget that holds the look at 6 but not the one at 8 gives the pair in two modes nothing.
        Assert.Empty(TrialAllocation.Choose([twoModes], plan, 2, remainingSeconds: 10));
    }

    [Fact]
    public void AScenarioAtTheLastLookGetsNothingMore()
    {
        var plan = SequentialPlan.Parse("4,6");
        Assert.Empty(TrialAllocation.Choose([Open("x", 6, 7)], plan, 2, null));
        // A cheap grant further down the order still fits where a dear one did not.
        // "dear" is closer to settling but its next look (8) costs 4 x 2 x 2 = 16 s; "cheap" needs one trial (4 s).
        var grants = TrialAllocation.Choose([Open("dear", 4, 5), Open("cheap", 8, 9)], SequentialPlan.Parse("4,8,9"), 2, 5);
        Assert.Equal(["cheap"], grants.Select(g => g.Scenario));
    }

    [Fact]
    public void TrialsToReachSolvesTheTIntervalsWidth()
    {
        // Four paired trials whose log ratios have sample sd exactly 0.1: +x, -x, +x, -x with x = 0.1 / sqrt(4/3).
        double x = 0.1 / Math.Sqrt(4.0 / 3);
        var baseline = Enumerable.Range(0, 4).Select(t => (t, 1.0)).ToList();
        var candidate = Enumerable.Range(0, 4).Select(t => (t, Math.Exp(t % 2 == 0 ? x : -x))).ToList();
        RatioInterval interval = RatioInterval.Paired(baseline, candidate, 0.95);
        // By hand: t(0.975, 17) * 0.1 / sqrt(18) = 2.110 * 0.02357 = 0.0497 <= 0.05, and
        //          t(0.975, 16) * 0.1 / sqrt(17) = 2.120 * 0.02425 = 0.0514 >  0.05.
        Assert.Equal(18, interval.TrialsToReach(0.05));
        Assert.Equal(4, interval.TrialsToReach(1.0));
        Assert.Null(interval.TrialsToReach(0.001, most: 100));
    }

    [Fact]
    public void AnOpenVerdictSaysHowFarItIsFromSettling()
    {
        // A true 20% gain seen through 10% noise is open at 4 trials and needs a handful more; a
        // ratio of exactly 1.05 sits on the band's edge and is ranked as far as any.
        var baseline = Enumerable.Range(0, 4).Select(t => (t, 10.0)).ToList();
        var gain = Enumerable.Range(0, 4).Select(t => (t, new[] { 10.0, 14.0, 11.0, 13.0 }[t])).ToList();
        var status = AdaptiveTrials.OfVerdict("s", 4, RatioInterval.Paired(baseline, gain, 0.99), "pair", "b", "a");
        Assert.True(status.Open);
        Assert.InRange(status.TrialsToSettle!.Value, 5, 40);
        Assert.Equal(("b", "a"), (status.Before, status.After));
    }

    [Fact]
    public void RunLengthRecoversKnownSpreadsAndTheBestLength()
    {
        // 12 trials of one pair of variants, 1 s each: log trial means with between-run sd 0.05, and
        // halves of each second with sd 0.02 (so one second's log rate has sd 0.02 / sqrt(2)).
        var random = new Random(Seed);
        var rows = new List<ResultRow>();
        var samples = new List<SampleRow>();
        const double betweenSd = 0.05, halfSd = 0.02;
        for (int trial = 0; trial < 400; trial++)
        {
            double level = 10 * Math.Exp(betweenSd * VerdictSimulation.Normal(random));
            double first = level * Math.Exp(halfSd * VerdictSimulation.Normal(random)), second = level * Math.Exp(halfSd * VerdictSimulation.Normal(random));
            double mean = (first + second) / 2;
            rows.Add(new ResultRow
            {
                Scenario = "s", Variant = "v", Trial = trial, ThroughputMean = mean, SampleCount = 1, WarmupSeconds = 1,
                DurationSeconds = 1, IntegrityOk = true, StartedAt = DateTimeOffset.UnixEpoch.AddSeconds(trial * 2.5),
            });
            samples.Add(new SampleRow
            {
                Scenario = "s", Variant = "v", Trial = trial, Index = 1, ElapsedSeconds = 1, Records = (long)(mean * 1e6),
                FirstHalfRecords = (long)(first * 0.5e6), FirstHalfSeconds = 0.5,
            });
        }
        Assert.Equal(0.5, RunLength.OverheadSeconds(rows), 6);
        var check = RunLength.Check(TrialSummary.From(rows), samples, 0.5).Single();
        output.WriteLine(check.ToString());
        Assert.InRange(check.WithinLogSd, 0.8 * halfSd / Math.Sqrt(2), 1.2 * halfSd / Math.Sqrt(2));
        Assert.InRange(check.BetweenLogSd, 0.8 * betweenSd, 1.2 * betweenSd);
        // (s_w / s_b) sqrt(w + o) = (0.0141 / 0.05) * sqrt(1.5) = 0.35: one second is the best length, nothing lost.
        Assert.Equal(1, check.BestSeconds);
        Assert.Equal(1, check.Efficiency, 6);
    }

    [Fact]
    public void RunLengthSaysWhenLongerRunsWouldHaveBeenBetter()
    {
        // A machine that does not move between runs (sd 0.001) but whose seconds swing (halves sd 0.2):
        // here a longer run is what buys precision, and the check must say so. (From one-second runs
        // s_b is the difference of two variances of about the same size, so it takes many trials to
        // see that it is small: 2000 here.)
        var random = new Random(Seed);
        var rows = new List<ResultRow>();
        var samples = new List<SampleRow>();
        for (int trial = 0; trial < 2000; trial++)
        {
            double level = 10 * Math.Exp(0.001 * VerdictSimulation.Normal(random));
            double first = level * Math.Exp(0.2 * VerdictSimulation.Normal(random)), second = level * Math.Exp(0.2 * VerdictSimulation.Normal(random));
            rows.Add(new ResultRow { Scenario = "s", Variant = "v", Trial = trial, ThroughputMean = (first + second) / 2, SampleCount = 1, WarmupSeconds = 1, DurationSeconds = 1 });
            samples.Add(new SampleRow { Scenario = "s", Variant = "v", Trial = trial, Index = 1, ElapsedSeconds = 1, Records = (long)((first + second) / 2 * 1e6), FirstHalfRecords = (long)(first * 0.5e6), FirstHalfSeconds = 0.5 });
        }
        var check = RunLength.Check(TrialSummary.From(rows), samples, 0.1).Single();
        output.WriteLine(check.ToString());
        Assert.True(check.BestSeconds >= 4, check.ToString());
        Assert.True(check.Efficiency < RunLength.FindingBelow, check.ToString());
    }

    public static TheoryData<string, int, int> Designs()
    {
        var cells = new TheoryData<string, int, int>();
        foreach (var c in PlanSimulation.Components.All)
        {
            cells.Add(c.Name, 3, 10);
            cells.Add(c.Name, 1, 1);
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void BothTimingsKeepTheRatesWithDriftAndWithinRunNoise(string spreads, int warmup, int duration)
    {
        var c = PlanSimulation.Components.All.Single(x => x.Name == spreads);
        var t = new PlanSimulation.Timing(warmup, duration);
        var equal = PlanSimulation.Design(c, t, PlanSimulation.ThreeScriptTrialsMinutes, 1000, Seed);
        var different = PlanSimulation.Design(c, t, PlanSimulation.ThreeScriptTrialsMinutes, 1000, Seed + 1, trueRatio: 1.5);
        output.WriteLine(equal.Row());
        output.WriteLine(different.Row());
        Assert.True(equal.Coverage >= MinimumCoverage, equal.Row());
        Assert.True(equal.FalseVerdicts <= MaximumFalseVerdicts, equal.Row());
        Assert.True(different.Coverage >= MinimumCoverage, different.Row());
    }

    [Theory]
    [InlineData("steady")]
    [InlineData("middling")]
    [InlineData("noisy")]
    public void ShortRunsGiveNarrowerIntervalsInTheSameTime(string spreads)
    {
        var c = PlanSimulation.Components.All.Single(x => x.Name == spreads);
        var script = PlanSimulation.Design(c, PlanSimulation.Timing.Script, PlanSimulation.ThreeScriptTrialsMinutes, 1000, Seed);
        var shortRuns = PlanSimulation.Design(c, PlanSimulation.Timing.Short, PlanSimulation.ThreeScriptTrialsMinutes, 1000, Seed);
        output.WriteLine(script.Row());
        output.WriteLine(shortRuns.Row());
        Assert.True(shortRuns.MeanLogHalfWidth < script.MeanLogHalfWidth, $"{shortRuns.Row()} vs {script.Row()}");
    }

    [Fact]
    public void TheBudgetedPlanKeepsTheRatesAndSettlesMoreThanThreeScriptTrials()
    {
        var scenarios = PlanSimulation.MainJobLike();
        var budgeted = PlanSimulation.Matrix(scenarios, PlanSimulation.Timing.Short, SequentialPlan.Default, 57, 60, Seed);
        var script = PlanSimulation.Matrix(scenarios, PlanSimulation.Timing.Script, null, null, 60, Seed);
        output.WriteLine(budgeted.Row());
        output.WriteLine(script.Row());
        Assert.True(budgeted.Coverage >= MinimumCoverage, budgeted.Row());
        Assert.True(budgeted.FalseVerdicts <= MaximumFalseVerdicts, budgeted.Row());
        Assert.True(budgeted.Minutes <= 57, budgeted.Row());
        Assert.True(budgeted.Settled >= script.Settled, $"{budgeted.Row()} vs {script.Row()}");
        Assert.True(script.Minutes > 2 * budgeted.Minutes, $"{budgeted.Row()} vs {script.Row()}");
    }
}
