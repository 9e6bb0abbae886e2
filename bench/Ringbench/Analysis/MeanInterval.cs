using System.Globalization;

namespace Ringbench.Analysis;

/// <summary>
/// A mean over trials with its Student t interval (NaN bounds with fewer than two trials): the
/// trials are the independent repetitions, so their spread is the uncertainty that counts.
/// </summary>
public sealed record MeanInterval(double Mean, double Low, double High, int Trials)
{
    public bool HasInterval => Trials >= 2;

    public static MeanInterval Of(IReadOnlyList<double> trialValues, double confidence = RatioInterval.DefaultConfidence)
    {
        var values = trialValues.Where(double.IsFinite).ToList();
        double mean = values.Count == 0 ? double.NaN : values.Average();
        if (values.Count < 2)
            return new MeanInterval(mean, double.NaN, double.NaN, values.Count);
        double sd = Math.Sqrt(values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1));
        double half = RatioInterval.TQuantile(confidence, values.Count - 1) * sd / Math.Sqrt(values.Count);
        return new MeanInterval(mean, mean - half, mean + half, values.Count);
    }

    /// <summary>
    /// The same for a rate, which is never negative: the t interval is cut at zero (a true value
    /// cannot lie below it, so the cut loses no coverage) rather than shown as "[-2.1, 7.9]".
    /// </summary>
    public static MeanInterval OfRate(IReadOnlyList<double> trialValues, double confidence = RatioInterval.DefaultConfidence)
    {
        MeanInterval m = Of(trialValues, confidence);
        return m.HasInterval ? m with { Low = Math.Max(0, m.Low) } : m;
    }

    /// <summary>
    /// For a quantile measured once per trial (a p99): the median of the trials' values in
    /// <see cref="Mean"/>, and their range as the bounds. A mean of p99s is no quantile of anything,
    /// and one trial's scheduling hiccup would move it anywhere.
    /// </summary>
    public static MeanInterval MedianWithRange(IReadOnlyList<double> trialValues)
    {
        double[] values = trialValues.Where(double.IsFinite).Order().ToArray();
        if (values.Length == 0)
            return new MeanInterval(double.NaN, double.NaN, double.NaN, 0);
        int mid = values.Length / 2;
        double median = values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
        return values.Length < 2 ? new MeanInterval(median, double.NaN, double.NaN, 1) : new MeanInterval(median, values[0], values[^1], values.Length);
    }

    /// <summary>"12.3 [11.9, 12.8]" in the given format, or just the mean with one trial.</summary>
    public string Text(string format)
    {
        string F(double v) => v.ToString(format, CultureInfo.InvariantCulture);
        return HasInterval ? $"{F(Mean)} [{F(Low)}, {F(High)}]" : double.IsNaN(Mean) ? "–" : F(Mean);
    }
}
