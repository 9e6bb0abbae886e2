using ScottPlot;
using Ringbench.Analysis;

namespace Ringbench.Plots;

/// <summary>
/// The comparison of machines as a forest plot: one row per scenario x machine x pair, the after /
/// before ratio measured on that machine with its interval on a log axis, a marker shape per machine
/// (not a colour: every colour in ringbench's figures already means a variant) and
/// the ±5% band. Only ratios: no machine's M/s stands on another's axis.
/// </summary>
public static class MachineChart
{
    public static Plot Draw(MachineComparison comparison)
    {
        var shapes = comparison.Machines.Select((m, i) => (m.Name, Shape: Shapes[i % Shapes.Length])).ToDictionary(x => x.Name, x => x.Shape);
        var items = comparison.Rows.Select(r => new ForestPlot.Item(
            $"{r.Scenario} · {r.Machine} · {PatchPair.Named(r.Pair)?.Short ?? r.Pair}",
            r.Ratio, r.Low, r.High, Colors.Black, Shape: shapes[r.Machine])).ToList();
        string confidence = string.Join(" / ", comparison.Rows.Select(r => r.Confidence).Distinct().Select(c => c.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)));
        return ForestPlot.Draw("The patch on each machine: after / before, each machine against itself",
            $"throughput ratio after / before on that machine (log scale; {confidence:P1} intervals over its trials)",
            comparison.Footer, items, VerdictRule.DefaultThreshold, legend: shapes.Select(kv => (kv.Key, Colors.Black, kv.Value)).ToList());
    }

    private static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.Cross,
    ];
}
