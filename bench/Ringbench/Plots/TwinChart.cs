using ScottPlot;
using Ringbench.Results;

namespace Ringbench.Plots;

/// <summary>
/// Port fidelity as a forest plot: one row per scenario x port, the ratio port / native twin with
/// its interval, the ±5% band, and red where the whole interval lies outside it (<see cref="TwinFidelity"/>).
/// </summary>
public static class TwinChart
{
    public static Plot? Draw(IReadOnlyList<ResultRow> rows, MachineInfo machine)
    {
        IReadOnlyList<TwinFidelity.Row> twins = TwinFidelity.Compute(rows, machine.Settings.Confidence);
        if (twins.Count == 0)
            return null;
        var items = twins.Select(r => new ForestPlot.Item($"{r.Scenario}: {r.Port} / {r.Twin}", r.Ratio.Ratio, r.Ratio.Low, r.Ratio.High,
            r.Unfaithful ? Colors.Red : Figure.ColorOf(r.Port))).ToList();
        return ForestPlot.Draw("Port fidelity: each C# port against libbpf built from source (port / twin)",
            $"throughput ratio, port / native twin (log scale; {machine.Settings.Confidence:P1} intervals over trials)", machine, items,
            TwinFidelity.Tolerance, legend: [("outside ±5% for sure", Colors.Red)]);
    }
}
