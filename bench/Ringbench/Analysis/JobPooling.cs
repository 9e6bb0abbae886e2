using CsvHelper.Configuration.Attributes;
using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// One verdict from several jobs of one machine and commit. Between jobs on these boxes the
/// headline ratio moves by more than one job's interval admits (parallel 1.60x [1.19, 2.16] in one
/// job, 1.50x [1.13, 1.98] in the next, 1.22-1.36x in three more): each job shares a state of the
/// machine across all its trials, so pooling the trials as if they were one job's would claim a
/// precision the jobs do not have. The job is a component of its own.
/// <para>
/// The model, per scenario x pair u: the log ratio of job j's trial t is
/// d = mu_u + b_j + e, with e ~ N(0, s_u^2) within a job and the job effect b_j ~ N(0, k s_u^2):
/// the between-job variance in proportion k to the within-job one, k shared by every row of the
/// jobs (a noisy row moves more between jobs than a steady one, by the same factor). Two jobs say
/// almost nothing about one row's job variance (one degree of freedom), but they say much about
/// k, from every row at once. k is estimated by moments: the variance of a row's job means is,
/// expected, s^2 (k + mean over jobs of 1/n_j), and 1/s^2 from df within-job degrees of freedom
/// is biased by df / (df - 2), taken back out. Each row's pooled ratio is then the mean of its
/// job means, with variance s^2 (k / J + sum of 1/n_j / J^2) and the within-job degrees of
/// freedom; its coverage, and how far a pooling that ignores the jobs falls short of it, are
/// measured by the suite's simulation (<see cref="VerdictSimulation.PooledJobs"/>), not assumed.
/// </para>
/// </summary>
public static class JobPooling
{
    /// <summary>One scenario x pair: per job, the (before, after) trial means paired by trial.</summary>
    public sealed record Unit(string Scenario, string Pair, IReadOnlyList<IReadOnlyList<(double Before, double After)>> Jobs)
    {
        /// <summary>Per job, the log ratio of each trial: taken once, read by the share, the spread and the interval.</summary>
        public IReadOnlyList<IReadOnlyList<double>> LogRatios { get; } =
            Jobs.Select(j => (IReadOnlyList<double>)j.Select(p => Math.Log(p.After / p.Before)).ToList()).ToList();

        /// <summary>Two or more jobs with a trial each, every mean positive, and a within-job spread to scale by.</summary>
        public bool Poolable => Jobs.Count(j => j.Count > 0) >= 2 && Jobs.All(j => j.All(p => p.Before > 0 && p.After > 0))
                                && WithinDegreesOfFreedom >= 1;

        public int WithinDegreesOfFreedom => Jobs.Sum(j => Math.Max(0, j.Count - 1));

        /// <summary>The within-job variance of the log ratios, pooled over the jobs.</summary>
        public double WithinVariance => LogRatios.Where(j => j.Count > 1).Sum(j => { double m = j.Average(); return j.Sum(d => (d - m) * (d - m)); })
                                        / WithinDegreesOfFreedom;
    }

    /// <summary>The jobs' rows pooled, and the between-job share that scaled them.</summary>
    public sealed record Result(IReadOnlyList<FolderSummary> Jobs, double JobShare, int RowsForShare, IReadOnlyList<PairResult> Pooled,
        IReadOnlyList<(string Scenario, string Pair, IReadOnlyList<RatioInterval> PerJob)> PerJob, double Confidence)
    {
        /// <summary>The pooled rows judged against the patch where its reference holds the scenario (the rule of <see cref="Reproduction"/>).</summary>
        public IReadOnlyList<Reproduction.Row> Against(FolderSummary.ReferenceRun? patch) => patch is null ? [] : Reproduction.Compute(Pooled, patch.Summaries);

        /// <summary>pool.csv: one line per scenario x pair, each job's ratio, the pooled interval, and the outcome against the patch where judged.</summary>
        public IReadOnlyList<Row> Rows(FolderSummary.ReferenceRun? patch)
        {
            var judged = Against(patch).ToDictionary(r => (r.Scenario, r.Pair));
            return Pooled.Select((p, i) =>
            {
                judged.TryGetValue((p.Scenario, p.Pair), out Reproduction.Row? r);
                return new Row
                {
                    Scenario = p.Scenario, Pair = p.Pair, Jobs = PerJob[i].PerJob.Count, Trials = p.Ratio.Trials,
                    JobRatios = string.Join(";", PerJob[i].PerJob.Select(j => j.Ratio.ToString("R", System.Globalization.CultureInfo.InvariantCulture))),
                    Ratio = p.Ratio.Ratio, Low = p.Ratio.Low, High = p.Ratio.High, Confidence = p.Ratio.Confidence, JobShare = JobShare,
                    Verdict = VerdictRule.Text(p.Verdict), PatchRatio = r?.PatchRatio ?? double.NaN,
                    Outcome = r is null ? "" : ReproductionOutcomes.Text(r.Outcome), Detail = r?.Detail ?? "", Headline = r?.Headline ?? false,
                };
            }).ToList();
        }
    }

    /// <summary>A line of pool.csv.</summary>
    public sealed record Row
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("pair")] public string Pair { get; init; } = "";
        [Name("jobs")] public int Jobs { get; init; }
        [Name("trials")] public int Trials { get; init; }
        [Name("job_ratios")] public string JobRatios { get; init; } = "";
        [Name("pooled_ratio")] public double Ratio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("confidence")] public double Confidence { get; init; }
        [Name("job_share")] public double JobShare { get; init; }
        [Name("verdict")] public string Verdict { get; init; } = "";
        [Name("patch_ratio")] public double PatchRatio { get; init; } = double.NaN;
        [Name("outcome")] public string Outcome { get; init; } = "";
        [Name("detail")] public string Detail { get; init; } = "";

        /// <summary>The row that speaks for its scenario against the patch (libbpf itself where it ran; the A/A check on a control row).</summary>
        [Name("headline")] public bool Headline { get; init; }
    }

    /// <summary>
    /// k: the between-job variance of a row's log ratio as a multiple of its within-job variance,
    /// by moments over every row with more than two within-job degrees of freedom; 0 where the
    /// jobs agree better than their trials predict.
    /// </summary>
    public static (double Share, int Rows) JobShare(IReadOnlyList<Unit> units)
    {
        var terms = new List<double>();
        foreach (Unit u in units.Where(u => u.Poolable && u.WithinDegreesOfFreedom > 2))
        {
            double within = u.WithinVariance;
            if (!(within > 0))
                continue;
            var means = u.LogRatios.Where(j => j.Count > 0).Select(j => j.Average()).ToList();
            double grand = means.Average();
            double between = means.Sum(m => (m - grand) * (m - grand)) / (means.Count - 1);
            int df = u.WithinDegreesOfFreedom;
            double inverseN = u.Jobs.Where(j => j.Count > 0).Average(j => 1.0 / j.Count);
            terms.Add(between / within * (df - 2) / df - inverseN);
        }
        return (terms.Count == 0 ? 0 : Math.Max(0, terms.Average()), terms.Count);
    }

    /// <summary>A row's pooled ratio: the mean of its job means, its variance from the within-job spread and the job share.</summary>
    public static RatioInterval Interval(Unit unit, double jobShare, double confidence)
    {
        var jobs = unit.Jobs.Where(j => j.Count > 0).ToList();
        int trials = jobs.Sum(j => j.Count);
        var logs = unit.LogRatios.Where(j => j.Count > 0).ToList();
        double mean = logs.Average(j => j.Average());
        double before = Math.Exp(jobs.Average(j => j.Average(p => Math.Log(p.Before))));
        double after = Math.Exp(jobs.Average(j => j.Average(p => Math.Log(p.After))));
        bool multimodal = TrialModality.LooksMultimodal(jobs.SelectMany(j => j.Select(p => p.Before)).ToList(), jobs.SelectMany(j => j.Select(p => p.After)).ToList());
        var estimate = new RatioInterval(Math.Exp(mean), double.NaN, double.NaN, trials, trials)
        {
            Method = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"pooled over {jobs.Count} jobs (job share {jobShare:F2})"), Confidence = confidence, Pairs = trials, Multimodal = multimodal,
            BaselineMean = before, CandidateMean = after,
        };
        if (!unit.Poolable)
            return estimate with { Method = "none (fewer than two jobs, or no within-job spread)" };
        int J = jobs.Count;
        double variance = unit.WithinVariance * (jobShare / J + jobs.Sum(j => 1.0 / j.Count) / (J * J));
        double half = RatioInterval.TQuantile(confidence, unit.WithinDegreesOfFreedom) * Math.Sqrt(variance);
        return estimate with { Low = Math.Exp(mean - half), High = Math.Exp(mean + half) };
    }

    /// <summary>
    /// The jobs' pairs pooled: each scenario x pair that ran in two or more jobs, at the jobs' level.
    /// The jobs must be one machine and one commit at one level: anything else is two questions.
    /// </summary>
    public static Result Compute(IReadOnlyList<FolderSummary> jobs)
    {
        if (jobs.Count < 2)
            throw new RingbenchException(ExitCode.Usage, "pool: give two or more result folders of one machine and commit");
        MachineInfo first = jobs[0].Machine;
        foreach (FolderSummary job in jobs.Skip(1))
        {
            MachineInfo m = job.Machine;
            string? differs = m.Hostname != first.Hostname || m.CpuModel != first.CpuModel || m.Cpus != first.Cpus || m.Kernel != first.Kernel
                    ? $"ran on another machine ({m.Hostname}: {m.ProcessorText}, {m.Kernel} against {first.Hostname}: {first.ProcessorText}, {first.Kernel}); " +
                      "compare machines with ./run-bench.sh machines"
                : m.Commit != first.Commit ? $"ran another commit ({m.Commit} against {first.Commit}); compare builds with ./run-bench.sh compare"
                : Math.Abs(m.Settings.Confidence - first.Settings.Confidence) > 1e-12
                    ? $"judged at another level ({m.Settings.Confidence:P2} against {first.Settings.Confidence:P2})"
                : null;
            if (differs is not null)
                throw new RingbenchException(ExitCode.Usage, $"pool: {job.Name} {differs}");
        }
        var units = jobs.SelectMany(j => j.Pairs).GroupBy(p => (p.Scenario, p.Pair))
            .Where(g => g.Count() >= 2)
            .Select(g => (Key: g.Key, Results: g.ToList(), Unit: new Unit(g.Key.Scenario, g.Key.Pair, g.Select(Paired).ToList())))
            .ToList();
        var (share, rows) = JobShare(units.Select(u => u.Unit).ToList());
        double confidence = first.Settings.Confidence;
        var pooled = units.Select(u => new PairResult(u.Key.Scenario, u.Key.Pair, u.Results[0].Before, u.Results[0].After,
            Interval(u.Unit, share, confidence))).ToList();
        var perJob = units.Select(u => (u.Key.Scenario, u.Key.Pair, (IReadOnlyList<RatioInterval>)u.Results.Select(r => r.Ratio).ToList())).ToList();
        return new Result(jobs, share, rows, pooled, perJob, confidence);
    }

    /// <summary>One job's (before, after) trial means, paired by trial.</summary>
    /// <summary>A job's trials of a pair, paired by trial as the job's own interval pairs them.</summary>
    private static IReadOnlyList<(double Before, double After)> Paired(PairResult pair) =>
        RatioInterval.ByTrial(RatioInterval.TrialMeans(pair.Before), RatioInterval.TrialMeans(pair.After));
}
