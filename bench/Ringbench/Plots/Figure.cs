using System.Globalization;
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
        ["timed-100us"] = Color.FromHex("#9467bd"),
        ["timed-1ms"] = Color.FromHex("#8c564b"),
        ["hybrid-50us"] = Color.FromHex("#17becf"),
        ["libbpf-timed-1ms"] = Color.FromHex("#bcbd22"),
        ["ceiling"] = Color.FromHex("#303030"),
        // The native twins in darker shades of their ports' colours.
        ["libbpf-before"] = Color.FromHex("#0b3d66"),
        ["libbpf-after"] = Color.FromHex("#7a1414"),
        ["libbpf-store-only"] = Color.FromHex("#145214"),
        ["libbpf-et-only"] = Color.FromHex("#8a4508"),
        ["kernel-bench"] = Color.FromHex("#6b6b6b"),
        ["kernel-bench-2"] = Color.FromHex("#a0a0a0"),
        // The perf buffer: greens apart from the ring's variants.
        ["pb-libbpf"] = Color.FromHex("#006d2c"),
        ["pb-custom"] = Color.FromHex("#74c476"),
        // Sharded rings: purples.
        ["shards-libbpf"] = Color.FromHex("#54278f"),
        ["shards-lt-release"] = Color.FromHex("#9e9ac8"),
        ["shards-et-seqcst"] = Color.FromHex("#756bb1"),
        ["producer-only"] = Color.FromHex("#000000"),
        // libbpf built -O0, as the kernel bench builds it: paler shades of the -O2 twins.
        ["libbpf-before-o0"] = Color.FromHex("#4a7fb0"),
        ["libbpf-after-o0"] = Color.FromHex("#c0504d"),
        // The kernel's own bench (kbench-*): its libbpf pairs in teal (before) and orange (after),
        // its own consumers in greys and greens beside ringbench's ports of them; -O2 paler.
        ["kbench-rb-libbpf-before"] = Color.FromHex("#00767a"),
        ["kbench-rb-libbpf-before-o2"] = Color.FromHex("#5fb8b9"),
        ["kbench-rb-libbpf-after"] = Color.FromHex("#c45a00"),
        ["kbench-rb-libbpf-after-o2"] = Color.FromHex("#f0a35e"),
        ["kbench-rb-custom"] = Color.FromHex("#3d3d3d"),
        ["kbench-rb-custom-o2"] = Color.FromHex("#8e8e8e"),
        ["kbench-pb-libbpf"] = Color.FromHex("#00441b"),
        ["kbench-pb-libbpf-o2"] = Color.FromHex("#41ab5d"),
        ["kbench-pb-custom"] = Color.FromHex("#238b45"),
        ["kbench-pb-custom-o2"] = Color.FromHex("#a1d99b"),
    };

    /// <summary>Other strategy names (timed-250us, ...) take one of these, the same one in every figure.</summary>
    private static readonly Color[] SparePalette =
        new[] { "#e377c2", "#ff9896", "#98df8a", "#c5b0d5", "#c49c94", "#9edae5", "#dbdb8d", "#aec7e8" }.Select(Color.FromHex).ToArray();

    public static Color ColorOf(string variant) => VariantColors.TryGetValue(variant, out Color c) ? c
        : SparePalette[(variant.Aggregate(17, (h, ch) => unchecked(h * 31 + ch)) & int.MaxValue) % SparePalette.Length];

    public static Plot New(string title, string xLabel, string yLabel, MachineInfo machine) => New(title, xLabel, yLabel, Footer(machine));

    /// <summary>A figure whose footer is not one machine's (the comparison of machines names them all).</summary>
    public static Plot New(string title, string xLabel, string yLabel, string footer)
    {
        var plot = new Plot();
        // The title is centred over the data area, which a right-hand legend narrows: a long one
        // would run off the canvas at the left, so it breaks onto a second line instead.
        plot.Title(Wrapped(title), size: 20);
        // The footer rides under the x-axis label, outside the data area, so it never hides a bar.
        plot.XLabel($"{xLabel}\n{footer}", size: 13);
        plot.YLabel(yLabel, size: 16);
        plot.Axes.Bottom.TickLabelStyle.FontSize = 13;
        plot.Axes.Left.TickLabelStyle.FontSize = 13;
        plot.Legend.FontSize = 13;
        return plot;
    }

    /// <summary>Characters of a title line at 20 px that fit over the narrowest data area a figure has (1200 px canvas, legend beside it).</summary>
    public const int TitleLineChars = 64;

    /// <summary>The title broken at spaces into lines of at most <see cref="TitleLineChars"/> characters.</summary>
    public static string Wrapped(string title)
    {
        var lines = new List<string>();
        var line = new System.Text.StringBuilder();
        foreach (string word in title.Split(' '))
        {
            if (line.Length > 0 && line.Length + 1 + word.Length > TitleLineChars)
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
        $"{m.Hostname}: {m.CpuModel} x{m.Cpus}, {m.Kernel}, {m.Virtualization.Split(' ')[0]} · " +
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
