using ScottPlot;
using Ringbench.Compare;

namespace Ringbench.Plots;

/// <summary>
/// The comparison of machines as a forest plot: one row per scenario x machine x pair, the after /
/// before ratio measured on that machine with its interval on a log axis, a colour per machine and
/// the ±5% band. Only ratios: no machine's M/s stands on another's axis.
/// </summary>
public static class MachineChart
{
    public static Plot Draw(MachineComparison comparison)
    {
        var colors = comparison.Machines.Select((m, i) => (m.Name, Color: Palette[i % Palette.Length])).ToDictionary(x => x.Name, x => x.Color);
        var items = comparison.Rows.Select(r => new ForestPlot.Item(
            $"{r.Scenario} · {r.Machine} · {(r.Pair.StartsWith("libbpf", StringComparison.Ordinal) ? "libbpf" : "C#")}",
            r.Ratio, r.Low, r.High, colors[r.Machine])).ToList();
        string confidence = string.Join(" / ", comparison.Rows.Select(r => r.Confidence).Distinct().Select(c => c.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)));
        return ForestPlot.Draw("The patch on each machine: after / before, each machine against itself",
            $"throughput ratio after / before on that machine (log scale; {confidence:P1} intervals over its trials)",
            comparison.Footer, items, VerdictRule.DefaultThreshold, legend: colors.Select(kv => (kv.Key, kv.Value)).ToList());
    }

    private static readonly Color[] Palette =
        new[] { "#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#17becf", "#e377c2" }.Select(Color.FromHex).ToArray();
}
