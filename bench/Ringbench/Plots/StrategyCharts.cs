using Ringbench.Results;
using ScottPlot;
using Ringbench.Analysis;

namespace Ringbench.Plots;

/// <summary>
/// The strategy figures: per scenario, throughput against p99 delivery latency, one point per
/// strategy with both intervals and the ceiling as a line; and every variant's share of the
/// ceiling per scenario.
/// </summary>
public sealed class StrategyCharts(IReadOnlyList<StrategyPoint> points, MachineInfo machine, VariantPalette palette)
{
    /// <summary>Every figure the data allows.</summary>
    public IEnumerable<(string Name, string Title, Plot Plot)> All()
    {
        if (points.Any(p => p.IsCeiling))
            yield return ("ceiling-share", "Share of the ceiling", CeilingShare());
        foreach (var scenario in points.GroupBy(p => p.Scenario).Where(g => g.Count(p => p.HasLatency && !p.IsCeiling) >= 2))
            yield return ($"strategies-{scenario.Key}", $"Throughput against latency: {scenario.Key}", ThroughputVsLatency(scenario.Key, scenario.ToList()));
    }

    /// <summary>x: p99 latency (log), y: throughput; whiskers are the folder's intervals over trials; the ceiling's throughput as a dashed line.</summary>
    public Plot ThroughputVsLatency(string scenario, IReadOnlyList<StrategyPoint> scenarioPoints)
    {
        string level = machine.Settings.Confidence.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);
        Plot plot = Figure.New($"{scenario}: throughput against p99 latency",
            $"p99 delivery latency (us, log scale), mean over trials, {level} interval", $"throughput (M records/s), mean over trials, {level} interval", machine);
        double Log(double us) => Math.Log10(Math.Max(us, 0.1));
        var shown = scenarioPoints.Where(p => p.HasLatency && !p.IsCeiling).ToList();
        double top = shown.Select(p => p.Throughput.HasInterval ? p.Throughput.High : p.Throughput.Mean).DefaultIfEmpty(1).Max();
        for (int i = 0; i < shown.Count; i++)
        {
            StrategyPoint p = shown[i];
            Color color = palette.Of(p.Variant);
            double x = Log(p.P99.Mean), y = p.Throughput.Mean;
            if (p.Throughput.HasInterval)
                Figure.Whisker(plot, x, p.Throughput.Low, p.Throughput.High, cap: 0.03, color);
            if (p.P99.HasInterval)
                Figure.HorizontalWhisker(plot, y, Log(p.P99.Low), Log(p.P99.High), cap: top * 0.012, color);
            var marker = plot.Add.Marker(x, y, MarkerShape.FilledCircle, 14, color);
            marker.LegendText = $"{p.Variant}: {p.WaitStrategy}, notify {p.Notify}";
            var label = plot.Add.Text(p.Variant, x, y);
            label.LabelFontSize = 13;
            label.LabelOffsetX = 9;
            label.LabelOffsetY = i % 2 == 0 ? -24 : 6; // alternate above and below, so neighbours do not print over each other
        }
        if (scenarioPoints.FirstOrDefault(p => p.IsCeiling) is StrategyPoint ceiling)
        {
            var line = plot.Add.HorizontalLine(ceiling.Throughput.Mean, 2, palette.Of(ceiling.Variant), LinePattern.Dashed);
            line.LegendText = $"ceiling: {ceiling.Throughput.Mean:F2} M/s (no wake-ups, {ceiling.WaitStrategy})";
            top = Math.Max(top, ceiling.Throughput.Mean);
        }
        Figure.LogTicks(plot.Axes.Bottom, shown.Select(p => p.P99.HasInterval ? p.P99.High : p.P99.Mean));
        double left = shown.Select(p => Log(p.P99.HasInterval ? p.P99.Low : p.P99.Mean)).DefaultIfEmpty(0).Min();
        double right = shown.Select(p => Log(p.P99.HasInterval ? p.P99.High : p.P99.Mean)).DefaultIfEmpty(1).Max();
        plot.Axes.SetLimitsX(Math.Floor(left) - 0.1, Math.Ceiling(right) + 0.1);
        plot.Axes.SetLimitsY(0, top * 1.15);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }

    /// <summary>Clusters a bar chart holds legibly at the review size with up to a dozen bars each.</summary>
    public const int MostScenarios = 8;

    /// <summary>
    /// One cluster per scenario, a bar per variant at its share of the ceiling, with the interval;
    /// 100% dashed. A main job has some fifty scenarios of eleven bars, which no figure shows: past
    /// <see cref="MostScenarios"/> only the patch's headline rows are drawn, said in the title;
    /// summary.md lists all.
    /// </summary>
    public Plot CeilingShare()
    {
        var withShare = points.Where(p => p.OfCeiling is not null).ToList();
        List<string> all = withShare.Select(p => p.Scenario).Distinct().ToList();
        List<string> scenarios = all.Count <= MostScenarios ? all : all.Where(Scenarios.ScenarioCatalog.HeadlineIds.Contains).ToList();
        withShare = withShare.Where(p => scenarios.Contains(p.Scenario)).ToList();
        string level = machine.Settings.Confidence.ToString("P0", System.Globalization.CultureInfo.InvariantCulture);
        Plot plot = Figure.New(scenarios.Count == all.Count
                ? $"Throughput as a share of the ceiling (no wake-ups, timed drain), {level} intervals over trials"
                : $"Share of the ceiling (no wake-ups, timed drain), headline rows ({scenarios.Count} of {all.Count}; summary.md has all), {level} intervals",
            "scenario", "share of the ceiling's throughput (%)", machine);
        List<string> variants = withShare.Select(p => p.Variant).Distinct().ToList();
        double width = 0.8 / Math.Max(1, variants.Count);
        var whiskers = new List<(double X, double Low, double High)>();
        for (int v = 0; v < variants.Count; v++)
        {
            var bars = new List<Bar>();
            for (int i = 0; i < scenarios.Count; i++)
            {
                StrategyPoint? p = withShare.FirstOrDefault(q => q.Scenario == scenarios[i] && q.Variant == variants[v]);
                if (p?.OfCeiling is not { } share)
                    continue;
                double x = i + (v - (variants.Count - 1) / 2.0) * width;
                bars.Add(new Bar { Position = x, Value = share.Ratio * 100, FillColor = palette.Of(variants[v]), Size = width * 0.9 });
                if (share.HasInterval)
                    whiskers.Add((x, share.Low * 100, share.High * 100));
            }
            if (bars.Count > 0)
                plot.Add.Bars(bars).LegendText = variants[v];
        }
        foreach (var (x, low, high) in whiskers) // after the bars, so they sit on top
            Figure.Whisker(plot, x, low, high, cap: width * 0.25);
        plot.Add.HorizontalLine(100, 2, Colors.Black, LinePattern.Dashed).LegendText = "the ceiling";
        Figure.CategoryTicks(plot, scenarios);
        plot.Axes.Margins(bottom: 0);
        plot.ShowLegend(Edge.Right);
        return plot;
    }
}
