using System.Globalization;
using System.Text;
using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// The error rates of ringbench's intervals and verdicts, measured rather than assumed: a seeded
/// simulation of trial means with a known true ratio, run through exactly the code the reports
/// use (<see cref="RatioInterval"/>, <see cref="VerdictRule"/>, <see cref="SequentialPlan"/>).
/// The test suite asserts on it; `ringbench stats-check` prints the table.
/// <para>
/// The model: in each trial both variants run on the same machine state, a lognormal factor
/// shared by the two (the committed runs' lt-release and et-seqcst trial means correlate at about
/// 0.7 on the log scale, so 70% of the log variance is shared), times a factor of each run's own.
/// The bimodal models replace each run's level by one of two modes a factor apart (as the
/// parallel scenario's runs either keep up with the producer or fall behind), with 10% noise
/// within a mode: chosen independently for every run (the harsh case: the per-trial ratios have
/// modes too), or once per trial for both variants (the machine's state decides, as in
/// results/2026-11-29-vm-fbe70b1's first trial, and the paired ratio is steady).
/// </para>
/// </summary>
public static class VerdictSimulation
{
    /// <summary>How trial means are drawn.</summary>
    public sealed record Noise(string Name, double Cv, double HighModeProbability = 0, double ModeFactor = 1, bool ModePerTrial = false)
    {
        public bool Bimodal => HighModeProbability > 0;

        public static Noise LogNormal(double cv) => new($"lognormal CV {cv:P0}", cv);

        public static Noise TwoModes(double highProbability, double factor) =>
            new($"two modes x{factor:F0}, p(high) {highProbability:F1}", 0.10, highProbability, factor);

        /// <summary>Two modes, one per trial shared by both variants: the trial's machine state decides.</summary>
        public static Noise TwoModesPerTrial(double highProbability, double factor) =>
            new($"two modes x{factor:F0} per trial, p(high) {highProbability:F1}", 0.10, highProbability, factor, ModePerTrial: true);

        public override string ToString() => Name;
    }

    /// <summary>One cell of the table: what fraction of experiments covered the truth and what fraction said faster or slower wrongly.</summary>
    public sealed record Cell(Noise Noise, string Method, int Trials, int Experiments, double Coverage, double FalseVerdicts,
        double SlightVerdicts, double NoVerdict, double MeanTrials)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {Noise.Name} | {Method} | {Trials} | {Experiments} | {Coverage:P1} | {FalseVerdicts:P1} | {SlightVerdicts:P1} | {NoVerdict:P1} | {MeanTrials:F1} |");
    }

    public const double SharedShare = 0.7;

    /// <summary>One trial: the (baseline, candidate) trial means under the model, the candidate's truth multiplied by <paramref name="trueRatio"/>.</summary>
    public static (double Baseline, double Candidate) Trial(Noise noise, double trueRatio, Random random)
    {
        double sigma = Math.Sqrt(Math.Log(1 + noise.Cv * noise.Cv));
        double shared = Normal(random) * sigma * Math.Sqrt(SharedShare);
        double Own() => Normal(random) * sigma * Math.Sqrt(1 - SharedShare);
        double Mode() => noise.Bimodal && random.NextDouble() < noise.HighModeProbability ? Math.Log(noise.ModeFactor) : 0;
        if (noise.ModePerTrial)
            shared += Mode();
        return noise.ModePerTrial ? (Math.Exp(shared + Own()), trueRatio * Math.Exp(shared + Own()))
            : (Math.Exp(shared + Own() + Mode()), trueRatio * Math.Exp(shared + Own() + Mode()));
    }

    /// <summary>Fixed trials: the paired interval (or Welch, <paramref name="paired"/> false) at 95%.</summary>
    public static Cell Fixed(Noise noise, int trials, int experiments, int seed, bool paired = true, double trueRatio = 1.0)
    {
        var random = new Random(seed);
        int covered = 0, wrong = 0, slight = 0, none = 0;
        for (int e = 0; e < experiments; e++)
        {
            var (b, c) = Draw(noise, trueRatio, trials, random);
            RatioInterval interval = paired ? RatioInterval.Paired(b, c) : RatioInterval.Of(b.Select(t => t.Mean).ToList(), c.Select(t => t.Mean).ToList());
            Tally(interval, trueRatio, ref covered, ref wrong, ref slight, ref none);
        }
        return new Cell(noise, paired ? "paired t" : "Welch t", trials, experiments, (double)covered / experiments,
            (double)wrong / experiments, (double)slight / experiments, (double)none / experiments, trials);
    }

    /// <summary>
    /// Adaptive trials: start at the plan's first look, add trials up to the next look while the
    /// verdict is open, stop at the last; every interval at the plan's per-look confidence. Coverage
    /// and verdicts are those of the interval the run stops with (what a report would show).
    /// </summary>
    public static Cell Sequential(Noise noise, SequentialPlan plan, int experiments, int seed, double trueRatio = 1.0)
    {
        var random = new Random(seed);
        int covered = 0, wrong = 0, slight = 0, none = 0;
        long trialsSpent = 0;
        for (int e = 0; e < experiments; e++)
        {
            var (b, c) = Draw(noise, trueRatio, plan.MinimumTrials, random);
            RatioInterval interval = RatioInterval.Paired(b, c, plan.Confidence);
            while (IsOpen(VerdictRule.Decide(interval)) && plan.NextLook(b.Count) is int next)
            {
                var (moreB, moreC) = Draw(noise, trueRatio, next - b.Count, random, firstTrial: b.Count);
                b.AddRange(moreB);
                c.AddRange(moreC);
                interval = RatioInterval.Paired(b, c, plan.Confidence);
            }
            trialsSpent += b.Count;
            Tally(interval, trueRatio, ref covered, ref wrong, ref slight, ref none);
        }
        return new Cell(noise, $"paired t, looks {string.Join(",", plan.Looks)}", plan.MaximumTrials, experiments, (double)covered / experiments,
            (double)wrong / experiments, (double)slight / experiments, (double)none / experiments, (double)trialsSpent / experiments);
    }

    /// <summary>
    /// The single-run path: one run of each variant, per-second samples, Perfolizer's Mann-Whitney
    /// equivalence test (<see cref="Comparison.SecondsVerdict"/>). The run's level varies from run to
    /// run as the noise model says; seconds vary around it by <paramref name="withinCv"/>.
    /// </summary>
    public static Cell SingleRun(Noise noise, int seconds, double withinCv, int experiments, int seed)
    {
        var random = new Random(seed);
        int wrong = 0, slight = 0, none = 0;
        for (int e = 0; e < experiments; e++)
        {
            var (b, c) = Trial(noise, 1.0, random);
            double[] Seconds(double level) => Enumerable.Range(0, seconds).Select(_ => level * (1 + withinCv * Normal(random))).ToArray();
            Verdict v = Comparison.SecondsVerdict(Seconds(c), Seconds(b), VerdictRule.DefaultThreshold);
            if (v is Verdict.Faster or Verdict.Slower) wrong++;
            else if (v is Verdict.SlightlyFaster or Verdict.SlightlySlower) slight++;
            else if (v != Verdict.Same) none++;
        }
        return new Cell(noise, $"one run, {seconds} s, Mann-Whitney", 1, experiments, double.NaN, (double)wrong / experiments,
            (double)slight / experiments, (double)none / experiments, 1);
    }

    /// <summary>One cell of the pooling table: how often the pooled intervals, and intervals that ignore the jobs, hold the truth.</summary>
    public sealed record PoolCell(string JobEffect, int Jobs, int TrialsPerJob, int Rows, int Experiments, double Coverage,
        double NaiveCoverage, double MeanEstimatedShare, double FalseVerdicts)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {JobEffect} | {Jobs} | {TrialsPerJob} | {Rows} | {Experiments} | {Coverage:P1} | {NaiveCoverage:P1} | {MeanEstimatedShare:F2} | {FalseVerdicts:P1} |");
    }

    /// <summary>
    /// Pooling over jobs (<see cref="JobPooling"/>), with known truth: each experiment is
    /// <paramref name="jobs"/> jobs of <paramref name="rows"/> rows, each row with its own true ratio
    /// (half no change, half 0.5x-2x) and its own within-job spread (log SD 0.02-0.5, as steady b2b to
    /// noisy parallel rows), every job shifting each row's log ratio by a draw of variance
    /// <paramref name="trueJobShare"/> times that row's within-job variance. Coverage is over every
    /// row of every experiment; "naive" is the paired interval over all trials as if they were one
    /// job's; false verdicts are faster/slower said of the rows with no true change. With
    /// <paramref name="fixedJobSd"/> above zero the job effect breaks the model: one log SD for every
    /// row whatever its spread (a steady row then moves between jobs as much as a noisy one), to
    /// measure what the proportional model costs where it is wrong.
    /// </summary>
    public static PoolCell PooledJobs(double trueJobShare, int jobs, int trialsPerJob, int rows, int experiments, int seed,
        double confidence = RatioInterval.DefaultConfidence, double fixedJobSd = 0)
    {
        var random = new Random(seed);
        int covered = 0, naiveCovered = 0, total = 0, equalRows = 0, wrong = 0;
        double shares = 0;
        for (int e = 0; e < experiments; e++)
        {
            var units = new List<(JobPooling.Unit Unit, double Truth)>();
            for (int r = 0; r < rows; r++)
            {
                double truth = r % 2 == 0 ? 1.0 : Math.Exp((random.NextDouble() * 2 - 1) * Math.Log(2));
                double sd = Math.Exp(Math.Log(0.02) + random.NextDouble() * (Math.Log(0.5) - Math.Log(0.02)));
                var perJob = new List<IReadOnlyList<(double, double)>>();
                for (int j = 0; j < jobs; j++)
                {
                    double jobEffect = Normal(random) * (fixedJobSd > 0 ? fixedJobSd : sd * Math.Sqrt(trueJobShare));
                    perJob.Add(Enumerable.Range(0, trialsPerJob)
                        .Select(_ => (10.0, 10.0 * truth * Math.Exp(jobEffect + Normal(random) * sd))).ToList());
                }
                units.Add((new JobPooling.Unit($"row{r}", "pair", perJob), truth));
            }
            var (share, _) = JobPooling.JobShare(units.Select(u => u.Unit).ToList());
            shares += share;
            foreach (var (unit, truth) in units)
            {
                RatioInterval pooled = JobPooling.Interval(unit, share, confidence) with { Multimodal = false };
                int trial = 0;
                var all = unit.Jobs.SelectMany(j => j).Select(p => (Trial: trial++, p.Before, p.After)).ToList();
                RatioInterval naive = RatioInterval.Paired(all.Select(p => (p.Trial, p.Before)).ToList(), all.Select(p => (p.Trial, p.After)).ToList(), confidence);
                total++;
                if (pooled.Low <= truth && truth <= pooled.High) covered++;
                if (naive.Low <= truth && truth <= naive.High) naiveCovered++;
                if (Math.Abs(truth - 1) < 1e-12)
                {
                    equalRows++;
                    if (VerdictRule.Decide(pooled) is Verdict.Faster or Verdict.Slower) wrong++;
                }
            }
        }
        string effect = fixedJobSd > 0 ? string.Create(CultureInfo.InvariantCulture, $"log SD {fixedJobSd:F2} on every row")
            : string.Create(CultureInfo.InvariantCulture, $"share {trueJobShare:F2}");
        return new PoolCell(effect, jobs, trialsPerJob, rows, experiments, (double)covered / total, (double)naiveCovered / total,
            shares / experiments, (double)wrong / Math.Max(1, equalRows));
    }

    /// <summary>The pooling table `stats-check` prints and the tests assert on.</summary>
    public static string PoolTable(int experiments = 200, int seed = 20261206)
    {
        var md = new StringBuilder();
        md.AppendLine($"Pooling jobs of one machine and commit: {experiments} experiments per cell, seed {seed}; each row's job effect has variance " +
                      "(true job share) x its within-job variance. Coverage: the pooled interval holds the row's true ratio; naive: the paired " +
                      "interval over all trials as if one job; false: faster/slower said of a row with no true change.\n");
        md.AppendLine("| job effect | jobs | trials per job | rows | experiments | coverage | naive coverage | estimated share (mean) | false verdicts |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (double share in PoolShares)
            foreach (var (jobs, trials) in new[] { (2, 4), (2, 6), (3, 4) })
                md.AppendLine(PooledJobs(share, jobs, trials, 40, experiments, seed).Row());
        foreach (double sd in new[] { 0.02, 0.10 })
            md.AppendLine(PooledJobs(0, 2, 4, 40, experiments, seed, fixedJobSd: sd).Row());
        return md.ToString();
    }

    /// <summary>The job shares the pooling table and its tests use: none, a quarter, one, four times the within-job variance.</summary>
    public static IReadOnlyList<double> PoolShares { get; } = [0, 0.25, 1, 4];

    public static bool IsOpen(Verdict v) => v is Verdict.TooNoisy or Verdict.Multimodal or Verdict.NeedsTrials;

    /// <summary>The table ringbench's closing notes and README quote; the same cells the tests assert on.</summary>
    public static string Table(int experiments = 2000, int seed = 20231126)
    {
        var md = new StringBuilder();
        md.AppendLine($"True ratio 1 (two equal variants), {experiments} experiments per cell, seed {seed}. Coverage: the interval holds the true ratio. " +
                      "False: the verdict says faster or slower (beyond ±5%). Slight: it says slightly faster or slower (interval excludes 1, not the band). " +
                      "No verdict: too noisy, two modes, or needs trials.\n");
        md.AppendLine("| noise | method | trials | experiments | coverage | false verdicts | slight | no verdict | mean trials |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (Noise noise in Models)
        {
            foreach (int n in noise.Bimodal ? new[] { 3, 5, 8, 10 } : new[] { 3, 5, 10 })
                md.AppendLine(Fixed(noise, n, experiments, seed).Row());
            md.AppendLine(Fixed(noise, 5, experiments, seed, paired: false).Row());
            md.AppendLine(Sequential(noise, SequentialPlan.Default, experiments, seed).Row());
        }
        foreach (Noise noise in new[] { Noise.LogNormal(0), Noise.LogNormal(0.05), Noise.LogNormal(0.20) })
            md.AppendLine(SingleRun(noise, 10, 0.03, experiments / 4, seed).Row());
        return md.ToString();
    }

    /// <summary>The noise models the tests and the table use: lognormal 5, 20, 60%, two bimodal mixtures per run and one per trial.</summary>
    public static IReadOnlyList<Noise> Models { get; } =
        [Noise.LogNormal(0.05), Noise.LogNormal(0.20), Noise.LogNormal(0.60), Noise.TwoModes(0.3, 3), Noise.TwoModes(0.5, 3), Noise.TwoModesPerTrial(0.3, 3)];

    private static (List<(int Trial, double Mean)> Baseline, List<(int Trial, double Mean)> Candidate) Draw(
        Noise noise, double trueRatio, int trials, Random random, int firstTrial = 0)
    {
        var b = new List<(int, double)>(trials);
        var c = new List<(int, double)>(trials);
        for (int t = 0; t < trials; t++)
        {
            var (x, y) = Trial(noise, trueRatio, random);
            b.Add((firstTrial + t, x));
            c.Add((firstTrial + t, y));
        }
        return (b, c);
    }

    public static void Tally(RatioInterval interval, double truth, ref int covered, ref int wrong, ref int slight, ref int none)
    {
        if (interval.HasInterval && interval.Low <= truth && truth <= interval.High)
            covered++;
        Verdict v = VerdictRule.Decide(interval);
        bool equalTruth = Math.Abs(truth - 1) < 1e-12;
        if (IsOpen(v)) none++;
        else if (equalTruth && v is Verdict.Faster or Verdict.Slower) wrong++;
        else if (equalTruth && v is Verdict.SlightlyFaster or Verdict.SlightlySlower) slight++;
    }

    /// <summary>A standard normal draw (Box-Muller), from the seeded generator so every cell is reproducible.</summary>
    public static double Normal(Random random)
    {
        double u1 = 1.0 - random.NextDouble(), u2 = random.NextDouble();
        return Math.Sqrt(-2 * Math.Log(u1)) * Math.Cos(2 * Math.PI * u2);
    }
}
