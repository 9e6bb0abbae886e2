using Ringbench.Analysis;
using Xunit.Abstractions;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// The error rates of the intervals and verdicts, measured by a seeded simulation with known
/// truth (<see cref="VerdictSimulation"/>): coverage of the true ratio at least 93%, and two equal
/// variants called faster or slower in at most the interval's nominal 5% of experiments, for
/// lognormal noise of 5, 20 and 60% and for bimodal trial means (per run and per trial), at 3 to
/// 10 trials, fixed and adaptive.
/// </summary>
public class StatisticsSimulationTests(ITestOutputHelper output)
{
    private const int Experiments = 2000;
    private const int Seed = 20231126;
    private const double MinimumCoverage = 0.93;
    // A false verdict needs an interval that misses the truth, so a 95% interval allows 5%. Most
    // cells measure far less; the paired t on three trials of 60% noise measures 3.7% (seed
    // 20231126): the interval at its nominal rate, no longer hidden by a modality rule that used to
    // withhold a verdict whenever one variant's three means spread apart, even when the pairing
    // cancelled the spread.
    private const double MaximumFalseVerdicts = 1 - SequentialPlan.FamilyConfidence;

    public static TheoryData<int, int> LogNormalCells()
    {
        var cells = new TheoryData<int, int>();
        foreach (int cv in new[] { 5, 20, 60 })
            foreach (int n in new[] { 3, 5, 10 })
                cells.Add(cv, n);
        return cells;
    }

    [Theory]
    [MemberData(nameof(LogNormalCells))]
    public void PairedIntervalCoversTheTruthAndRarelyCallsEqualVariantsDifferent(int cvPercent, int trials)
    {
        var cell = VerdictSimulation.Fixed(VerdictSimulation.Noise.LogNormal(cvPercent / 100.0), trials, Experiments, Seed);
        output.WriteLine(cell.Row());
        Assert.True(cell.Coverage >= MinimumCoverage, cell.Row());
        Assert.True(cell.FalseVerdicts <= MaximumFalseVerdicts, cell.Row());
    }

    [Theory]
    [MemberData(nameof(LogNormalCells))]
    public void IntervalCoversATrueDifferenceToo(int cvPercent, int trials)
    {
        var cell = VerdictSimulation.Fixed(VerdictSimulation.Noise.LogNormal(cvPercent / 100.0), trials, Experiments, Seed + 1, trueRatio: 2.09);
        output.WriteLine(cell.Row());
        Assert.True(cell.Coverage >= MinimumCoverage, cell.Row());
    }

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    public void WelchOnTheLogsCoversTheTruthWhenTrialsCannotBePaired(int cvPercent)
    {
        var cell = VerdictSimulation.Fixed(VerdictSimulation.Noise.LogNormal(cvPercent / 100.0), 5, Experiments, Seed, paired: false);
        output.WriteLine(cell.Row());
        Assert.True(cell.Coverage >= MinimumCoverage, cell.Row());
        Assert.True(cell.FalseVerdicts <= MaximumFalseVerdicts, cell.Row());
    }

    [Theory]
    [InlineData(30, 3)]
    [InlineData(30, 5)]
    [InlineData(30, 8)]
    [InlineData(30, 10)]
    [InlineData(50, 5)]
    [InlineData(50, 8)]
    [InlineData(50, 10)]
    public void BimodalTrialMeansRarelyGiveAWrongVerdict(int highModePercent, int trials)
    {
        // Each run in the high mode (x3) with this probability, independently: the two modes the
        // parallel scenario shows, in their harsh form (the per-trial ratios have modes too). Below
        // TrustedFromTrials the rule withholds the verdict; from there on the interval keeps the
        // folder's 95% (measured 2.8-3.4% false verdicts at 8 and 10 trials, seed 20231126).
        var cell = VerdictSimulation.Fixed(VerdictSimulation.Noise.TwoModes(highModePercent / 100.0, 3), trials, Experiments, Seed);
        output.WriteLine(cell.Row());
        Assert.True(cell.FalseVerdicts <= MaximumFalseVerdicts, cell.Row());
        Assert.True(cell.Coverage >= MinimumCoverage, cell.Row());
    }

    [Theory]
    [InlineData(4)]
    [InlineData(6)]
    public void ModesATrialSharesCancelInThePairedRatio(int trials)
    {
        // The machine's state puts both variants in the slow mode in the same trial (the job's first
        // trial in results/2026-11-29-vm-fbe70b1): each variant's trial means have two modes, the
        // per-trial ratio does not. The rule asks the ratios, so a true 2.09x settles at the first
        // looks, and two equal variants are still rarely called different.
        var noise = VerdictSimulation.Noise.TwoModesPerTrial(0.3, 3);
        var effect = VerdictSimulation.Fixed(noise, trials, Experiments, Seed + 2, trueRatio: 2.09);
        output.WriteLine(effect.Row());
        Assert.True(effect.Coverage >= MinimumCoverage, effect.Row());
        Assert.True(effect.NoVerdict <= 0.05, effect.Row());
        var equal = VerdictSimulation.Fixed(noise, trials, Experiments, Seed);
        output.WriteLine(equal.Row());
        Assert.True(equal.FalseVerdicts <= MaximumFalseVerdicts, equal.Row());
        Assert.True(equal.Coverage >= MinimumCoverage, equal.Row());
    }

    [Fact]
    public void EvenModesAtThreeTrialsAreTheKnownExceptionAndItIsMeasured()
    {
        // With modes 50/50 and 3 trials, in 2 x 0.5^6 = 3.1% of experiments every run of one variant
        // lands in one mode and every run of the other in the other: no rule on that row's data can
        // tell this from a real 3x difference. The rate is stated, not hidden: about 3.1% plus noise.
        var cell = VerdictSimulation.Fixed(VerdictSimulation.Noise.TwoModes(0.5, 3), 3, Experiments, Seed);
        output.WriteLine(cell.Row());
        Assert.InRange(cell.FalseVerdicts, 0.02, 0.05);
        Assert.True(cell.Coverage >= MinimumCoverage, cell.Row());
    }

    [Theory]
    [InlineData(5, 0)]
    [InlineData(20, 0)]
    [InlineData(60, 0)]
    [InlineData(0, 30)]
    public void AdaptiveTrialsKeepTheRatesDespiteTheRepeatedLooks(int cvPercent, int highModePercent)
    {
        VerdictSimulation.Noise noise = highModePercent > 0
            ? VerdictSimulation.Noise.TwoModes(highModePercent / 100.0, 3)
            : VerdictSimulation.Noise.LogNormal(cvPercent / 100.0);
        var cell = VerdictSimulation.Sequential(noise, SequentialPlan.Default, Experiments, Seed);
        output.WriteLine(cell.Row());
        if (highModePercent == 0)
            Assert.True(cell.Coverage >= MinimumCoverage, cell.Row());
        Assert.True(cell.FalseVerdicts <= MaximumFalseVerdicts, cell.Row());
        Assert.InRange(cell.MeanTrials, SequentialPlan.Default.MinimumTrials, SequentialPlan.Default.MaximumTrials);
    }

    [Fact]
    public void SingleRunMannWhitneyHoldsItsRateOnlyWithoutRunToRunNoise()
    {
        // Same level in both runs: the seconds-based equivalence test keeps its error rate.
        var quiet = VerdictSimulation.SingleRun(VerdictSimulation.Noise.LogNormal(0), 10, 0.03, 500, Seed);
        output.WriteLine(quiet.Row());
        Assert.True(quiet.FalseVerdicts <= MaximumFalseVerdicts, quiet.Row());
        // With the run-to-run noise these machines have, the seconds cannot see it: the path calls
        // equal variants different far too often. That is why compare says it is no verdict.
        var noisy = VerdictSimulation.SingleRun(VerdictSimulation.Noise.LogNormal(0.20), 10, 0.03, 500, Seed);
        output.WriteLine(noisy.Row());
        Assert.True(noisy.FalseVerdicts > 0.2, noisy.Row());
    }

    [Fact]
    public void LooksSpendTheErrorEvenly()
    {
        SequentialPlan plan = SequentialPlan.Parse("3,5,8,10");
        Assert.Equal(1 - 0.05 / 4, plan.Confidence, 12);
        Assert.Equal(5, plan.NextLook(3));
        Assert.Null(plan.NextLook(10));
        Assert.Throws<RingbenchException>(() => SequentialPlan.Parse("5,3"));
        Assert.Throws<RingbenchException>(() => SequentialPlan.Parse("1,2"));
    }
}
