using System.Globalization;

namespace Ringbench.Compare;

/// <summary>
/// The percentile bootstrap ringbench takes its intervals with: resample whole trials, not
/// seconds (on a noisy machine the trial-to-trial spread is the uncertainty that matters), with
/// a fixed seed so the same CSV always gives the same interval.
/// </summary>
public static class Bootstrap
{
    public const int Resamples = 10_000;
    public const double Confidence = 0.95;
    public const int Seed = 20230720;

    /// <summary>The central <see cref="Confidence"/> interval of <paramref name="statistic"/> over resamples.</summary>
    public static (double Low, double High) Interval(Func<Random, double> statistic, int seed = Seed)
    {
        var random = new Random(seed);
        var values = new double[Resamples];
        for (int i = 0; i < Resamples; i++)
            values[i] = statistic(random);
        Array.Sort(values);
        double tail = (1 - Confidence) / 2;
        return (Percentile(values, tail), Percentile(values, 1 - tail));
    }

    /// <summary>The mean of a resample (with replacement) of <paramref name="values"/>.</summary>
    public static double ResampledMean(IReadOnlyList<double> values, Random random)
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

/// <summary>A mean over trials with its 95% bootstrap interval (NaN bounds with fewer than two trials).</summary>
public sealed record MeanInterval(double Mean, double Low, double High, int Trials)
{
    public bool HasInterval => Trials >= 2;

    public static MeanInterval Of(IReadOnlyList<double> trialValues)
    {
        var values = trialValues.Where(double.IsFinite).ToList();
        double mean = values.Count == 0 ? double.NaN : values.Average();
        if (values.Count < 2)
            return new MeanInterval(mean, double.NaN, double.NaN, values.Count);
        var (low, high) = Bootstrap.Interval(random => Bootstrap.ResampledMean(values, random));
        return new MeanInterval(mean, low, high, values.Count);
    }

    /// <summary>"12.3 [11.9, 12.8]" in the given format, or just the mean with one trial.</summary>
    public string Text(string format)
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return HasInterval ? $"{F(Mean)} [{F(Low)}, {F(High)}]" : double.IsNaN(Mean) ? "–" : F(Mean);
    }
}
