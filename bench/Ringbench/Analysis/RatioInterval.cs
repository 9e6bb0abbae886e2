using Ringbench.Results;
using Perfolizer.Mathematics.Distributions.ContinuousDistributions;

namespace Ringbench.Analysis;

/// <summary>
/// The ratio of two variants' throughput (candidate / baseline), estimated on the log scale:
/// the point estimate is the ratio of the geometric means of the trial means, and the interval
/// is a Student t interval for the difference of mean logarithms, taken back with exp.
/// <para>
/// Where both variants ran in the same trials (a matrix interleaves them, so within a trial they
/// share the machine's state), the interval is paired: one log ratio per trial, a one-sample t
/// interval over trials. Otherwise it is Welch's t interval on the two sets of logarithms. Either
/// way the coverage and the false-verdict rate are measured in the test suite by a seeded
/// simulation with known truth (StatisticsSimulationTests), not assumed.
/// </para>
/// </summary>
public sealed record RatioInterval(double Ratio, double Low, double High, int BaselineTrials, int CandidateTrials)
{
    public const double DefaultConfidence = SequentialPlan.FamilyConfidence;

    /// <summary>"paired t", "Welch t", or why there is no interval.</summary>
    public string Method { get; init; } = "";

    /// <summary>The interval's nominal coverage (0.95, or less per look under a sequential plan: <see cref="SequentialPlan"/>).</summary>
    public double Confidence { get; init; } = DefaultConfidence;

    /// <summary>Trials that held both variants (the pairs the paired interval used; 0 for Welch).</summary>
    public int Pairs { get; init; }

    /// <summary>A variant's trial means look like two modes that the pairing does not cancel (<see cref="TrialModality"/>): no interval at this many trials is trusted.</summary>
    public bool Multimodal { get; init; }

    /// <summary>
    /// The two throughputs the ratio divides, in M/s: the geometric means of the trial means the
    /// estimate used (the pairs when paired, each side's trials for Welch; arithmetic means where a
    /// trial delivered nothing), so <c>CandidateMean / BaselineMean == Ratio</c> in every output that
    /// shows the two numbers beside the ratio.
    /// </summary>
    public double BaselineMean { get; init; } = double.NaN;

    /// <inheritdoc cref="BaselineMean"/>
    public double CandidateMean { get; init; } = double.NaN;

    /// <summary>The ratio with its interval as every output writes it: "1.79x [1.48, 2.17]", or why there is no interval.</summary>
    public string Text() => Text(Ratio, Low, High, Trials);

    /// <summary>
    /// The one spelling of a ratio and its interval, for rows that keep the three numbers apart
    /// (the reproduction's, the ring-over-perf rows): "1.79x [1.48, 2.17]", "1.79x [one trial]" or
    /// "1.79x [no interval]".
    /// </summary>
    public static string Text(double ratio, double low, double high, int trials) => !double.IsNaN(low) && !double.IsNaN(high)
        ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ratio:F2}x [{low:F2}, {high:F2}]")
        : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{ratio:F2}x [{(trials < 2 ? "one trial" : "no interval")}]");

    /// <summary>True when there is an interval at all (two or more trials a side, or two pairs).</summary>
    public bool HasInterval => !double.IsNaN(Low) && !double.IsNaN(High);

    /// <summary>Trials that count for the verdict: pairs when paired, else the smaller side.</summary>
    public int Trials => Pairs > 0 ? Pairs : Math.Min(BaselineTrials, CandidateTrials);

    /// <summary>Half the interval's width on the log scale (what more trials shrink as 1/sqrt(n)).</summary>
    public double LogHalfWidth => HasInterval ? (Math.Log(High) - Math.Log(Low)) / 2 : double.NaN;

    /// <summary>
    /// About how many trials would bring the log half-width under <paramref name="logHalfWidth"/> at
    /// this interval's confidence, if the spread per trial stays what it is: the half-width is
    /// t(n-1) s / sqrt(n), so s is taken back out of this interval and n grown until it fits. Null
    /// without an interval, or where no count up to <paramref name="most"/> would do (a point
    /// estimate sitting on the boundary never settles).
    /// </summary>
    public int? TrialsToReach(double logHalfWidth, int most = 1000)
    {
        if (!HasInterval || Trials < 2 || !(logHalfWidth > 1e-9))
            return null;
        if (LogHalfWidth <= logHalfWidth)
            return Trials;
        double spread = LogHalfWidth * Math.Sqrt(Trials) / TQuantile(Confidence, Trials - 1);
        bool Fits(int n) => TQuantile(Confidence, n - 1) * spread / Math.Sqrt(n) <= logHalfWidth;
        if (!Fits(most))
            return null;
        // t(n-1)/sqrt(n) falls as n grows: the smallest count that fits, by bisection.
        int low = Trials, high = most;
        while (high - low > 1)
        {
            int mid = (low + high) / 2;
            if (Fits(mid)) high = mid;
            else low = mid;
        }
        return high;
    }

    /// <summary>Welch on the logs of two independent sets of trial means.</summary>
    public static RatioInterval Of(IReadOnlyList<double> baselineTrialMeans, IReadOnlyList<double> candidateTrialMeans,
        double confidence = DefaultConfidence)
    {
        int nb = baselineTrialMeans.Count, nc = candidateTrialMeans.Count;
        if (baselineTrialMeans.Concat(candidateTrialMeans).Any(m => !(m > 0)))
            return NoInterval(baselineTrialMeans, candidateTrialMeans, nb, nc, "none (a trial delivered nothing)");
        double[] b = baselineTrialMeans.Select(m => Math.Log(m)).ToArray(), c = candidateTrialMeans.Select(m => Math.Log(m)).ToArray();
        double difference = c.Average() - b.Average();
        bool multimodal = TrialModality.LooksMultimodal(baselineTrialMeans) || TrialModality.LooksMultimodal(candidateTrialMeans);
        var estimate = new RatioInterval(Math.Exp(difference), double.NaN, double.NaN, nb, nc)
        {
            Method = "Welch t on logs", Confidence = confidence, Multimodal = multimodal,
            BaselineMean = Math.Exp(b.Average()), CandidateMean = Math.Exp(c.Average()),
        };
        if (nb < 2 || nc < 2)
            return estimate with { Method = "none (one trial)" };
        double vb = Variance(b) / nb, vc = Variance(c) / nc;
        double se = Math.Sqrt(vb + vc);
        // Welch-Satterthwaite degrees of freedom; with no spread at all, the pooled count.
        double df = se == 0 ? nb + nc - 2 : Math.Pow(vb + vc, 2) / (vb * vb / (nb - 1) + vc * vc / (nc - 1));
        double half = TQuantile(confidence, df) * se;
        return estimate with { Low = Math.Exp(difference - half), High = Math.Exp(difference + half) };
    }

    /// <summary>Paired by trial: one log ratio per trial both variants ran in, a t interval over them.</summary>
    public static RatioInterval Paired(IReadOnlyList<(int Trial, double Mean)> baseline, IReadOnlyList<(int Trial, double Mean)> candidate,
        double confidence = DefaultConfidence)
    {
        var pairs = ByTrial(baseline, candidate);
        if (pairs.Count < 2)
            return Of(baseline.Select(t => t.Mean).ToList(), candidate.Select(t => t.Mean).ToList(), confidence);
        if (pairs.Any(p => !(p.Baseline > 0 && p.Candidate > 0)))
            return NoInterval(pairs.Select(p => p.Baseline).ToList(), pairs.Select(p => p.Candidate).ToList(),
                baseline.Count, candidate.Count, "none (a trial delivered nothing)") with { Pairs = pairs.Count };
        double[] d = pairs.Select(p => Math.Log(p.Candidate) - Math.Log(p.Baseline)).ToArray();
        double mean = d.Average();
        // Two modes are judged with the pairing: when a trial's machine state puts both variants
        // in the slow mode together, the per-trial ratio is steady and the modes cancel (results/2026-11-29-vm-fbe70b1's C# pair on parallel: trial means
        // 1.77x apart, ratios 1.58, 1.47, 1.32, 1.65).
        bool multimodal = TrialModality.LooksMultimodal(pairs.Select(p => p.Baseline).ToList(), pairs.Select(p => p.Candidate).ToList());
        double half = TQuantile(confidence, d.Length - 1) * Math.Sqrt(Variance(d) / d.Length);
        return new RatioInterval(Math.Exp(mean), Math.Exp(mean - half), Math.Exp(mean + half), baseline.Count, candidate.Count)
        {
            Method = "paired t on log ratios", Confidence = confidence, Pairs = pairs.Count, Multimodal = multimodal,
            BaselineMean = Math.Exp(pairs.Average(p => Math.Log(p.Baseline))), CandidateMean = Math.Exp(pairs.Average(p => Math.Log(p.Candidate))),
        };
    }

    /// <summary>The trials both sides ran, each as its two means, in the candidate's trial order: what a paired ratio is taken over (here and when jobs are pooled).</summary>
    public static List<(double Baseline, double Candidate)> ByTrial(IReadOnlyList<(int Trial, double Mean)> baseline, IReadOnlyList<(int Trial, double Mean)> candidate)
    {
        var byTrial = baseline.ToDictionary(t => t.Trial, t => t.Mean);
        return candidate.Where(c => byTrial.ContainsKey(c.Trial)).Select(c => (byTrial[c.Trial], c.Mean)).ToList();
    }

    /// <summary>A summary's trials as (trial, mean) for <see cref="Paired"/> and <see cref="ByTrial"/>.</summary>
    public static List<(int Trial, double Mean)> TrialMeans(TrialSummary s) => s.Trials.Select(t => (t.Trial, t.ThroughputMean)).ToList();

    /// <summary>Two scenario x variant summaries: paired where they share trials (they do in a matrix), Welch otherwise.</summary>
    public static RatioInterval Of(TrialSummary baseline, TrialSummary candidate, double confidence = DefaultConfidence) =>
        Paired(TrialMeans(baseline), TrialMeans(candidate), confidence);

    /// <summary>The two-sided Student t quantile for <paramref name="confidence"/> (Perfolizer's Student distribution).</summary>
    public static double TQuantile(double confidence, double degreesOfFreedom) =>
        new StudentDistribution(degreesOfFreedom).Quantile(1 - (1 - confidence) / 2);

    /// <summary>No logarithm to take (a trial delivered nothing): the ratio of arithmetic means, no interval.</summary>
    private static RatioInterval NoInterval(IReadOnlyList<double> baseline, IReadOnlyList<double> candidate, int nb, int nc, string why)
    {
        double b = baseline.Count == 0 ? double.NaN : baseline.Average(), c = candidate.Count == 0 ? double.NaN : candidate.Average();
        return new RatioInterval(c / b, double.NaN, double.NaN, nb, nc) { Method = why, BaselineMean = b, CandidateMean = c };
    }

    private static double Variance(double[] x)
    {
        double mean = x.Average();
        return x.Sum(v => (v - mean) * (v - mean)) / (x.Length - 1);
    }
}
