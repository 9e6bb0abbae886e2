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
    /// whisker stops at zero or above, and the drops sit on the same axis as the bars.
    /// </summary>
    [Fact]
    public void BarsDrawTheFoldersMeansAndNothingBelowZero()
    {
        FolderSummary summary = FolderSummary.Load(Fixture(), null);
        var parallel = summary.Summaries.Where(s => s.Scenario == "parallel").ToList();
        ScottPlot.Plot plot = new ResultCharts(summary).GroupBars("t", parallel);
        var bars = plot.GetPlottables().OfType<ScottPlot.Plottables.BarPlot>().ToList();
        Assert.Equal(parallel.Select(s => s.Variant), bars.Select(b => b.LegendText));
        Assert.Equal(parallel.Select(s => s.PooledThroughput.Mean), bars.Select(b => b.Bars.Single().Value));
        // The whiskers are line segments: none reaches below zero, and none is drawn on another axis.
        var segments = plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>().ToList();
        Assert.NotEmpty(segments);
        Assert.All(segments, l => Assert.True(l.Start.Y >= 0 && l.End.Y >= 0, $"a whisker reaches {Math.Min(l.Start.Y, l.End.Y)}"));
        // No plottable is moved to a second axis (null is the default, left axis).
        Assert.All(plot.GetPlottables(), p => Assert.True(p.Axes.YAxis is null || ReferenceEquals(p.Axes.YAxis, plot.Axes.Left)));
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
        ScottPlot.Plot plot = WakeupChart.Wakeups(negative, new MachineInfo());
        Assert.Empty(plot.GetPlottables().OfType<ScottPlot.Plottables.LinePlot>());
        Assert.DoesNotContain("≈ -", plot.Axes.Title.Label.Text);
        Assert.Contains("no wake-up cost fits these runs", plot.Axes.Title.Label.Text.Replace('\n', ' '));
        // A positive cost is drawn, with its line.
        var positive = negative with { Points = [new("a", 0, 0.001, 30, double.NaN), new("b", 0, 0.004, 50, double.NaN)], BaseNs = 25, NsPerWakeup = 5000 };
        Assert.True(positive.Plausible);
        Assert.Single(WakeupChart.Wakeups(positive, new MachineInfo()).GetPlottables().OfType<ScottPlot.Plottables.LinePlot>());
    }
}
