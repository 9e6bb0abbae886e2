using System.Globalization;
using System.Text.RegularExpressions;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>
/// The kernel script's text format: a heading per group underlined with '=', then one line
/// per row, label left-aligned in 20 columns: <c>rb-libbpf            43.366 ± 0.277M/s (drops 0.848 ± 0.027M/s)</c>.
/// </summary>
public static partial class KernelFormat
{
    public static string Heading(string group) => $"{group}\n{new string('=', group.Length)}";

    public static string Line(string label, SummaryStatistics throughput, SummaryStatistics drops) =>
        Line(label, throughput.Mean, throughput.StdDev, drops.Mean, drops.StdDev);

    public static string Line(string label, double mean, double stdDev, double dropsMean, double dropsStdDev) =>
        string.Create(CultureInfo.InvariantCulture,
            $"{label,-20} {mean:F3} ± {stdDev:F3}M/s (drops {dropsMean:F3} ± {dropsStdDev:F3}M/s)");

    /// <summary>The numbers back from a line: throughput mean, stddev, drops mean, stddev.</summary>
    public static (string Label, double Mean, double StdDev, double DropsMean, double DropsStdDev) Parse(string line)
    {
        Match m = LinePattern().Match(line);
        if (!m.Success)
            throw new FormatException($"not a kernel-format result line: '{line}'");
        double D(int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        return (m.Groups[1].Value.TrimEnd(), D(2), D(3), D(4), D(5));
    }

    [GeneratedRegex(@"^(.+?)\s+(-?[\d.]+|NaN) ± (-?[\d.]+|NaN)M/s \(drops (-?[\d.]+|NaN) ± (-?[\d.]+|NaN)M/s\)")]
    private static partial Regex LinePattern();
}
