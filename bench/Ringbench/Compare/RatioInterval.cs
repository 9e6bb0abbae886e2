namespace Ringbench.Compare;

/// <summary>
/// The ratio of two variants' mean throughput (candidate / baseline) with a 95% percentile
/// bootstrap interval over their trial means. Resampling whole trials, not seconds, is the
/// point: on a noisy machine the trial-to-trial spread is the uncertainty that matters, and
/// per-second samples within one run hide it.
/// </summary>
public sealed record RatioInterval(double Ratio, double Low, double High, int BaselineTrials, int CandidateTrials)
{
    /// <summary>True when there are enough trials on both sides for the interval to mean anything.</summary>
    public bool HasInterval => BaselineTrials >= 2 && CandidateTrials >= 2;

    public static RatioInterval Of(IReadOnlyList<double> baselineTrialMeans, IReadOnlyList<double> candidateTrialMeans, int seed = Bootstrap.Seed)
    {
        double ratio = Mean(candidateTrialMeans) / Mean(baselineTrialMeans);
        if (baselineTrialMeans.Count < 2 || candidateTrialMeans.Count < 2)
            return new RatioInterval(ratio, double.NaN, double.NaN, baselineTrialMeans.Count, candidateTrialMeans.Count);

        var (low, high) = Bootstrap.Interval(
            random => Bootstrap.ResampledMean(candidateTrialMeans, random) / Bootstrap.ResampledMean(baselineTrialMeans, random), seed);
        return new RatioInterval(ratio, low, high, baselineTrialMeans.Count, candidateTrialMeans.Count);
    }

    private static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();
}
