using System.Globalization;
using CsvHelper.Configuration.Attributes;

namespace Ringbench.Results;

/// <summary>
/// Delivery-latency percentiles of one run, in microseconds, and its CDF at 100 points.
/// Exact order statistics of the kept samples (a bounded reservoir of up to 2^20 samples):
/// simple, and exact for what was kept; p99.9 then rests on about a thousand samples per million.
/// </summary>
public sealed record LatencyStatistics(long Count, long Negative, double P50, double P90, double P99, double P999, double Max,
    IReadOnlyList<(double Quantile, double Microseconds)> Cdf)
{
    public static LatencyStatistics? Of(ReadOnlySpan<long> nanoseconds, long negative)
    {
        if (nanoseconds.Length == 0)
            return null;
        long[] sorted = nanoseconds.ToArray();
        Array.Sort(sorted);
        double At(double q) => sorted[Math.Clamp((int)Math.Ceiling(q * sorted.Length) - 1, 0, sorted.Length - 1)] / 1000.0;
        var cdf = Enumerable.Range(1, 100).Select(i => (i / 100.0, At(i / 100.0))).ToList();
        return new LatencyStatistics(sorted.Length, negative, At(0.5), At(0.9), At(0.99), At(0.999), sorted[^1] / 1000.0, cdf);
    }

    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"latency p50 {P50:F1} p90 {P90:F1} p99 {P99:F1} p99.9 {P999:F1} max {Max:F1} us ({Count:N0} samples{(Negative > 0 ? $", {Negative} negative dropped" : "")})");
}

/// <summary>One row of latency.csv: one point of one run's latency CDF (quantile 0.5 is p50, 1.0 the max).</summary>
public sealed record LatencyRow
{
    [Name("schema_version")] public int SchemaVersion { get; init; } = ResultRow.CurrentSchema;
    [Name("scenario")] public string Scenario { get; init; } = "";
    [Name("variant")] public string Variant { get; init; } = "";
    [Name("trial")] public int Trial { get; init; }
    [Name("quantile")] public double Quantile { get; init; }
    [Name("latency_us")] public double Microseconds { get; init; }
    [Name("samples")] public long Samples { get; init; }

    /// <summary>
    /// The median over trials of one quantile of these rows (one scenario x variant); NaN when no
    /// trial has it. A median, not a mean: one trial with a scheduling hiccup moves a mean of p99s
    /// anywhere, and a mean of quantiles is no quantile of anything.
    /// </summary>
    public static double MedianAt(IEnumerable<LatencyRow> rows, double quantile)
    {
        double[] values = At(rows, quantile);
        if (values.Length == 0)
            return double.NaN;
        int mid = values.Length / 2;
        return values.Length % 2 == 1 ? values[mid] : (values[mid - 1] + values[mid]) / 2;
    }

    /// <summary>The lowest and highest trial's value of one quantile (NaN when no trial has it).</summary>
    public static (double Min, double Max) RangeAt(IEnumerable<LatencyRow> rows, double quantile)
    {
        double[] values = At(rows, quantile);
        return values.Length == 0 ? (double.NaN, double.NaN) : (values[0], values[^1]);
    }

    private static double[] At(IEnumerable<LatencyRow> rows, double quantile) =>
        rows.Where(l => Math.Abs(l.Quantile - quantile) < 1e-9).Select(l => l.Microseconds).Order().ToArray();

    public static IEnumerable<LatencyRow> From(VariantRun run) => run.Latency is not { } l ? [] :
        new[] { (0.9, l.P90), (0.99, l.P99), (0.999, l.P999) }
            .Concat(l.Cdf)
            .DistinctBy(p => p.Item1)
            .OrderBy(p => p.Item1)
            .Select(p => new LatencyRow
            {
                Scenario = run.Scenario.Id, Variant = run.Variant, Trial = run.Trial, Quantile = p.Item1, Microseconds = p.Item2, Samples = l.Count,
            });
}
