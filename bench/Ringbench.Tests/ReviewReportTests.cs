using System.Text.RegularExpressions;
using CsvHelper.Configuration.Attributes;
using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>The attachment as a maintainer reads it: report.txt for a mail, summary.txt that divides right, no NaN anywhere.</summary>
public sealed class ReviewReportTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-review-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Trial means that spread (1x, 2x, 4x), so an arithmetic mean and a geometric one differ by far.</summary>
    private ResultFolder Spread(int trials)
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, $"run{trials}"));
        new MachineInfo { Hostname = "h", CpuModel = "c", Cpus = 2, Kernel = "6.1", Virtualization = "none", LibbpfVersion = "1.1" }.Save(folder.MachineJson);
        double[] scale = [1, 2, 4, 1.5];
        for (int trial = 0; trial < trials; trial++)
        {
            foreach (var (scenario, before, after) in new[] { ("parallel", 1e6, 1.7e6), ("b2b", 3e6, 2.7e6) })
            {
                folder.Record(ResultCsvTests.FakeRun(scenario, "lt-release", before * scale[trial]) with { Trial = trial });
                // The after/before ratio moves per trial too, so a mean of ratios and a ratio of arithmetic means differ.
                folder.Record(ResultCsvTests.FakeRun(scenario, "et-seqcst", after * scale[trial] * (1 + 0.05 * trial)) with { Trial = trial });
            }
        }
        return folder;
    }

    /// <summary>
    /// The seed's builds in report.txt's machine line come from the facts machine.json records
    /// (version, patch, level), not from a description taken apart; a folder older than those facts
    /// still reads its description, and both say the same line.
    /// </summary>
    [Fact]
    public void TheSeedBuildsAreReadFromRecordedFactsAndOlderFoldersFromTheirDescription()
    {
        const string diff = "seed-ringbuf-seqcst-epollet.diff";
        var described = new Dictionary<string, string>
        {
            ["before"] = $"libbpf 1.1.2-0+deb12u1, before {diff}, -O2",
            ["after"] = $"libbpf 1.1.2-0+deb12u1, with {diff}, -O2",
            ["store-only"] = $"libbpf 1.1.2-0+deb12u1, hunk 2 of {diff} alone, -O2",
            ["et-only"] = $"libbpf 1.1.2-0+deb12u1, hunk 1 of {diff} alone, -O2",
        };
        var older = new MachineInfo { LibbpfBuilds = described };
        // The facts say something the description does not (another level), so the test sees which one was read.
        var newer = older with
        {
            LibbpfBuilds = described.ToDictionary(kv => kv.Key, kv => "built somehow"),
            LibbpfSources = described.Keys.ToDictionary(k => k, _ => new MachineInfo.LibbpfBuildSource("1.1.2-0+deb12u1", diff, "-O0")),
        };
        string path = Path.Combine(_dir, "machine.json");
        newer.Save(path);
        MachineInfo.SeedBuilds? fromFacts = MachineInfo.Load(path).Seed, fromWords = older.Seed;

        Assert.Equal(new MachineInfo.SeedBuilds("libbpf 1.1.2-0+deb12u1", diff, "-O0", HunksApart: true), fromFacts);
        Assert.Equal(new MachineInfo.SeedBuilds("libbpf 1.1.2-0+deb12u1", diff + ", -O2", "", HunksApart: true), fromWords);
        // Facts without a patch (flavours built before the field) fall back to the words.
        Assert.Equal(fromWords, (older with { LibbpfSources = described.Keys.ToDictionary(k => k, _ => new MachineInfo.LibbpfBuildSource("", "", "-O2")) }).Seed);
    }

    [Fact]
    public void SummaryTextNewOverOldIsTheRatioReproduceStates()
    {
        ResultFolder folder = Spread(4);
        FolderOutputs.Write(folder, PatchReference.DefaultFolder());
        string[] text = File.ReadAllLines(folder.SummaryText);
        int old = Array.IndexOf(text, "Old:");
        double Rate(int from, int to, string heading)
        {
            int at = Array.FindIndex(text, from, to - from, l => l == heading);
            return KernelFormat.Parse(text[at + 2]).Mean;
        }
        var rows = ResultCsv.ReadPlain<Reproduction.Row>(folder.ReproduceCsv).Where(r => r.Headline).ToDictionary(r => r.Scenario);
        foreach (var (scenario, heading) in new[] { ("parallel", "Single-producer, parallel producer"), ("b2b", "Single-producer, back-to-back mode") })
        {
            double ratio = Rate(0, old, heading) / Rate(old, text.Length, heading);
            Assert.Equal(rows[scenario].MeasuredRatio, ratio, 0.002 * ratio); // three decimals of M/s
            Assert.Equal(rows[scenario].MeasuredNew / rows[scenario].MeasuredOld, rows[scenario].MeasuredRatio, 1e-9);
        }
        // The old way (arithmetic means of the seconds) would not divide to it here: the check can fail.
        FolderSummary summary = FolderSummary.Load(folder, PatchReference.DefaultFolder());
        TrialSummary before = summary.Find("parallel", "lt-release")!, after = summary.Find("parallel", "et-seqcst")!;
        Assert.NotEqual(rows["parallel"].MeasuredRatio, after.PooledThroughput.Mean / before.PooledThroughput.Mean, 0.01);
    }

    [Fact]
    public void ReportTextIsPlainTextWrappedAt72WithTheHeadlineFirst()
    {
        ResultFolder folder = Spread(4);
        FolderOutputs.Write(folder, PatchReference.DefaultFolder());
        string[] lines = File.ReadAllLines(folder.ReportText);
        Assert.All(lines, l => Assert.True(l.Length <= ReviewText.Width, $"over {ReviewText.Width} columns: '{l}'"));
        Assert.DoesNotContain(lines, l => l.Contains("![") || l.Contains("](") || l.Contains("**"));
        // The concluding paragraph first (the machine's scope leads it), then the headline's bullets.
        Assert.StartsWith("Measured on c", lines[2]);
        int bullets = Array.FindIndex(lines, l => l.StartsWith("- ", StringComparison.Ordinal));
        Assert.StartsWith("- Machine: c, 2 CPUs", lines[bullets]);
        Assert.Equal("", lines[bullets - 1]);
        string text = string.Join('\n', lines);
        Assert.Contains("Against the patch\n-----------------", text);
        Assert.Contains("Words this report uses", text);
        Assert.Matches(new Regex(@"\nparallel +2\.09x +\d\.\d\dx \[\d\.\d\d, \d\.\d\d\] +4  "), text);
        // Every row's "why" names the counters measured, not only the verdict again.
        var why = ReviewReport.NotReproducedWhy(FolderSummary.Load(folder, PatchReference.DefaultFolder()));
        Assert.NotEmpty(why);
        Assert.All(why, line => Assert.Contains("patched vs unpatched: ", line));
        Assert.All(why, line => Assert.Contains(" ns/record", line));
        // report.md opens with the same headline.
        string[] md = File.ReadAllLines(folder.ReportMarkdown);
        FolderSummary summary = FolderSummary.Load(folder, PatchReference.DefaultFolder());
        Assert.Equal(string.Join(" ", ConclusionText.Sentences(summary.Concluded)), md[2]);
        Assert.Equal(ReviewReport.Headline(summary)[0], md[4][2..]);
    }

    [Fact]
    public void NoOutputShowsNaNAfterOneTrial()
    {
        ResultFolder folder = Spread(1);
        FolderOutputs.Write(folder, PatchReference.DefaultFolder());
        foreach (string file in Directory.EnumerateFiles(folder.Directory).Where(f => f.EndsWith(".md") || f.EndsWith(".txt") || f.EndsWith(".csv")))
            Assert.False(File.ReadAllText(file).Contains("NaN"), $"{Path.GetFileName(file)} shows NaN");
        Assert.Contains("1 trial gives no interval", File.ReadAllText(folder.ReportText).Replace("\n  ", " "));
    }

    public sealed record Measured
    {
        [Name("name")] public string Name { get; init; } = "";
        [Name("value")] public double Value { get; init; }
    }

    [Fact]
    public void AFigureNotMeasuredIsAnEmptyCsvFieldAndReadsBackAsNaN()
    {
        string path = Path.Combine(_dir, "plain.csv");
        ResultCsv.Append(path, [new Measured { Name = "a", Value = double.NaN }, new Measured { Name = "b", Value = 1.5 }]);
        Assert.Equal(["name,value", "a,", "b,1.5"], File.ReadAllLines(path));
        File.AppendAllText(path, "c,NaN\n"); // what older files hold
        Assert.Equal([double.NaN, 1.5, double.NaN], ResultCsv.ReadPlain<Measured>(path).Select(m => m.Value));
    }

    [Fact]
    public void SweepLinesJoinOnlyNeighboursThatBothRan()
    {
        int[] catalog = [1, 5, 10, 25, 50];
        Assert.Equal([[1], [10, 25]], ResultCharts.Segments(catalog, [1, 10, 25]).Select(s => s.ToArray()).ToArray());
        Assert.Equal([[1, 5, 10, 25, 50]], ResultCharts.Segments(catalog, catalog).Select(s => s.ToArray()).ToArray());
        Assert.Empty(ResultCharts.Segments(catalog, []));
    }
}
