using ScottPlot;
using Ringbench.Results;

namespace Ringbench.Plots;

/// <summary>
/// What every ringbench figure shares: size (legible at 1200x800), a fixed colour per variant
/// across all figures, a footer naming the machine, kernel, date and commit, and saving as
/// PNG and SVG side by side.
/// </summary>
public static class Figure
{
    public const int Width = 1200;
    public const int Height = 800;

    private static readonly Dictionary<string, Color> VariantColors = new()
    {
        ["lt-release"] = Color.FromHex("#1f77b4"),
        ["et-seqcst"] = Color.FromHex("#d62728"),
        ["et-release"] = Color.FromHex("#ff7f0e"),
        ["lt-seqcst"] = Color.FromHex("#2ca02c"),
        ["libbpf"] = Color.FromHex("#7f7f7f"),
    };

    public static Color ColorOf(string variant) => VariantColors.TryGetValue(variant, out Color c) ? c : Color.FromHex("#9467bd");

    public static Plot New(string title, string xLabel, string yLabel, MachineInfo machine)
    {
        var plot = new Plot();
        plot.Title(title, size: 20);
        // The footer rides under the x-axis label, outside the data area, so it never hides a bar.
        plot.XLabel($"{xLabel}\n{Footer(machine)}", size: 13);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        return plot;
    }

    public static string Footer(MachineInfo m) =>
        $"{m.Hostname}: {m.CpuModel} x{m.Cpus}, {m.Kernel}, {m.Virtualization.Split(' ')[0]} · " +
        $"{m.StartedAt:yyyy-MM-dd} · ringbench {m.Commit} · -w{m.Settings.WarmupSeconds} -d{m.Settings.DurationSeconds}, {m.Settings.Trials} trial(s)";

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
}
