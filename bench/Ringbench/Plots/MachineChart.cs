using ScottPlot;
using Ringbench.Analysis;

namespace Ringbench.Plots;

/// <summary>
/// The comparison of machines as a forest plot: one row per scenario x machine x pair, the after /
/// before ratio measured on that machine with its interval on a log axis, a marker shape per machine
/// (not a colour: in ringbench's figures a colour means a variant) and the ±5% band; the rows of a
/// scenario and pair where a machine differs from the first (<see cref="MachineComparison.Agreements"/>)
/// in magenta. Only ratios: no machine's M/s stands on another's axis.
/// <para>
/// A forest plot stays legible to about <see cref="TwinChart.MostRows"/> rows; two main jobs give
/// nearly two hundred. Past that the figure keeps the headline scenarios of the first pair and every
/// row where the machines differ, and says so in its title; machines.md lists all.
/// </para>
/// </summary>
public static class MachineChart
{
    public static Plot Draw(MachineComparison comparison)
    {
        var shapes = comparison.Machines.Select((m, i) => (m.Name, Shape: Shapes[i % Shapes.Length])).ToDictionary(x => x.Name, x => x.Shape);
        IReadOnlySet<(string Scenario, string Pair)> differing = comparison.Differing;
        IReadOnlyList<MachineComparison.PairRow> all = comparison.Rows;
        IReadOnlyList<MachineComparison.PairRow> shown = all;
        if (all.Count > TwinChart.MostRows)
        {
            string firstPair = all[0].Pair;
            shown = all.Where(r => differing.Contains((r.Scenario, r.Pair))
                                   || (r.Pair == firstPair && Scenarios.ScenarioCatalog.HeadlineIds.Contains(r.Scenario))).Take(TwinChart.MostRows).ToList();
        }
        var items = shown.Select(r => new ForestPlot.Item(
            $"{r.Scenario} · {r.Machine} · {PatchPair.Named(r.Pair)?.Short ?? r.Pair}",
            r.Ratio, r.Low, r.High, differing.Contains((r.Scenario, r.Pair)) ? Differs : Colors.Black, Shape: shapes[r.Machine])).ToList();
        string confidence = string.Join(" / ", comparison.Rows.Select(r => r.Confidence).Distinct().Select(c => c.ToString("P1", System.Globalization.CultureInfo.InvariantCulture)));
        string title = shown.Count == all.Count ? "The patch on each machine: after / before, each machine against itself"
            : $"The patch on each machine: headline rows and where the machines differ ({shown.Count} of {all.Count} rows; machines.md has all)";
        var legend = shapes.Select(kv => (kv.Key, Colors.Black, kv.Value)).ToList();
        if (differing.Count > 0)
            legend.Add(("magenta: a machine differs from the first", Differs, MarkerShape.FilledCircle));
        return ForestPlot.Draw(title,
            $"throughput ratio after / before on that machine (log scale; {confidence} intervals over its trials)",
            comparison.Footer, items, VerdictRule.DefaultThreshold, legend: legend);
    }

    /// <summary>Magenta, as the twin chart flags a port: no variant's colour, and nothing else in this figure is coloured.</summary>
    private static readonly Color Differs = Color.FromHex("#e600e6");

    private static readonly MarkerShape[] Shapes =
    [
        MarkerShape.FilledCircle, MarkerShape.FilledSquare, MarkerShape.FilledTriangleUp, MarkerShape.FilledDiamond,
        MarkerShape.OpenCircle, MarkerShape.OpenSquare, MarkerShape.OpenTriangleUp, MarkerShape.Cross,
    ];
}
