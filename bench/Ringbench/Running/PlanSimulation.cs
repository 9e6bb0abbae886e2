using System.Globalization;
using System.Text;
using Ringbench.Scenarios;
using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Running;

/// <summary>
/// The main job's plan checked as <see cref="VerdictSimulation"/> checks the intervals: a seeded
/// simulation with known truth, run through the code the matrix uses (<see cref="RatioInterval"/>,
/// <see cref="AdaptiveTrials.OfVerdict"/>, <see cref="TrialAllocation.Choose"/>). It adds what the
/// run-length choice rests on: a run's log mean is the machine's drift (a random walk over the
/// job's wall time, shared by every run), plus the run's own state (between runs; 70% of it shared
/// by the two variants of a trial, as in VerdictSimulation), plus its second-to-second noise
/// averaged over d measured seconds. The test suite asserts coverage and false-verdict rates on it;
/// `ringbench stats-check` prints the tables.
/// </summary>
public static class PlanSimulation
{
    /// <summary>
    /// The spreads of one scenario, on the log scale: between runs, within a run per second, and the
    /// machine's drift per square-root minute of wall time.
    /// </summary>
    public sealed record Components(string Name, double BetweenSd, double WithinSd, double DriftSd)
    {
        /// <summary>b2b-like: runs within a few percent of each other (results/2026-11-26-vm-auto: 0.042 between, 0.005 within).</summary>
        public static Components Steady { get; } = new("steady", 0.04, 0.005, 0.01);

        /// <summary>multi-producer-like (0.29 between, 0.034 within in the same folder).</summary>
        public static Components Middling { get; } = new("middling", 0.29, 0.034, 0.02);

        /// <summary>parallel-like: the runs differ several-fold (0.54-0.83 between, 0.15-0.20 within).</summary>
        public static Components Noisy { get; } = new("noisy", 0.6, 0.2, 0.05);

        public static IReadOnlyList<Components> All { get; } = [Steady, Middling, Noisy];
    }

    /// <summary>A run's timing: warm-up and measured seconds, and what a run costs beyond them.</summary>
    public sealed record Timing(int Warmup, int Duration, double Overhead = MatrixRun.DefaultOverheadSeconds)
    {
        public double RunSeconds => Warmup + Duration + Overhead;

        public static Timing Script { get; } = new(RunTiming.Script.Warmup, RunTiming.Script.Duration);

        public static Timing Short { get; } = new(RunTiming.Short.Warmup, RunTiming.Short.Duration);

        public override string ToString() => $"-w{Warmup} -d{Duration}";
    }

    /// <summary>The pair's wall time for three trials at the script's timing: what the designs are compared at.</summary>
    public static double ThreeScriptTrialsMinutes => 3 * 2 * Timing.Script.RunSeconds / 60;

    /// <summary>A fixed design's cell: coverage, false verdicts (equal variants called faster or slower), open verdicts, mean log half-width.</summary>
    public sealed record DesignCell(string Components, string Timing, int Trials, double Minutes, int Experiments, double Coverage,
        double FalseVerdicts, double NoVerdict, double MeanLogHalfWidth)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {Components} | {Timing} | {Trials} | {Minutes:F1} | {Experiments} | {Coverage:P1} | {FalseVerdicts:P1} | {NoVerdict:P1} | {MeanLogHalfWidth:F3} |");
    }

    /// <summary>A whole matrix's cell: over every scenario of every experiment.</summary>
    public sealed record MatrixCell(string Plan, int Scenarios, int Experiments, double Coverage, double FalseVerdicts, double Settled,
        double MeanTrials, double Minutes)
    {
        public string Row() => string.Create(CultureInfo.InvariantCulture,
            $"| {Plan} | {Scenarios} | {Experiments} | {Coverage:P1} | {FalseVerdicts:P1} | {Settled:P1} | {MeanTrials:F1} | {Minutes:F0} |");
    }

    /// <summary>The machine the runs happen on: its drift, advanced by the wall time each run takes.</summary>
    private sealed class Machine(Random random)
    {
        private double _level;

        /// <summary>One run's log mean: drift so far, the trial's shared state, its own state, its seconds' noise.</summary>
        public double Run(Components c, Timing t, double shared, double truthLog)
        {
            _level += VerdictSimulation.Normal(random) * c.DriftSd * Math.Sqrt(t.RunSeconds / 60);
            double own = VerdictSimulation.Normal(random) * c.BetweenSd * Math.Sqrt(1 - VerdictSimulation.SharedShare);
            double seconds = VerdictSimulation.Normal(random) * c.WithinSd / Math.Sqrt(t.Duration);
            return _level + shared + own + seconds + truthLog;
        }

        /// <summary>Wall time spent on runs that are not the pair's (the other variants of a trial): the drift goes on.</summary>
        public void Idle(Components c, double seconds) =>
            _level += VerdictSimulation.Normal(random) * c.DriftSd * Math.Sqrt(seconds / 60);

        /// <summary>One trial of the pair, their order rotating from trial to trial as the matrix's does.</summary>
        public (double Baseline, double Candidate) Trial(Components c, Timing t, double trueRatio, int trial)
        {
            double shared = VerdictSimulation.Normal(random) * c.BetweenSd * Math.Sqrt(VerdictSimulation.SharedShare);
            if (trial % 2 == 0)
            {
                double b = Run(c, t, shared, 0);
                return (Math.Exp(b), Math.Exp(Run(c, t, shared, Math.Log(trueRatio))));
            }
            double cand = Run(c, t, shared, Math.Log(trueRatio));
            return (Math.Exp(Run(c, t, shared, 0)), Math.Exp(cand));
        }
    }

    /// <summary>
    /// A fixed number of trials at one timing, the paired interval at <paramref name="confidence"/>:
    /// what a design buys in a given time. <paramref name="minutes"/> of the pair's wall time set the trials.
    /// </summary>
    public static DesignCell Design(Components c, Timing t, double minutes, int experiments, int seed, double trueRatio = 1.0,
        double confidence = RatioInterval.DefaultConfidence)
    {
        int trials = Math.Max(2, (int)(minutes * 60 / (2 * t.RunSeconds)));
        var random = new Random(seed);
        int covered = 0, wrong = 0, slight = 0, none = 0;
        double widths = 0;
        for (int e = 0; e < experiments; e++)
        {
            var machine = new Machine(random);
            var b = new List<(int, double)>();
            var cand = new List<(int, double)>();
            for (int trial = 0; trial < trials; trial++)
            {
                var (x, y) = machine.Trial(c, t, trueRatio, trial);
                b.Add((trial, x));
                cand.Add((trial, y));
            }
            RatioInterval interval = RatioInterval.Paired(b, cand, confidence);
            widths += interval.LogHalfWidth;
            VerdictSimulation.Tally(interval, trueRatio, ref covered, ref wrong, ref slight, ref none);
        }
        return new DesignCell(c.Name, t.ToString(), trials, minutes, experiments, (double)covered / experiments, (double)wrong / experiments,
            (double)none / experiments, widths / experiments);
    }

    /// <summary>One scenario of a simulated matrix: its true after/before ratio and its spreads.</summary>
    public sealed record Scenario(double TrueRatio, Components Components);

    /// <summary>
    /// A whole main job: every scenario gets the plan's first look (all <paramref name="variantsPerTrial"/>
    /// variants run, the pair among them), then look by look <see cref="TrialAllocation.Choose"/> gives
    /// the budget's time to the open verdicts closest to settling, and only their pair runs again.
    /// A null <paramref name="plan"/> is the fixed design: <paramref name="fixedTrials"/> trials everywhere at 95%.
    /// </summary>
    public static MatrixCell Matrix(IReadOnlyList<Scenario> scenarios, Timing t, SequentialPlan? plan, double? budgetMinutes,
        int experiments, int seed, int variantsPerTrial = 5, int fixedTrials = 3)
    {
        var random = new Random(seed);
        int covered = 0, wrong = 0, settled = 0, equal = 0;
        long trialsSpent = 0;
        double seconds = 0;
        double confidence = plan?.Confidence ?? RatioInterval.DefaultConfidence;
        int first = plan?.MinimumTrials ?? fixedTrials;
        for (int e = 0; e < experiments; e++)
        {
            var machine = new Machine(random);
            double clock = 0;
            var trials = scenarios.Select(_ => (B: new List<(int, double)>(), C: new List<(int, double)>())).ToList();
            void AddTrials(int i, int upTo, bool wholeTrial)
            {
                var (b, c) = trials[i];
                for (int trial = b.Count; trial < upTo; trial++)
                {
                    var (x, y) = machine.Trial(scenarios[i].Components, t, scenarios[i].TrueRatio, trial);
                    b.Add((trial, x));
                    c.Add((trial, y));
                    clock += 2 * t.RunSeconds;
                    if (wholeTrial)
                    {
                        machine.Idle(scenarios[i].Components, (variantsPerTrial - 2) * t.RunSeconds);
                        clock += (variantsPerTrial - 2) * t.RunSeconds;
                    }
                }
            }
            for (int i = 0; i < scenarios.Count; i++)
                AddTrials(i, first, wholeTrial: true);
            RatioInterval Interval(int i) => RatioInterval.Paired(trials[i].B, trials[i].C, confidence);
            AdaptiveTrials.Status Status(int i) =>
                AdaptiveTrials.OfVerdict(i.ToString(CultureInfo.InvariantCulture), trials[i].B.Count, Interval(i), "pair", "b", "c");
            while (plan is not null)
            {
                double? remaining = budgetMinutes is double m ? m * 60 - clock : null;
                var grants = TrialAllocation.Choose(Enumerable.Range(0, scenarios.Count).Select(Status), plan, t.RunSeconds, remaining);
                if (grants.Count == 0)
                    break;
                foreach (TrialAllocation.Grant grant in grants)
                    AddTrials(int.Parse(grant.Scenario, CultureInfo.InvariantCulture), grant.Target, wholeTrial: false);
            }
            for (int i = 0; i < scenarios.Count; i++)
            {
                RatioInterval interval = Interval(i);
                int c = 0, w = 0, s = 0, n = 0;
                VerdictSimulation.Tally(interval, scenarios[i].TrueRatio, ref c, ref w, ref s, ref n);
                covered += c;
                wrong += w;
                settled += 1 - n;
                equal += Math.Abs(scenarios[i].TrueRatio - 1) < 1e-12 ? 1 : 0;
                trialsSpent += trials[i].B.Count;
            }
            seconds += clock;
        }
        int total = scenarios.Count * experiments;
        string name = plan is null ? $"{fixedTrials} fixed trials, {t}, 95%"
            : $"looks {plan.Text}, {t}, {(budgetMinutes is double b ? $"budget {b:F0} min" : "no budget")}";
        return new MatrixCell(name, scenarios.Count, experiments, (double)covered / total, equal == 0 ? 0 : (double)wrong / equal,
            (double)settled / total, (double)trialsSpent / total, seconds / experiments / 60);
    }

    /// <summary>
    /// A matrix shaped like the main job's: 47 scenarios, about half with no true change (the
    /// controls and the rows the patch left alone), the rest with effects from 5% to 2x either way,
    /// each scenario steady, middling or noisy in the proportions the committed folders show.
    /// </summary>
    public static IReadOnlyList<Scenario> MainJobLike()
    {
        double[] effects = [1.0, 1.0, 0.9, 1.0, 1.5, 1.0, 0.95, 1.0, 2.0, 1.1, 1.0, 0.88, 1.0, 1.2, 1.0, 1.05];
        Components[] kinds = [Components.Steady, Components.Steady, Components.Middling, Components.Steady, Components.Noisy];
        return Enumerable.Range(0, 47).Select(i => new Scenario(effects[i % effects.Length], kinds[i % kinds.Length])).ToList();
    }

    /// <summary>The tables `ringbench stats-check` prints and the README quotes; the same cells the tests assert on.</summary>
    public static string Table(int experiments = 1000, int seed = 20261129)
    {
        var md = new StringBuilder();
        md.AppendLine(string.Create(CultureInfo.InvariantCulture, $"Run length at equal wall time for the pair ({ThreeScriptTrialsMinutes:F1} min, what 3 trials of the script's timing take): true ratio 1, " +
                      $"{experiments} experiments per cell, seed {seed}; spreads from the committed folders, drift per square-root minute.\n"));
        md.AppendLine("| spreads | timing | trials | minutes | experiments | coverage | false verdicts | no verdict | mean log half-width |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|");
        foreach (Components c in Components.All)
        {
            foreach (Timing t in new[] { Timing.Script, Timing.Short, new Timing(1, 2), new Timing(1, 4) })
                md.AppendLine(Design(c, t, ThreeScriptTrialsMinutes, experiments, seed).Row());
        }
        md.AppendLine();
        md.AppendLine($"The main job's plan on a matrix shaped like it (47 scenarios, 5 variants a trial), {experiments / 10} experiments: " +
                      "coverage over every scenario, false verdicts among the scenarios with no true change, settled = a verdict at the end.\n");
        md.AppendLine("| plan | scenarios | experiments | coverage | false verdicts | settled | mean trials | minutes |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|");
        var scenarios = MainJobLike();
        md.AppendLine(Matrix(scenarios, Timing.Script, null, null, experiments / 10, seed).Row());
        md.AppendLine(Matrix(scenarios, Timing.Short, SequentialPlan.Default, 57, experiments / 10, seed).Row());
        md.AppendLine(Matrix(scenarios, Timing.Short, SequentialPlan.Default, null, experiments / 10, seed).Row());
        return md.ToString();
    }
}
