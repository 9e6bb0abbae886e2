using Ringbench.Results;
using ScottPlot;
using Ringbench.Analysis;

namespace Ringbench.Plots;

/// <summary>
/// Each scenario's runs explained: every run's time per record against its wake-ups per record,
/// coloured by variant, with the least-squares line of <see cref="WakeupFit"/> (its slope is what
/// one wake-up costs here, its R² how much of the spread the wake-ups explain); and where the
/// run costs were measured, time per record against the BPF producer's own ns per record.
/// Drawn for the patch's headline rows and for every scenario an analyser names.
/// </summary>
public static class WakeupChart
{
    public static IEnumerable<(string Name, string Title, Plot Plot)> All(FolderSummary folder, VariantPalette palette)
    {
        foreach (WakeupFit.Fit fit in folder.WakeupFits.Where(f => Scenarios.ScenarioCatalog.HeadlineIds.Contains(f.Scenario) || f.MostlyWakeups || f.NotWakeups))
        {
            yield return ($"wakeups-{fit.Scenario}", $"Runs against their wake-ups: {fit.Scenario}", Wakeups(fit, folder.Machine, palette));
            if (fit.Points.Count(p => !double.IsNaN(p.ProducerNsPerRecord)) >= 2)
                yield return ($"producer-{fit.Scenario}", $"Runs against the producer's cost: {fit.Scenario}", Producer(fit, folder.Machine, palette));
        }
    }

    internal static Plot Wakeups(WakeupFit.Fit fit, MachineInfo machine, VariantPalette palette)
    {
        // A fit that gives a wake-up no positive cost (or more than a run's whole time) explains nothing:
        // the runs are drawn, the line and its "cost" are not, as summary.md does not state one.
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Plot plot = Figure.New(fit.Plausible
                ? string.Create(inv, $"{fit.Scenario}: every run against its wake-ups (R² {fit.RSquared:F2}, one wake-up ≈ {fit.NsPerWakeup / 1000:F2} us)")
                : string.Create(inv, $"{fit.Scenario}: every run against its wake-ups (R² {fit.RSquared:F2}; no wake-up cost fits these runs)"),
            "wake-ups per record (measured seconds)", "ns per record consumed (1000 / M records/s)", machine);
        Scatter(plot, fit, p => p.WakeupsPerRecord, palette);
        double right = fit.Points.Max(p => p.WakeupsPerRecord);
        if (!fit.Plausible)
        {
            Limits(plot, fit, right);
            return plot;
        }
        var line = plot.Add.Line(0, fit.BaseNs, right, fit.BaseNs + fit.NsPerWakeup * right);
        line.LineColor = Colors.Black;
        line.LinePattern = LinePattern.Dashed;
        line.LegendText = string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"fit: {fit.BaseNs:F1} ns + {fit.NsPerWakeup:F0} ns x wake-ups/record");
        Limits(plot, fit, right);
        return plot;
    }

    private static Plot Producer(WakeupFit.Fit fit, MachineInfo machine, VariantPalette palette)
    {
        Plot plot = Figure.New($"{fit.Scenario}: every run against the BPF producer's ns per record",
            "BPF producer ns per record (kernel run-time statistics)", "ns per record consumed (1000 / M records/s)", machine);
        var shown = fit with { Points = fit.Points.Where(p => !double.IsNaN(p.ProducerNsPerRecord)).ToList() };
        Scatter(plot, shown, p => p.ProducerNsPerRecord, palette);
        Limits(plot, shown, shown.Points.Max(p => p.ProducerNsPerRecord));
        return plot;
    }

    private static void Scatter(Plot plot, WakeupFit.Fit fit, Func<WakeupFit.Point, double> x, VariantPalette palette)
    {
        foreach (var variant in fit.Points.GroupBy(p => p.Variant))
        {
            var scatter = plot.Add.ScatterPoints(variant.Select(x).ToArray(), variant.Select(p => p.NsPerRecord).ToArray(), palette.Of(variant.Key));
            scatter.MarkerSize = 9;
            scatter.LegendText = variant.Key;
        }
        plot.ShowLegend(Edge.Right);
    }

    /// <summary>Both axes from zero (time and counts cannot be negative) to a little past the data.</summary>
    private static void Limits(Plot plot, WakeupFit.Fit fit, double right) =>
        plot.Axes.SetLimits(0, Math.Max(right, 1e-9) * 1.08, 0, fit.Points.Max(p => p.NsPerRecord) * 1.1);
}
