using ScottPlot;
using Ringbench.Results;

namespace Ringbench.Plots;

/// <summary>
/// Port fidelity as a forest plot: one row per scenario x port, the ratio port / native twin with
/// its interval, the ±5% band, and magenta where the whole interval lies outside it (<see cref="TwinFidelity"/>).
/// </summary>
public static class TwinChart
{
    public static Plot? Draw(FolderSummary folder)
    {
        IReadOnlyList<TwinFidelity.Row> twins = folder.Twins;
        MachineInfo machine = folder.Machine;
        if (twins.Count == 0)
            return null;
        var items = twins.Select(r => new ForestPlot.Item($"{r.Scenario}: {r.Port} / {r.Twin} (n={r.Ratio.Trials})", r.Ratio.Ratio, r.Ratio.Low, r.Ratio.High,
            r.Unfaithful ? Outside : Figure.ColorOf(r.Port))).ToList();
        return ForestPlot.Draw("Port fidelity: C# port / libbpf built from source",
            $"throughput ratio, port / native twin (log scale; {machine.Settings.Confidence:P1} intervals over trials)", Figure.Footer(machine), items,
            TwinFidelity.Tolerance, legend: [("outside ±5% for sure", Outside, MarkerShape.FilledCircle)]);
    }

    /// <summary>Magenta: no variant uses it, so a flagged pair never reads as a port's own colour.</summary>
    private static readonly Color Outside = Color.FromHex("#e600e6");
}
