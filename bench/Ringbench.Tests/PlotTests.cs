using System.Buffers.Binary;
using System.Text.RegularExpressions;
using Ringbench.Plots;
using Ringbench.Results;
using Ringbench.Analysis;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>Figures and the review report, from fixture CSVs alone.</summary>
public sealed class PlotTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-plots-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private ResultFolder Fixture()
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "run"));
        new MachineInfo { Hostname = "fixture-host", CpuModel = "Test CPU", Cpus = 2, Kernel = "6.0-test", Virtualization = "none", Commit = "abc1234" }
            .Save(folder.MachineJson);
        for (int trial = 0; trial < 3; trial++)
        {
            foreach (var (scenario, variant, rate) in new[]
                     {
                         ("parallel", "lt-release", 2e6), ("parallel", "et-seqcst", 4e6),
                         ("parallel", "et-release", 50.0),               // stalled: near-zero throughput
                         ("multi-producer-1", "lt-release", 3e6), ("multi-producer-2", "lt-release", 2e6), ("multi-producer-4", "lt-release", 1.5e6),
                         ("multi-producer-2", "et-seqcst", 2.5e6),         // multi-producer-1 missing for et-seqcst
                         ("sample-rate-1", "lt-release", 1e6), ("sample-rate-5", "lt-release", 4e6), ("sample-rate-100", "lt-release", 9e6),
                     })
            {
                VariantRun run = ResultCsvTests.FakeRun(scenario, variant, rate * (1 + 0.02 * trial)) with { Trial = trial };
                folder.Record(run);
            }
        }
        return folder;
    }

    private static (int Width, int Height) PngSize(string path)
    {
        byte[] header = File.ReadAllBytes(path)[..24];
        Assert.Equal(0x89, header[0]);
        return (BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(16)), BinaryPrimitives.ReadInt32BigEndian(header.AsSpan(20)));
    }

    private static IReadOnlyList<FigureSet.Written> Draw(ResultFolder folder, string? reference) =>
        FigureSet.Draw(folder, FolderSummary.Load(folder, reference));

    [Fact]
    public void EveryFigureIsWrittenAsPngAndSvgAtReviewSize()
    {
        ResultFolder folder = Fixture();
        IReadOnlyList<FigureSet.Written> figures = Draw(folder, null);
        Assert.Contains(figures, f => f.Name == "multi-producer");
        Assert.Contains(figures, f => f.Name == "sample-rate");
        Assert.Contains(figures, f => f.Name == "overview");
        Assert.Contains(figures, f => f.Name == "group-single-producer-parallel-producer");
        foreach (FigureSet.Written f in figures)
        {
            string png = Path.Combine(folder.Directory, f.RelativePng);
            Assert.Equal((Figure.Width, Figure.Height), PngSize(png));
            Assert.True(File.Exists(Path.ChangeExtension(png, ".svg")));
        }
    }

    /// <summary>
    /// The values a figure draws are the folder's: each bar is its scenario x variant's mean, each
    /// whisker stops at zero or above, and the drops sit on an axis of their own at the right, as
    /// the share of the records attempted, so they never set the throughput axis's scale.
    /// </summary>
    [Fact]
    public void BarsDrawTheFoldersMeansAndDropsOnTheirOwnAxis()
    {
        FolderSummary summary = FolderSummary.Load(Fixture(), null);
        var parallel = summary.Summaries.Where(s => s.Scenario == "parallel").ToList();
        ScottPlot.Plot plot = new ResultCharts(summary).GroupBars("t", parallel);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().ToList();
        Assert.Equal(parallel.Select(s => s.Variant), bars.Select(b => b.LegendText));
        Assert.Equal(parallel.Select(s => s.PooledThroughput.Mean), bars.Select(b => b.Bars.Single().Value));
        // The whiskers are line segments on the throughput axis: none reaches below zero.
        var segments = plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>().ToList();
        Assert.NotEmpty(segments);
        Assert.All(segments, l => Assert.True(l.Start.Y >= 0 && l.End.Y >= 0, $"a whisker reaches {Math.Min(l.Start.Y, l.End.Y)}"));
        Assert.All(segments, l => Assert.True(l.Axes.YAxis is null || ReferenceEquals(l.Axes.YAxis, plot.Axes.Left)));
        // Every drop marker is on the right axis at its share in percent; the fixture's stalled
        // et-release drops a fifth of what it is offered, which on the M/s axis would sit at zero.
        var drops = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().ToList();
        Assert.Equal(parallel.Count, drops.Count);
        Assert.All(drops, m => Assert.Same(plot.Axes.Right, m.Axes.YAxis));
        Assert.Equal(parallel.Select(s => s.DropShare * 100), drops.Select(m => m.Location.Y));
        Assert.True(parallel.Single(s => s.Variant == "et-release").DropShare > 0.1);
        Assert.Equal(0, plot.Axes.Right.Min);
        Assert.True(plot.Axes.Right.Max >= 100);
        Assert.True(plot.Axes.Left.Max < parallel.Max(s => s.PooledThroughput.Mean + s.PooledThroughput.StdDev) * 1.2);
    }

    /// <summary>Every variant of a folder has its own colour, and the palette's colours are far apart (CIE Lab distance).</summary>
    [Fact]
    public void EachVariantOfAFolderHasADistinctColour()
    {
        var colours = VariantPalette.Colors;
        Assert.Equal(20, colours.Count);
        double closest = colours.SelectMany((a, i) => colours.Skip(i + 1).Select(b => LabDistance(a, b))).Min();
        Assert.True(closest >= 26, $"two colours only {closest:F1} apart");
        // The pairs that used to share a hue, in one folder: distinct colours, far apart.
        var palette = new VariantPalette(["libbpf-before", "libbpf-after", "lt-release", "et-seqcst", "libbpf-barrier", "libbpf-barrier-et", "libbpf-batch-et", "lt-barrier"]);
        var used = new[] { "libbpf-before", "libbpf-after", "lt-release", "et-seqcst", "libbpf-barrier", "libbpf-barrier-et", "libbpf-batch-et", "lt-barrier" }
            .Select(palette.Of).ToList();
        Assert.Equal(used.Count, used.Distinct().Count());
        Assert.True(LabDistance(palette.Of("lt-release"), palette.Of("libbpf-before")) >= 26);
        Assert.Equal(palette.Of("libbpf-before"), palette.Of("libbpf-before"));
        // The check can fail: the old fixed map gave lt-release #1f77b4 and libbpf-before #0b3d66.
        Assert.True(LabDistance(ScottPlot.Color.FromHex("#1f77b4"), ScottPlot.Color.FromHex("#0b3d66")) < 26);
    }

    /// <summary>CIE76 distance between two sRGB colours.</summary>
    private static double LabDistance(ScottPlot.Color a, ScottPlot.Color b)
    {
        static (double L, double A, double B) Lab(ScottPlot.Color c)
        {
            static double Linear(double v) => v <= 0.04045 ? v / 12.92 : Math.Pow((v + 0.055) / 1.055, 2.4);
            double r = Linear(c.R / 255.0), g = Linear(c.G / 255.0), bl = Linear(c.B / 255.0);
            double x = (0.4124 * r + 0.3576 * g + 0.1805 * bl) / 0.95047, y = 0.2126 * r + 0.7152 * g + 0.0722 * bl, z = (0.0193 * r + 0.1192 * g + 0.9505 * bl) / 1.08883;
            static double F(double t) => t > 0.008856 ? Math.Cbrt(t) : 7.787 * t + 16.0 / 116;
            return (116 * F(y) - 16, 500 * (F(x) - F(y)), 200 * (F(y) - F(z)));
        }
        var (l1, a1, b1) = Lab(a);
        var (l2, a2, b2) = Lab(b);
        return Math.Sqrt((l1 - l2) * (l1 - l2) + (a1 - a2) * (a1 - a2) + (b1 - b2) * (b1 - b2));
    }

    /// <summary>The reproduction figure draws the patch's rows in black and the control rows in grey, and names the grey in its legend.</summary>
    [Fact]
    public void ReproductionTellsThePatchsRowsFromControls()
    {
        var summary = FolderSummary.Load(ResultFolder.Open(Path.Combine(MachineInfo.RepositoryRoot()!, "results", "2026-12-06-vm-b64f823")), Results.PatchReference.DefaultFolder());
        ScottPlot.Plot plot = new ResultCharts(summary).Reproduction()!;
        var markers = plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>().Where(m => m.Location.Y >= 0 && m.MarkerShape != ScottPlot.MarkerShape.OpenDiamond).ToList();
        var headline = summary.Reproduction.Where(r => r.Headline).ToList();
        Assert.Contains(headline, r => r.IsControl);
        Assert.Equal(headline.Count(r => r.IsControl), markers.Count(m => m.MarkerFillColor != ScottPlot.Colors.Black));
        Assert.Contains(plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>(), m => m.LegendText.StartsWith("grey: a control row", StringComparison.Ordinal));
        Assert.DoesNotContain(plot.GetPlottables().OfType<ScottPlot.Plottables.Marker>(), m => m.MarkerShape == ScottPlot.MarkerShape.Cross);
    }

    [Fact]
    public void SvgHoldsTheSeriesNamesAndTheFooter()
    {
        ResultFolder folder = Fixture();
        Draw(folder, null);
        string svg = File.ReadAllText(Path.Combine(folder.Directory, "plots", "group-single-producer-parallel-producer.svg"));
        foreach (string name in new[] { "lt-release", "et-seqcst", "et-release", "fixture-host", "abc1234" })
            Assert.Contains(name, svg);
    }

    [Fact]
    public void ReproductionChartNeedsTheReference()
    {
        string reference = Results.PatchReference.DefaultFolder()!; // results/reference, committed with the repository
        ResultFolder folder = Fixture();
        Assert.Contains(Draw(folder, reference), f => f.Name == "reproduction");
        Assert.DoesNotContain(Draw(folder, null), f => f.Name == "reproduction");
    }

    [Fact]
    public void ReportIsHeadlineFirstShortAndItsLinksResolve()
    {
        ResultFolder folder = Fixture();
        string report = File.ReadAllText(FolderOutputs.Write(folder, null).Report);
        var links = Regex.Matches(report, @"\]\(([^)]+)\)").Select(m => m.Groups[1].Value).ToList();
        Assert.NotEmpty(links);
        Assert.All(links, link => Assert.True(File.Exists(Path.Combine(folder.Directory, link)), $"{link} does not resolve"));
        string[] lines = report.Split('\n');
        Assert.True(lines.Length < 200, $"{lines.Length} lines");
        Assert.StartsWith("Measured on", lines[2]); // the concluding paragraph, then the headline
        Assert.StartsWith("- Machine:", lines[4]);
        Assert.Contains("summary.txt", report); // linked, not inlined
        Assert.DoesNotContain("rb-libbpf ", report);
        Assert.True(Regex.Matches(report, @"!\[").Count <= 6, "more than the forest plot and five figures inline");
    }

    [Fact]
    public void EmptyOrForeignFolderIsAClearError()
    {
        // A folder name that says nothing, so the check is on the message, not on the path it names.
        ResultFolder empty = ResultFolder.CreateNew(Path.Combine(_dir, "f"));
        new MachineInfo().Save(empty.MachineJson);
        File.WriteAllText(empty.ResultsCsv, "");
        Assert.Equal($"{empty.ResultsCsv}: empty file, not a ringbench CSV",
            Assert.Throws<RingbenchException>(() => Draw(ResultFolder.Open(empty.Directory), null)).Message);

        Assert.Contains("not a ringbench result folder", Assert.Throws<RingbenchException>(() => ResultFolder.Open(_dir)).Message);
    }

    [Fact]
    public void EveryTitleFitsItsCanvasAndALongOneBreaksOntoTwoLines()
    {
        var summary = FolderSummary.Load(Fixture(), null);
        foreach (var (name, _, plot) in new ResultCharts(summary).All())
            Assert.All(plot.Axes.Title.Label.Text.Split('\n'), line => Assert.True(line.Length <= Figure.TitleLineChars, $"{name}: '{line}'"));
        // The check can fail: the title of a long scenario as it was drawn before, one line of 80 characters.
        string planted = "multi-producer-52-busy1: every run against its wake-ups (R² 0.12, one wake-up ≈ 3.65 us)";
        Assert.True(planted.Length > Figure.TitleLineChars);
        Assert.All(Figure.Wrapped(planted).Split('\n'), line => Assert.InRange(line.Length, 1, Figure.TitleLineChars));
        Assert.Equal(planted, Figure.Wrapped(planted).Replace('\n', ' '));
    }

    [Fact]
    public void AWakeupCostBelowZeroIsNeverDrawn()
    {
        var points = new List<WakeupFit.Point> { new("a", 0, 0.001, 50, double.NaN), new("a", 1, 0.002, 40, double.NaN), new("b", 0, 0.004, 30, double.NaN) };
        var negative = new WakeupFit.Fit("parallel", points, 55, -6000, 0.9, 0.3);
        Assert.False(negative.Plausible);
        ScottPlot.Plot plot = WakeupChart.Wakeups(negative, new MachineInfo(), new VariantPalette([]));
        Assert.Empty(plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>());
        Assert.DoesNotContain("≈ -", plot.Axes.Title.Label.Text);
        Assert.Contains("no wake-up cost fits these runs", plot.Axes.Title.Label.Text.Replace('\n', ' '));
        // A positive cost is drawn, with its line.
        var positive = negative with { Points = [new("a", 0, 0.001, 30, double.NaN), new("b", 0, 0.004, 50, double.NaN)], BaseNs = 25, NsPerWakeup = 5000 };
        Assert.True(positive.Plausible);
        Assert.Single(WakeupChart.Wakeups(positive, new MachineInfo(), new VariantPalette([])).GetPlottables().OfType<ScottPlot.Plottables.LinePlot>());
    }
}
