using System.Globalization;
using ScottPlot;
using Ringbench.Results;

namespace Ringbench.Plots;

/// <summary>
/// What every ringbench figure shares: size (legible at 1200x800), a footer naming the machine,
/// kernel, date and commit, and saving as PNG and SVG side by side. Colours are the folder's
/// (<see cref="VariantPalette"/>).
/// </summary>
public static class Figure
{
    public const int Width = 1200;
    public const int Height = 800;

    public static Plot New(string title, string xLabel, string yLabel, MachineInfo machine) => New(title, xLabel, yLabel, Footer(machine));

    /// <summary>A figure whose footer is not one machine's (the comparison of machines names them all).</summary>
    public static Plot New(string title, string xLabel, string yLabel, string footer)
    {
        var plot = new Plot();
        // The title is centred over the data area, which a right-hand legend narrows: a long one
        // would run off the canvas at the left, so it breaks onto a second line instead.
        plot.Title(Wrapped(title), size: 20);
        // The footer rides under the x-axis label, outside the data area, so it never hides a bar.
        plot.XLabel($"{xLabel}\n{Wrapped(footer, FooterLineChars)}", size: 13);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        return plot;
    }

    /// <summary>Characters of a title line at 20 px that fit over the narrowest data area a figure has (1200 px canvas, legend beside it).</summary>
    public const int TitleLineChars = 64;

    /// <summary>Characters of a footer line at 13 px, centred under the narrowest data area a figure has.</summary>
    public const int FooterLineChars = 100;

    /// <summary>The title broken at spaces into lines of at most <paramref name="lineChars"/> characters (<see cref="TitleLineChars"/> unless told).</summary>
    public static string Wrapped(string title, int lineChars = TitleLineChars)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in title.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > lineChars)
            {
                lines.Add(line.ToString());
                line.Clear();
            }
            line.Append(line.Length > 0 ? " " : "").Append(word);
        }
        lines.Add(line.ToString());
        return string.Join("\n", lines);
    }

    public static string Footer(MachineInfo m) =>
        $"{m.Hostname}: {m.ProcessorText}, {m.Kernel}, {m.Virtualization.Split(' ')[0]} · " +
        $"{m.StartedAt:yyyy-MM-dd} · ringbench {m.Commit} · -w{m.Settings.WarmupSeconds} -d{m.Settings.DurationSeconds}, " +
        (m.Settings.Looks.Count == 0 ? $"{m.Settings.Trials} trial(s)" : $"adaptive trials {m.Settings.Looks[0]}-{m.Settings.Looks[^1]}");

    /// <summary>Category names under their clusters (bar positions 0, 1, 2, ...); slanted, with room reserved, when there are many.</summary>
    public static void CategoryTicks(Plot plot, IReadOnlyList<string> labels)
    {
        plot.Axes.Bottom.SetTicks(Enumerable.Range(0, labels.Count).Select(i => (double)i).ToArray(), labels.ToArray());
        if (labels.Count <= 6)
            return;
        plot.Axes.Bottom.TickLabelStyle.Rotation = -45;
        plot.Axes.Bottom.TickLabelStyle.Alignment = Alignment.MiddleRight;
        plot.Axes.Bottom.MinimumSize = 8 * labels.Max(s => s.Length) + 30;
    }

    /// <summary>Writes name.png and name.svg into every folder given; returns the PNG paths.</summary>
    public static IReadOnlyList<string> Save(Plot plot, string name, IEnumerable<string> folders)
    {
        var written = new List<string>();
        foreach (string folder in folders)
        {
            Directory.CreateDirectory(folder);
            string png = Path.Combine(folder, name + ".png");
            plot.SavePng(png, Width, Height);
            plot.SaveSvg(Path.Combine(folder, name + ".svg"), Width, Height);
            written.Add(png);
        }
        return written;
    }

    /// <summary>Decade ticks (0.1, 1, 10, ... us) for an axis that carries log10 values.</summary>
    public static void LogTicks(ScottPlot.IAxis axis, IEnumerable<double> microseconds)
    {
        double max = microseconds.Where(double.IsFinite).DefaultIfEmpty(1).Max();
        int top = Math.Max(1, (int)Math.Ceiling(Math.Log10(Math.Max(max, 1))));
        double[] decades = Enumerable.Range(-1, top + 2).Select(d => (double)d).ToArray();
        axis.SetTicks(decades, decades.Select(d => Math.Pow(10, d).ToString("G", CultureInfo.InvariantCulture)).ToArray());
    }

    /// <summary>A vertical interval from low to high with caps (<paramref name="cap"/> wide each side), in black unless told.</summary>
    public static void Whisker(Plot plot, double x, double low, double high, double cap = 0.07, Color? color = null)
    {
        foreach (var (x1, y1, x2, y2) in new[] { (x, low, x, high), (x - cap, low, x + cap, low), (x - cap, high, x + cap, high) })
            Segment(plot, x1, y1, x2, y2, color ?? Colors.Black);
    }

    /// <summary>A horizontal interval from low to high with caps (<paramref name="cap"/> tall each side).</summary>
    public static void HorizontalWhisker(Plot plot, double y, double low, double high, double cap, Color color)
    {
        foreach (var (x1, y1, x2, y2) in new[] { (low, y, high, y), (low, y - cap, low, y + cap), (high, y - cap, high, y + cap) })
            Segment(plot, x1, y1, x2, y2, color);
    }

    private static void Segment(Plot plot, double x1, double y1, double x2, double y2, Color color)
    {
        var line = plot.Add.Line(x1, y1, x2, y2);
        line.Color = color;
        line.LineWidth = 2;
    }
}
