using System.Globalization;
using ScottPlot;

namespace Ringbench.Plots;

/// <summary>
/// A forest plot: one row per item, top to bottom, a ratio on a log axis with its interval as a
/// line, an optional reference marker (the patch's ratio), a line at 1 and, if given, dashed
/// lines at 1 ± band. Readable at 1200x800 for up to about forty rows.
/// </summary>
public static class ForestPlot
{
    public sealed record Item(string Label, double Ratio, double Low, double High, Color Color, double? Reference = null,
        MarkerShape Shape = MarkerShape.FilledCircle);

    public static Plot Draw(string title, string xLabel, string footer, IReadOnlyList<Item> items, double? band,
        string? referenceLegend = null, IReadOnlyList<(string Text, Color Color, MarkerShape Shape)>? legend = null)
    {
        Plot plot = Figure.New(title, xLabel, "", footer);
        static double L(double ratio) => Math.Log10(ratio);
        double low = L(0.9), high = L(1.1);
        void Widen(double v)
        {
            if (v > 0 && double.IsFinite(v))
            {
                low = Math.Min(low, L(v));
                high = Math.Max(high, L(v));
            }
        }
        if (band is double b)
        {
            foreach (double edge in new[] { 1 - b, 1 + b })
                plot.Add.VerticalLine(L(edge), 1, Colors.Gray, LinePattern.Dashed).LegendText = edge < 1 ? $"±{b:P0}" : "";
        }
        plot.Add.VerticalLine(0, 2, Colors.Black).LegendText = "no change";
        bool referenceShown = false;
        for (int i = 0; i < items.Count; i++)
        {
            Item item = items[i];
            double y = items.Count - 1 - i; // first item at the top
            if (item.Low > 0 && item.High > 0 && double.IsFinite(item.Low) && double.IsFinite(item.High))
            {
                Figure.HorizontalWhisker(plot, y, L(item.Low), L(item.High), 0.18, item.Color);
                Widen(item.Low);
                Widen(item.High);
            }
            if (item.Ratio > 0 && double.IsFinite(item.Ratio))
            {
                plot.Add.Marker(L(item.Ratio), y, item.Shape, 11, item.Color);
                Widen(item.Ratio);
            }
            if (item.Reference is double reference && reference > 0)
            {
                var marker = plot.Add.Marker(L(reference), y, MarkerShape.OpenDiamond, 12, Colors.Black);
                if (!referenceShown && referenceLegend is not null)
                    marker.LegendText = referenceLegend;
                referenceShown = true;
                Widen(reference);
            }
        }
        // Legend entries for the colours: markers placed below the visible rows (the limits are set below).
        foreach (var (text, color, shape) in legend ?? [])
            plot.Add.Marker(0, -100, shape, 11, color).LegendText = text;
        plot.Axes.Left.SetTicks(Enumerable.Range(0, items.Count).Select(i => (double)(items.Count - 1 - i)).ToArray(), items.Select(i => i.Label).ToArray());
        plot.Axes.Left.MinimumSize = 7.5f * items.Select(i => i.Label.Length).DefaultIfEmpty(10).Max() + 20;
        // Fine ticks near 1 only when the axis is narrow; on a wide one they would print over each other.
        double[] ticks = high - low > 0.3
            ? [0.1, 0.2, 0.25, 0.5, 0.8, 1, 1.25, 1.5, 2, 3, 4, 5, 10, 20]
            : [0.5, 0.8, 0.9, 0.95, 1, 1.05, 1.1, 1.25, 1.5, 2];
        double[] shown = ticks.Where(t => L(t) >= low - 0.02 && L(t) <= high + 0.02).ToArray();
        plot.Axes.Bottom.SetTicks(shown.Select(L).ToArray(), shown.Select(t => t.ToString("0.##", CultureInfo.InvariantCulture) + "x").ToArray());
        double margin = 0.04 * Math.Max(0.2, high - low);
        plot.Axes.SetLimitsX(low - margin, high + margin);
        plot.Axes.SetLimitsY(-0.7, items.Count - 0.3);
        plot.ShowLegend(Edge.Bottom);
        return plot;
    }
}
