namespace Ringbench.Compare;

/// <summary>
/// The ratio of two variants' mean throughput (candidate / baseline) with a 95% percentile
/// bootstrap interval over their trial means. Resampling whole trials, not seconds, is the
/// point: on a noisy machine the trial-to-trial spread is the uncertainty that matters, and
/// per-second samples within one run hide it.
/// </summary>
public sealed record RatioInterval(double Ratio, double Low, double High, int BaselineTrials, int CandidateTrials)
{
    public const int Resamples = 10_000;
    public const double Confidence = 0.95;

    /// <summary>True when there are enough trials on both sides for the interval to mean anything.</summary>
    public bool HasInterval => BaselineTrials >= 2 && CandidateTrials >= 2;

    public static RatioInterval Of(IReadOnlyList<double> baselineTrialMeans, IReadOnlyList<double> candidateTrialMeans, int seed = 20230720)
    {
        double ratio = Mean(candidateTrialMeans) / Mean(baselineTrialMeans);
        if (baselineTrialMeans.Count < 2 || candidateTrialMeans.Count < 2)
            return new RatioInterval(ratio, double.NaN, double.NaN, baselineTrialMeans.Count, candidateTrialMeans.Count);

        // A fixed seed: the same CSV always gives the same interval.
        var random = new Random(seed);
        var ratios = new double[Resamples];
        for (int i = 0; i < Resamples; i++)
            ratios[i] = ResampledMean(candidateTrialMeans, random) / ResampledMean(baselineTrialMeans, random);
        Array.Sort(ratios);
        double tail = (1 - Confidence) / 2;
        return new RatioInterval(ratio, Percentile(ratios, tail), Percentile(ratios, 1 - tail),
            baselineTrialMeans.Count, candidateTrialMeans.Count);
    }

    private static double Mean(IReadOnlyList<double> values) => values.Count == 0 ? double.NaN : values.Average();

    private static double ResampledMean(IReadOnlyList<double> values, Random random)
    {
        double sum = 0;
        for (int i = 0; i < values.Count; i++)
            sum += values[random.Next(values.Count)];
        return sum / values.Count;
    }

    private static double Percentile(double[] sorted, double p)
    {
        double position = p * (sorted.Length - 1);
        int lower = (int)Math.Floor(position);
        int upper = Math.Min(lower + 1, sorted.Length - 1);
        return sorted[lower] + (position - lower) * (sorted[upper] - sorted[lower]);
    }
}
