using ScottPlot;
using Ringbench.Results;
using Ringbench.Analysis;

namespace Ringbench.Plots;

/// <summary>
/// Port fidelity as a forest plot: one row per scenario x port, the ratio port / native twin with
/// its interval, the ±5% band, and magenta where the whole interval lies outside it (<see cref="TwinFidelity"/>).
/// </summary>
public static class TwinChart
{
    public static Plot? Draw(FolderSummary folder, VariantPalette palette)
    {
        // A forest plot stays legible to about forty rows; a main job has ninety-odd pairs. The
        // figure shows the patch's headline rows and every pair outside ±5%; summary.md lists all.
        IReadOnlyList<TwinFidelity.Row> all = folder.Twins;
        var twins = all.Count <= MostRows ? all
            : all.Where(r => Scenarios.ScenarioCatalog.HeadlineIds.Contains(r.Scenario) || r.Unfaithful).ToList();
        MachineInfo machine = folder.Machine;
        if (twins.Count == 0)
            return null;
        var items = twins.Select(r => new ForestPlot.Item($"{r.Scenario}: {r.Port} / {r.Twin} (n={r.Ratio.Trials})", r.Ratio.Ratio, r.Ratio.Low, r.Ratio.High,
            r.Unfaithful ? Outside : palette.Of(r.Port))).ToList();
        return ForestPlot.Draw(twins.Count == all.Count ? "Port fidelity: C# port / libbpf built from source"
                : $"Port fidelity: headline rows, and any pair outside ±5% ({twins.Count} of {all.Count})",
            $"throughput ratio, port / native twin (log scale; {machine.Settings.Confidence:P1} intervals over trials)", Figure.Footer(machine), items,
            TwinFidelity.Tolerance, legend: [("outside ±5% for sure", Outside, MarkerShape.FilledCircle)]);
    }

    /// <summary>Rows a forest plot holds legibly at the review size.</summary>
    public const int MostRows = 40;

    /// <summary>Magenta: no variant uses it, so a flagged pair never reads as a port's own colour.</summary>
    private static readonly Color Outside = Color.FromHex("#e600e6");
}
