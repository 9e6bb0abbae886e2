namespace Ringbench.Results;

/// <summary>Mean, sample standard deviation (n-1, as the kernel bench), median, min and max of a series.</summary>
public sealed record SummaryStatistics(int Count, double Mean, double StdDev, double Median, double Min, double Max)
{
    public static SummaryStatistics Of(IReadOnlyList<double> values)
    {
        if (values.Count == 0)
            return new SummaryStatistics(0, double.NaN, double.NaN, double.NaN, double.NaN, double.NaN);
        double mean = values.Average();
        double variance = values.Count > 1 ? values.Sum(v => (v - mean) * (v - mean)) / (values.Count - 1) : 0;
        double[] sorted = [.. values.Order()];
        int mid = sorted.Length / 2;
        double median = sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
        return new SummaryStatistics(values.Count, mean, Math.Sqrt(variance), median, sorted[0], sorted[^1]);
    }
}
