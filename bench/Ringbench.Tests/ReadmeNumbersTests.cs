using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>
/// The numbers of the README and the docs, checked against the committed folders they come from: each quoted ratio
/// is recomputed from the folder's CSVs by the code the reports use, and must stand in the README
/// exactly as the reports print it. A regenerated folder with other numbers fails here until the
/// README follows.
/// </summary>
public class ReadmeNumbersTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    /// <summary>README.md, docs/ and results/README.md, where the dated measurements live: every number they quote.</summary>
    private static readonly Lazy<string> Readme = new(() => string.Join("\n",
        new[] { Path.Combine(Repo, "README.md"), Path.Combine(Repo, "results", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Repo, "docs"), "*.md").Order(StringComparer.Ordinal))
            .Select(File.ReadAllText)));

    private static readonly Dictionary<string, FolderSummary> Folders = [];

    /// <summary>The same pages with every run of white space one space: a sentence is found whatever its line breaks.</summary>
    private static readonly Lazy<string> FlatReadme = new(() => System.Text.RegularExpressions.Regex.Replace(Readme.Value, @"\s+", " "));

    /// <summary>A committed main job's folder, judged against the patch's reference.</summary>
    private static FolderSummary Job(string name) =>
        FolderSummary.Load(ResultFolder.Open(Path.Combine(Repo, "results", name)), PatchReference.DefaultFolder());

    private static FolderSummary Folder(string name)
    {
        lock (Folders)
        {
            if (!Folders.TryGetValue(name, out FolderSummary? summary))
                Folders[name] = summary = FolderSummary.Load(ResultFolder.Open(Path.Combine(Repo, "results", name)), null);
            return summary;
        }
    }

    /// <summary>The rows of the README table whose header starts with <paramref name="header"/>.</summary>
    private static IReadOnlyList<string> Table(string header) =>
        Readme.Value.Split('\n').SkipWhile(l => !l.StartsWith(header, StringComparison.Ordinal)).Skip(2)
            .TakeWhile(l => l.StartsWith('|')).ToList();

    /// <summary>after / before of one pair on one scenario, at the folder's own confidence, as summary.md prints it.</summary>
    private static string Ratio(string folder, string scenario, string before, string after)
    {
        FolderSummary summary = Folder(folder);
        TrialSummary b = summary.Find(scenario, before) ?? throw new InvalidOperationException($"{folder} has no {scenario} {before}");
        TrialSummary a = summary.Find(scenario, after) ?? throw new InvalidOperationException($"{folder} has no {scenario} {after}");
        return (RatioInterval.Of(b, a, summary.Confidence)).Text();
    }

    /// <summary>The round's main job, the folder the README's results quote.</summary>
    private const string MainJob = "2026-11-29-vm-6540c30";

    [Theory]
    [InlineData("parallel")]
    [InlineData("b2b")]
    [InlineData("multi-producer-1")]
    [InlineData("multi-producer-4")]
    [InlineData("multi-producer-24")]
    public void TheMainJobTableQuotesTheMainJobFolder(string scenario)
    {
        string ratio = Ratio(MainJob, scenario, "libbpf-before", "libbpf-after");
        string row = Table("| row | patch | measured (libbpf after / before) |").Single(l => l.StartsWith($"| {scenario} |", StringComparison.Ordinal));
        Assert.Equal(ratio, row.Split('|', StringSplitOptions.TrimEntries)[3]);
    }

    /// <summary>The main job's counts as the README states them: runs, scenarios settled, and the patch's rows by outcome.</summary>
    [Fact]
    public void TheMainJobsCountsAreItsFolders()
    {
        // With the patch's reference, as the matrix and its report judge it.
        FolderSummary main = Job(MainJob);
        string text = Readme.Value.Replace("\n", " ");
        int scenarios = main.TrialStatuses.Count, settled = main.TrialStatuses.Count(s => !s.Open);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{main.Rows.Count:N0} runs**"), text);
        Assert.Contains($"**{settled} of {scenarios} scenarios settled**", text);
        var judged = ReviewReport.JudgedRows(main);
        int notReproduced = judged.Count(r => r.Outcome == Reproduction.NotReproduced), inconclusive = judged.Count(r => r.Outcome == Reproduction.Inconclusive);
        Assert.Contains($"Of the patch's {judged.Count} published rows, {notReproduced} did not reproduce and {inconclusive} stayed inconclusive", text);
        // The split quoted for b2b and parallel, and the earlier main jobs' parallel rows.
        var splits = main.Splits.ToDictionary(r => r.Scenario);
        foreach (string quoted in new[]
                 {
                     $"store alone is {splits["b2b"].Store.Text()}", $"EPOLLET on top of it {splits["b2b"].TriggerAfterStore.Text()}",
                     $"store {splits["parallel"].Store.Text()}", $"EPOLLET on top {splits["parallel"].TriggerAfterStore.Text()}",
                     $"parallel at {Ratio("2026-11-29-vm-8126fa7", "parallel", "libbpf-before", "libbpf-after")} and {Ratio("2026-11-29-vm-fb9e014", "parallel", "libbpf-before", "libbpf-after")}",
                 })
            Assert.Contains(quoted, text);
    }

    [Theory]
    [InlineData("libbpf-before")]
    [InlineData("libbpf-store-only")]
    [InlineData("libbpf-after")]
    [InlineData("libbpf-et-only")]
    public void TheCostTableQuotesTheWhyFolder(string variant)
    {
        TrialSummary s = Folder("2026-11-29-vm-why").Find("parallel", variant)!;
        string F(double v, string format) => v.ToString(format, System.Globalization.CultureInfo.InvariantCulture);
        string[] expected =
        [
            F(s.MeanCost(c => c.BpfNsPerRecord), "F1"), F(s.MeanCost(c => c.ProducerIrqWorkPerThousand), "F2"),
            F(s.MeanCost(c => c.SwitchesPerWakeup), "F2"), F(s.MeanCost(c => c.ConsumerOffCpuShare) * 100, "F0") + "%",
        ];
        string row = Table("| scenario | variant | BPF ns/record | IWI / 1k records |").Single(l => l.StartsWith($"| parallel | {variant} |", StringComparison.Ordinal));
        Assert.Equal(expected, row.Split('|', StringSplitOptions.TrimEntries)[3..7]);
    }

    [Fact]
    public void TheSplitQuotedIsTheWhyFolders()
    {
        var splits = Folder("2026-11-29-vm-why").Splits.ToDictionary(r => r.Scenario);
        foreach (string text in new[]
                 {
                     splits["parallel"].Store.Text(), splits["parallel"].TriggerAfterStore.Text(),
                     splits["b2b"].Store.Text(), splits["b2b"].TriggerAfterStore.Text(),
                 })
            Assert.Contains($"({text})", Readme.Value.Replace("\n", " "));
    }

    [Fact]
    public void TheWakeupFitsQuotedAreTheFolders()
    {
        var why = Folder("2026-11-29-vm-why").WakeupFits.ToDictionary(f => f.Scenario);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string text = Readme.Value.Replace("\n", " ");
        Assert.Contains(string.Create(inv, $"{why["parallel"].NsPerWakeup / 1000:F2} us on parallel here (R² {why["parallel"].RSquared:F2}"), text);
        Assert.Contains(string.Create(inv, $"explain none of it (R² {why["parallel-sampled"].RSquared:F2})"), text);
        Assert.Contains(string.Create(inv, $"explains R² {why["parallel-sampled"].ProducerRSquared:F2}"), text);
    }

    public static TheoryData<string, string, string, string> PilotRatios()
    {
        var cells = new TheoryData<string, string, string, string>();
        foreach (string scenario in new[] { "parallel", "b2b", "multi-producer-4", "sample-rate-1" })
        {
            foreach (string folder in new[] { "2026-11-29-vm-pilot-script", "2026-11-29-vm-pilot-short" })
            {
                cells.Add(folder, scenario, "libbpf-before", "libbpf-after");
                cells.Add(folder, scenario, "lt-release", "et-seqcst");
            }
        }
        return cells;
    }

    [Theory]
    [MemberData(nameof(PilotRatios))]
    public void TheRunLengthTableQuotesThePilotFolders(string folder, string scenario, string before, string after)
    {
        string ratio = Ratio(folder, scenario, before, after);
        string row = Table("| scenario | libbpf, 3 x -w3 -d10 |").Single(l => l.StartsWith($"| {scenario} |", StringComparison.Ordinal)
                                                                         || l.StartsWith($"| {scenario} (control) |", StringComparison.Ordinal));
        string[] cells = row.Split('|', StringSplitOptions.TrimEntries);
        // | scenario | libbpf script | libbpf short | C# script | C# short |
        int column = (before == "libbpf-before" ? 2 : 4) + (folder.EndsWith("short", StringComparison.Ordinal) ? 1 : 0);
        Assert.Equal(ratio, cells[column]);
    }
    /// <summary>The stress run's waits, summed from its own table (stress.md), as the README rounds them.</summary>
    [Fact]
    public void TheStressRunsWaitsAreItsTablesSum()
    {
        long waits = File.ReadLines(Path.Combine(Repo, "results", "2026-11-26-vm-stress", "stress.md"))
            .Where(l => l.StartsWith("| et-seqcst |", StringComparison.Ordinal) || l.StartsWith("| libbpf-after |", StringComparison.Ordinal))
            .Sum(l => long.Parse(l.Split('|', StringSplitOptions.TrimEntries)[5].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture));
        Assert.Contains($"({waits / 1e6:F1} million waits)".Replace(',', '.'), Readme.Value.Replace("\n", " "));
    }

    /// <summary>The strategy section's p99 range of the timed consumers and the ceiling on parallel, and the hybrid-yield shares.</summary>
    [Fact]
    public void TheStrategyNumbersQuotedAreTheFolders()
    {
        var parallel = Folder("2026-11-25-vm-strategies").Strategies.Where(p => p.Scenario == "parallel"
            && (p.IsCeiling || p.Variant is "libbpf-timed-1ms" or "timed-1ms" or "timed-100us")).Select(p => p.P99.Mean / 1000).ToList();
        string range = string.Create(System.Globalization.CultureInfo.InvariantCulture, $"p99 {parallel.Min():F1}-{parallel.Max():F1} ms");
        string readme = Readme.Value.Replace("\n  ", " ").Replace("\n", " ");
        Assert.Contains(range, readme);

        var mp4 = Folder("2026-11-25-vm-hybrid-yield").Strategies.Where(p => p.Scenario == "multi-producer-4").ToDictionary(p => p.Variant);
        string Share(string variant) => mp4[variant].OfCeiling is RatioInterval r
            ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"{r.Ratio * 100:F0}% [{r.Low * 100:F0}, {r.High * 100:F0}]") : "none";
        Assert.Contains($"hybrid-yield-50us {Share("hybrid-yield-50us")} against {Share("hybrid-50us")}", readme);
    }

    /// <summary>The perf buffer folder the README quotes: the ring-over-perf table against 2020, and its counts.</summary>
    private const string PerfJob = "2026-11-29-vm-perfbuf";

    [Theory]
    [InlineData("parallel")]
    [InlineData("multi-producer-4")]
    [InlineData("multi-producer-52")]
    public void TheMergesCostQuotesTheMergeFolder(string scenario)
    {
        string ratio = Ratio("2026-11-29-vm-merge", scenario, "shards-et-seqcst", "shards-merged");
        Assert.Contains($"{scenario} {ratio}", Readme.Value.Replace("\n", " "));
    }

    [Fact]
    public void TheKernelBenchTablesQuoteTheKernelBenchFolder()
    {
        FolderSummary summary = FolderSummary.Load(ResultFolder.Open(Path.Combine(Repo, "results", "2026-11-29-vm-kbench")), Path.Combine(Repo, "results", "reference"));
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string Text(double ratio, double low, double high) => string.Create(inv, $"{ratio:F2}x [{low:F2}, {high:F2}]");
        IReadOnlyList<string> levels = Table("| row | patch | ringbench -O0 | ringbench -O2 | kernel bench -O0 | kernel bench -O2 |");
        Assert.Equal(4, levels.Count);
        string[] pairs = [PatchPair.LibbpfO0Name, PatchPair.LibbpfName, PatchPair.KernelBenchO0Name, PatchPair.KernelBenchO2Name];
        foreach (string line in levels)
        {
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
            for (int i = 0; i < pairs.Length; i++)
            {
                Reproduction.Row r = summary.Reproduction.Single(x => x.Scenario == cells[1] && x.Pair == pairs[i]);
                Assert.Equal(Text(r.MeasuredRatio, r.Low, r.High), cells[3 + i]);
            }
        }
        IReadOnlyList<string> against = Table("| row | build | ringbench / bench |");
        Assert.Equal(summary.AgainstBench.Count, against.Count);
        foreach (var (line, r) in against.Zip(summary.AgainstBench))
            Assert.Equal($"| {r.Scenario} | {r.RingbenchVariant} / {r.BenchVariant} | {Text(r.Ratio, r.Low, r.High)} |", line);
        Assert.Equal(310, summary.Rows.Count);
    }

    [Fact]
    public void TheRingOverPerfTableQuotesThePerfBufferFolder()
    {
        string intro = Path.Combine(Repo, "results", IntroReference.FolderName);
        FolderSummary summary = FolderSummary.Load(ResultFolder.Open(Path.Combine(Repo, "results", PerfJob)), null, intro);
        IReadOnlyList<string> table = Table("| row | 2020 rb-libbpf / pb-libbpf | measured |");
        Assert.Equal(5, table.Count);
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        foreach (string line in table)
        {
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries);
            var rows = summary.RingOverPerf.Where(r => r.Scenario == cells[1]).ToList();
            Assert.Equal(2, rows.Count);
            string Text(RingOverPerf.Row r) => string.Create(inv, $"{r.MeasuredRatio:F2}x [{r.Low:F2}, {r.High:F2}]");
            Assert.Equal(string.Create(inv, $"{rows[0].ReferenceRatio:F2}x"), cells[2]);
            Assert.StartsWith(Text(rows[0]), cells[3]);
            Assert.Equal(string.Create(inv, $"{rows[1].ReferenceRatio:F2}x"), cells[4]);
            Assert.StartsWith(Text(rows[1]), cells[5]);
        }
        int larger = summary.RingOverPerf.Count(r => r.Outcome == Reproduction.NotReproduced && r.Detail.Contains("larger"));
        Assert.Contains($"{larger} of the {summary.RingOverPerf.Count}", Readme.Value);
        Assert.Equal(460, summary.Rows.Count);
        Assert.Contains($"{summary.Rows.Count} runs", Readme.Value);
    }

    /// <summary>The readers' table: each cell the folder's reader costs, as ReaderCost computes them, and the run's counts.</summary>
    [Theory]
    [InlineData("parallel")]
    [InlineData("parallel-sampled")]
    [InlineData("b2b")]
    [InlineData("multi-producer-4")]
    [InlineData("multi-producer-12")]
    public void TheReadersTableQuotesTheReadersFolder(string scenario)
    {
        FolderSummary summary = Folder("2026-12-06-vm-readers");
        ReaderCost.Row Cost(string reader) => summary.ReaderCosts.Single(r => r.Scenario == scenario && r.Reader.Name == reader && r.Baseline.Name == "libbpf-before");
        string Ratio(ReaderCost.Row r) => r.Ratio.Text();
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        ReaderCost.Row go = Cost("reader-cilium-ebpf"), c = Cost("reader-libbpf-c");
        string[] cells = Table("| row | reader-cilium-ebpf / libbpf-before |").Single(l => l.StartsWith($"| {scenario} |", StringComparison.Ordinal))
            .Split('|', StringSplitOptions.TrimEntries);
        Assert.Equal(Ratio(go), cells[2]);
        Assert.Equal(string.Create(inv, $"{go.ReaderSide.CpuNsPerRecord:F0} ({go.BaselineSide.CpuNsPerRecord:F0})"), cells[3]);
        Assert.Equal(string.Create(inv, $"{go.ReaderSide.DropShare * 100:F1}% ({go.BaselineSide.DropShare * 100:F1}%)"), cells[4]);
        Assert.Equal(Ratio(c), cells[5]);
        Assert.Equal(240, summary.Rows.Count);
        Assert.Contains($"{summary.Rows.Count} runs, integrity held in every one", Readme.Value.Replace("\n", " "));
        Assert.All(summary.Rows, r => Assert.True(r.IntegrityOk));
    }
    [Fact]
    public void TheDesignsTableIsTheDesignsFolders()
    {
        FolderSummary designs = Folder("2026-12-06-vm-designs");
        const string header = "| scenario | libbpf-barrier | libbpf-lazy-et | libbpf-batch-et | libbpf-barrier-et | libbpf-after |";
        string[] variants = header.Split('|', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries)[1..];
        IReadOnlyList<string> table = Table(header);
        Assert.Equal(6, table.Count);
        foreach (string line in table)
        {
            string[] cells = line.Split('|', StringSplitOptions.TrimEntries)[1..^1];
            for (int i = 0; i < variants.Length; i++)
            {
                DesignComparison.Row row = designs.Designs.Rows.Single(r => r.Scenario == cells[0] && r.Variant.Name == variants[i]);
                string expected = row.Ratio!.Text() + (row.Stalls > 0 ? $" ({row.Stalls} stalls)" : "");
                Assert.Equal(expected, cells[i + 1]);
            }
        }
    }

    [Fact]
    public void TheUsersDiffNumbersAreTheirFolders()
    {
        DesignComparison.Result r = Folder("2026-12-06-vm-your-diff").Designs;
        string text = FlatReadme.Value;
        DesignComparison.UserPair parallel = r.UserPairs.Single(p => p.Scenario == "parallel"), bounded = r.UserPairs.Single(p => p.Scenario == "bounded-1");
        Assert.Contains($"mine on parallel {parallel.Ratio.Text()} with {parallel.StallsAfter} stalls with it and {parallel.StallsBefore} without; " +
                        $"on bounded-1 {bounded.Ratio.Text()} with {bounded.StallsAfter} and {bounded.StallsBefore}; " +
                        $"the positive control stalled {r.Standings.Where(s => s.IsPositiveControl).Sum(s => s.Stalls)} times", text);
    }

    [Fact]
    public void TheThirtyMinuteMainJobIsItsFolder()
    {
        const string name = "2026-12-06-vm-b64f823";
        FolderSummary main = Job(name);
        string text = FlatReadme.Value;
        int settled = main.TrialStatuses.Count(s => !s.Open);
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture, $"**{main.Rows.Count} runs, {settled} of {main.TrialStatuses.Count} scenarios settled**"), text);
        TimeSpan matrix = main.Machine.FinishedAt!.Value - main.Machine.StartedAt;
        Assert.Contains($"the matrix took {(int)matrix.TotalMinutes} min {matrix.Seconds} s (machine.json)", text);
        var judged = ReviewReport.JudgedRows(main).ToDictionary(r => r.Scenario);
        foreach (string scenario in new[] { "parallel", "b2b", "parallel-sampled" })
            Assert.Contains($"{scenario} {ReviewReport.RatioText(judged[scenario])}", text);
        int held = judged.Values.Count(r => r.Outcome is Reproduction.Reproduced or Reproduction.NotReproduced);
        Assert.Contains($"Of the patch's {judged.Count} rows only {held} settled", text);
    }

    /// <summary>
    /// The standard deviation between trials of the libbpf pair's log ratio, over each of the patch's
    /// rows with more than two paired trials; its median over those rows, as results/README.md states it.
    /// </summary>
    private static string MedianPairSpread(FolderSummary job)
    {
        var rows = ReviewReport.JudgedRows(job).Select(r => r.Scenario).ToHashSet();
        double[] spreads = job.Rows.Where(r => rows.Contains(r.Scenario) && r.Variant is "libbpf-before" or "libbpf-after")
            .GroupBy(r => (r.Scenario, r.Trial))
            .Where(g => g.Count() == 2 && g.All(r => r.ThroughputMean > 0))
            .Select(g => (g.Key.Scenario, Log: Math.Log(g.Single(r => r.Variant == "libbpf-after").ThroughputMean / g.Single(r => r.Variant == "libbpf-before").ThroughputMean)))
            .GroupBy(x => x.Scenario).Where(g => g.Count() > 2)
            .Select(g => SummaryStatistics.Of(g.Select(x => x.Log).ToList()).StdDev)
            .ToArray();
        return SummaryStatistics.Of(spreads).Median.ToString("F3", System.Globalization.CultureInfo.InvariantCulture);
    }

    /// <summary>
    /// How results/README.md states a main job, each figure from its folder: the matrix's wall time
    /// (machine.json), the command's (timed outside, given), runs, scenarios settled and the patch's rows settled.
    /// </summary>
    private static string JobPhrase(FolderSummary main, string command)
    {
        TimeSpan matrix = main.Machine.FinishedAt!.Value - main.Machine.StartedAt;
        var judged = ReviewReport.JudgedRows(main).ToList();
        int reproduced = judged.Count(r => r.Outcome is Reproduction.Reproduced), notReproduced = judged.Count(r => r.Outcome is Reproduction.NotReproduced);
        return $"the matrix took {(int)matrix.TotalMinutes} min {matrix.Seconds} s (machine.json) and the whole command {command}: " +
               $"{main.Rows.Count} runs, {main.TrialStatuses.Count(s => !s.Open)} of {main.TrialStatuses.Count} scenarios settled, " +
               $"of the patch's {judged.Count} rows {reproduced + notReproduced} ({reproduced} reproduced, {notReproduced} not reproduced)";
    }

    [Fact]
    public void TheMainJobWithTheBenchBesideIsItsFolder()
    {
        const string name = "2026-12-06-vm-0c2131f";
        FolderSummary main = Job(name);
        string text = FlatReadme.Value;
        Assert.Contains(JobPhrase(main, "28 min 15 s"), text);
        Conclusion.BenchBeside bench = main.Concluded.Bench!;
        Assert.Equal(0, bench.Within);
        Assert.Contains($"none of the {bench.Compared} comparisons is within ±5% at 4 trials", text);
    }

    /// <summary>The main jobs without libbpf's pair on the control rows, as results/README.md states them: each from its folder.</summary>
    [Theory]
    [InlineData("2026-12-06-vm-cb31431", "27 min 55 s")]
    [InlineData("2026-12-06-vm-8ee9f84", "27 min 57 s")]
    [InlineData("2026-12-06-vm-ffcac7b", "27 min 50 s")]
    [InlineData("2026-12-06-vm-69d79c9", "about 27 min 50 s")]
    [InlineData("2026-12-06-vm-69d79c9-2", "28 min 13 s")]
    [InlineData("2026-12-06-vm-c195789", "28 min 8 s")]
    [InlineData("2026-12-07-vm-a3317c1", "29 min 29 s")]
    [InlineData("2026-12-07-vm-18e0aa0", "28 min 41 s")]
    public void TheMainJobsOffTheControlRowsAreTheirFolders(string name, string command)
    {
        FolderSummary main = Job(name);
        string text = FlatReadme.Value;
        var controls = main.Reproduction.Where(r => r.Pair == PatchPair.AaName).ToList();
        int controlsSettled = controls.Count(r => r.Outcome is Reproduction.Reproduced or Reproduction.NotReproduced);
        Assert.Contains($"{JobPhrase(main, command)}, of its {controls.Count} control rows {controlsSettled}.", text);
        // The job ran libbpf's pair on no control row.
        Assert.DoesNotContain(main.Rows, r => r.IsControl && r.Variant is "libbpf-before" or "libbpf-after");
    }

    /// <summary>
    /// The two plans back to back on one evening, as results/README.md states them: each job's line,
    /// how many of the patch's rows came out the same, and the spread of the libbpf pair's log ratio
    /// between trials in the median patch row of each folder it names.
    /// </summary>
    [Fact]
    public void TheTwoPlansOnOneEveningAreTheirFolders()
    {
        FolderSummary longPlan = Job("2026-12-06-vm-fbe70b1"), shortPlan = Job("2026-12-07-vm-a3317c1");
        string text = FlatReadme.Value;
        Assert.Contains(JobPhrase(longPlan, "56 min 49 s") + ". Then", text);
        Assert.Contains(JobPhrase(shortPlan, "29 min 29 s") + ", of its 15 control rows", text);
        var before = ReviewReport.JudgedRows(longPlan).ToDictionary(r => r.Scenario, r => r.Outcome);
        var after = ReviewReport.JudgedRows(shortPlan).ToDictionary(r => r.Scenario, r => r.Outcome);
        int same = before.Count(kv => after.TryGetValue(kv.Key, out var o) && o == kv.Value);
        Assert.Contains($"{same} of the {before.Count} rows had the same outcome in both", text);

        string Spread(string name) => MedianPairSpread(Job(name));
        Assert.Contains($"was {Spread("2026-12-06-vm-fbe70b1")} in the median row of the 57-minute job and {Spread("2026-12-07-vm-a3317c1")} in the 30-minute one", text);
        string[] earlier = new[] { "2026-12-06-vm-c195789", "2026-12-06-vm-69d79c9", "2026-12-06-vm-69d79c9-2" }.Select(Spread).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains($"({earlier[0]} to {earlier[^1]} in the 30-minute jobs of earlier evenings, {Spread("2026-11-29-vm-fbe70b1")} and {Spread("2026-11-29-vm-6540c30")} in the 53-minute jobs", text);
        var weekBefore = ReviewReport.JudgedRows(Job("2026-11-29-vm-fbe70b1")).ToDictionary(r => r.Scenario);
        var thisEvening = ReviewReport.JudgedRows(longPlan).ToList();
        int disjoint = thisEvening.Count(r => weekBefore.TryGetValue(r.Scenario, out var w) && (w.High < r.Low || r.High < w.Low));
        Assert.Contains($"the same commit, {disjoint} of the {thisEvening.Count} rows have disjoint 99% intervals", text);
    }

    /// <summary>
    /// The second pair, in a later session of the guest with the 30-minute plan first, as
    /// results/README.md states it: the long job's line, how many rows settled and came out the same,
    /// which rows differ, and each job's median spread of the libbpf pair's log ratio between trials.
    /// </summary>
    [Fact]
    public void TheTwoPlansOnASecondEveningAreTheirFolders()
    {
        FolderSummary shortPlan = Job("2026-12-07-vm-18e0aa0"), longPlan = Job("2026-12-07-vm-fbe70b1");
        string text = FlatReadme.Value;
        Assert.Contains(JobPhrase(longPlan, "57 min 54 s") + ". **In this", text);
        var before = ReviewReport.JudgedRows(longPlan).ToDictionary(r => r.Scenario, r => r.Outcome);
        var after = ReviewReport.JudgedRows(shortPlan).ToDictionary(r => r.Scenario, r => r.Outcome);
        static bool Settled(ReproductionOutcome o) => !o.IsOpen();
        Assert.Equal(before.Values.Count(Settled), after.Values.Count(Settled));
        var differ = before.Keys.Where(k => after[k] != before[k]).Order(StringComparer.Ordinal).ToArray();
        Assert.Contains($"{before.Count - differ.Length} of the {before.Count} rows had the same outcome in both", text);
        Assert.Equal(["multi-producer-4", "multi-producer-8", "parallel"], differ);
        // Settled both ways on one row only: multi-producer-4.
        Assert.Equal(["multi-producer-4"], differ.Where(k => Settled(before[k]) && Settled(after[k])));
        Assert.Contains($"was {MedianPairSpread(shortPlan)} in the median row of the 30-minute job and {MedianPairSpread(longPlan)} in the 57-minute one in this session", text);
    }

    /// <summary>
    /// The A/A of two pairings on parallel, as results/README.md states it: of the level-triggered
    /// consumers' 30 pairs in each, how many are 1.5 times apart or more, the widest, and the spread of
    /// the log ratio, from the rounds' results.csv.
    /// </summary>
    [Fact]
    public void TheTwoPairingsAreTheirRounds()
    {
        string text = FlatReadme.Value;
        string root = Path.Combine(Repo, "results", "2026-12-07-vm-aa-pairing");
        (int Apart, double Widest, double Spread) Pairs(string pairing)
        {
            Dictionary<(string Round, string Variant), double> Side(string side) => Directory.GetDirectories(Path.Combine(root, pairing, side))
                .SelectMany(d => ResultCsv.Read<ResultRow>(Path.Combine(d, ResultFolder.ResultsFile)).Select(r => (Round: Path.GetFileName(d)[..3], Row: r)))
                .Where(x => x.Row.Variant != "et-seqcst")
                .ToDictionary(x => (x.Round, x.Row.Variant), x => x.Row.ThroughputMean);
            var a = Side("A");
            var b = Side("B");
            double[] logs = a.Keys.Select(k => Math.Log(b[k] / a[k])).ToArray();
            Assert.Equal(30, logs.Length);
            return (logs.Count(l => Math.Abs(l) >= Math.Log(1.5)), Math.Exp(logs.Max(Math.Abs)), SummaryStatistics.Of(logs).StdDev);
        }
        var (round, adjacent) = (Pairs("round"), Pairs("adjacent"));
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        Assert.Contains(string.Create(inv, $"({adjacent.Apart} pairs 1.5 times apart or more, against {round.Apart} of 30 a round apart)"), text);
        Assert.Contains(string.Create(inv, $"(up to {adjacent.Widest:F0} times, against {round.Widest:F0})"), text);
        Assert.Contains(string.Create(inv, $"({adjacent.Spread:F3} against {round.Spread:F3}, from results.csv)"), text);
    }

    /// <summary>The two jobs at 69d79c9 pooled, as results/README.md states it: the share and the patch's rows settled, from the folders.</summary>
    [Fact]
    public void TheGateCommitsPoolIsItsFolders()
    {
        string[] names = ["2026-12-06-vm-69d79c9", "2026-12-06-vm-69d79c9-2"];
        var jobs = names.Select(Job).ToList();
        string text = FlatReadme.Value;
        JobPooling.Result pool = JobPooling.Compute(jobs);
        var rows = pool.Rows(FolderSummary.ReferenceRun.Load(PatchReference.DefaultFolder()!));
        var patchRows = rows.Where(r => r.Headline && r.Pair != PatchPair.AaName && !r.Scenario.Contains("-busy", StringComparison.Ordinal)).ToList();
        int settled = patchRows.Count(r => r.Outcome is "reproduced" or "not reproduced");
        Assert.Contains(string.Create(System.Globalization.CultureInfo.InvariantCulture,
            $"(`results/2026-12-06-vm-69d79c9-pooled/pool.md`): the estimated job share is {pool.JobShare:F2} over {pool.RowsForShare} rows; " +
            $"pooled, {settled} of the patch's {patchRows.Count} rows settled"), text);
    }

    [Fact]
    public void TheTwoJobsAndTheirPoolAreTheirFolders()
    {
        string[] names = ["2026-12-06-vm-847a88b", "2026-12-06-vm-847a88b-2"];
        var jobs = names.Select(Job).ToList();
        string text = FlatReadme.Value;
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        string Duration(FolderSummary j) { TimeSpan t = j.Machine.FinishedAt!.Value - j.Machine.StartedAt; return $"{(int)t.TotalMinutes} min {t.Seconds} s"; }
        Assert.Contains($"the matrices took {Duration(jobs[0])} and {Duration(jobs[1])} (machine.json)", text);
        Assert.Contains(string.Create(inv, $"{jobs[0].Rows.Count} and {jobs[1].Rows.Count} runs; {jobs[0].TrialStatuses.Count(s => !s.Open)} and " +
                                            $"{jobs[1].TrialStatuses.Count(s => !s.Open)} of {jobs[0].TrialStatuses.Count} scenarios settled"), text);
        int Held(FolderSummary j) => ReviewReport.JudgedRows(j).Count(r => r.Outcome is Reproduction.Reproduced or Reproduction.NotReproduced);
        Assert.Contains($"of the patch's {ReviewReport.JudgedRows(jobs[0]).Count()} rows {Held(jobs[0])} and {Held(jobs[1])} settled", text);

        JobPooling.Result pool = JobPooling.Compute(jobs);
        var rows = pool.Rows(FolderSummary.ReferenceRun.Load(PatchReference.DefaultFolder()!));
        Assert.Contains(string.Create(inv, $"the estimated job share is {pool.JobShare:F2} over {pool.RowsForShare} rows"), text);
        // The patch's rows: the headline rows that are not controls, without their busy-neighbour twins.
        var patchRows = rows.Where(r => r.Headline && r.Pair != PatchPair.AaName && !r.Scenario.Contains("-busy", StringComparison.Ordinal)).ToList();
        int settled = patchRows.Count(r => r.Outcome is "reproduced" or "not reproduced");
        Assert.Contains($"{settled} of the patch's {patchRows.Count} rows settled", text);
    }

    /// <summary>Stalls per (variant, workload) from a stress.md table.</summary>
    private static Dictionary<(string Variant, string Workload), long> StressStalls(string relative) =>
        File.ReadLines(Path.Combine(Repo, "results", relative))
            .Where(l => l.StartsWith("| ", StringComparison.Ordinal) && !l.StartsWith("| variant", StringComparison.Ordinal))
            .Select(l => l.Split('|', StringSplitOptions.TrimEntries))
            .ToDictionary(c => (c[1], c[2]), c => long.Parse(c[8], System.Globalization.NumberStyles.AllowThousands, System.Globalization.CultureInfo.InvariantCulture));

    [Fact]
    public void TheDesignStressNumbersQuotedAreTheStressFolders()
    {
        var n = StressStalls("2026-12-06-vm-designs/stress/stress.md");
        string text = FlatReadme.Value;
        foreach (string quoted in new[]
                 {
                     $"libbpf-et-only {n[("libbpf-et-only", "parallel")]} and et-release {n[("et-release", "parallel")]} stalls on parallel, " +
                     $"{n[("libbpf-et-only", "bounded-1")]} and {n[("et-release", "bounded-1")]} on bounded-1",
                     $"libbpf-barrier-et stalled {n[("libbpf-barrier-et", "parallel")]} times and et-barrier {n[("et-barrier", "parallel")]} on parallel",
                     $"libbpf-after, the 2023 patch as built, stalled {n[("libbpf-after", "bounded-1")]} times there",
                 })
            Assert.Contains(quoted, text);
        // The rows the text says had none.
        Assert.Equal(0, n[("libbpf-barrier-et", "bounded-1")] + n[("et-barrier", "bounded-1")] + n[("libbpf-after", "parallel")]);
        foreach (string v in new[] { "libbpf-barrier", "lt-barrier", "libbpf-lazy-et", "et-lazy", "libbpf-batch-et", "et-batch" })
            Assert.Equal(0, n[(v, "parallel")] + n[(v, "bounded-1")]);
    }
}


/// <summary>Every reference a comment makes to the repository's spec page names a section that exists there.</summary>
public class CitationTests
{
    [Fact]
    public void CommentsCiteSectionsThatExist()
    {
        string repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");
        string spec = File.ReadAllText(Path.Combine(repo, "docs", "bench-spec.md"));
        var cited = new List<(string File, string Section)>();
        foreach (string file in Directory.EnumerateFiles(Path.Combine(repo, "bench"), "*.cs", SearchOption.AllDirectories).Where(f => !f.Contains("Ringbench.Tests"))
                     .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}")))
        {
            string text = File.ReadAllText(file);
            Assert.False(text.Contains("scenarios.md"), $"{file} cites scenarios.md, which is not in the repository");
            foreach (System.Text.RegularExpressions.Match m in System.Text.RegularExpressions.Regex.Matches(text, @"docs/bench-spec\.md §(\d+)"))
                cited.Add((file, m.Groups[1].Value));
        }
        Assert.NotEmpty(cited);
        Assert.All(cited, c => Assert.True(spec.Contains($"\n## §{c.Section} "), $"{c.File} cites §{c.Section}, which docs/bench-spec.md does not have"));
    }
}
