namespace Ringbench.Results;

/// <summary>
/// One matrix run on disk: results.csv (a row per finished scenario x variant, written after
/// its samples, so a row on disk means the run is complete), samples.csv, machine.json,
/// summary.txt and summary.md.
/// </summary>
public sealed class ResultFolder
{
    // Without a trailing separator, so the folder's name (Path.GetFileName) is its name even when typed as "results/run/".
    private ResultFolder(string directory) => Directory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(directory));

    /// <summary>The file names a result folder (and a fleet run's, and a stress run's) holds: spelt here only.</summary>
    public const string ResultsFile = "results.csv", SamplesFile = "samples.csv", MachineFile = "machine.json",
        MachinesMarkdownFile = "machines.md", MachinesCsvFile = "machines.csv", StallsCsvFile = "stalls.csv", StressMarkdownFile = "stress.md",
        FailedRunsFile = "failed-runs.txt";

    public string Directory { get; }
    public string ResultsCsv => Path.Combine(Directory, ResultsFile);
    public string SamplesCsv => Path.Combine(Directory, SamplesFile);
    public string MachineJson => Path.Combine(Directory, MachineFile);
    public string SummaryText => Path.Combine(Directory, "summary.txt");
    public string SummaryMarkdown => Path.Combine(Directory, "summary.md");
    public string VariantsText => Path.Combine(Directory, "summary-variants.txt");
    public string LatencyCsv => Path.Combine(Directory, "latency.csv");
    public string ReportMarkdown => Path.Combine(Directory, "report.md");
    public string ReportText => Path.Combine(Directory, "report.txt");
    public string ReproduceMarkdown => Path.Combine(Directory, "reproduce.md");
    public string ReproduceCsv => Path.Combine(Directory, "reproduce.csv");
    public string RingOverPerfMarkdown => Path.Combine(Directory, "reproduce-2020.md");
    public string RingOverPerfCsv => Path.Combine(Directory, "reproduce-2020.csv");
    public string AgainstBenchCsv => Path.Combine(Directory, "against-bench.csv");
    public string ReaderCostsCsv => Path.Combine(Directory, "reader-costs.csv");
    public string DesignsMarkdown => Path.Combine(Directory, DesignsFile);

    /// <summary>What the job's warm-up ran and the rates it waited out.</summary>
    public string WarmupText => Path.Combine(Directory, "warmup.txt");

    /// <summary>Which consumer design is correct and cheapest here; linked from reproduce.md.</summary>
    public const string DesignsFile = "designs.md";

    /// <summary>The kernel bench's build manifests and the change its attach needed, copied in when kbench-* variants run.</summary>
    public string KernelBenchFolder => Path.Combine(Directory, "kernel-bench");

    /// <summary>A new folder for a new run; refuses one that already holds results.</summary>
    public static ResultFolder CreateNew(string directory)
    {
        var folder = new ResultFolder(directory);
        if (File.Exists(folder.ResultsCsv))
            throw new RingbenchException(ExitCode.Usage, $"{folder.Directory} already holds results: pass --resume {directory} to finish it, or choose another --out");
        try
        {
            System.IO.Directory.CreateDirectory(folder.Directory);
            string probe = Path.Combine(folder.Directory, ".write-probe");
            File.WriteAllText(probe, "");
            File.Delete(probe);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new RingbenchException(ExitCode.Environment, $"cannot write to {folder.Directory}: {e.Message}");
        }
        return folder;
    }

    /// <summary>An interrupted run's folder: repairs a row cut short by a kill and drops samples of unfinished runs.</summary>
    public static ResultFolder OpenForResume(string directory)
    {
        var folder = new ResultFolder(directory);
        if (!File.Exists(folder.MachineJson))
            throw new RingbenchException(ExitCode.Usage, $"{folder.Directory} has no machine.json: not a ringbench result folder");
        ResultCsv.RepairTail(folder.ResultsCsv);
        ResultCsv.RepairTail(folder.SamplesCsv);
        ResultCsv.RepairTail(folder.LatencyCsv);
        folder.DropUnfinished(folder.SamplesCsv, (SampleRow s) => (s.Scenario, s.Variant, s.Trial));
        folder.DropUnfinished(folder.LatencyCsv, (LatencyRow l) => (l.Scenario, l.Variant, l.Trial));
        return folder;
    }

    /// <summary>An existing folder, to read (plot, report, reproduce).</summary>
    public static ResultFolder Open(string directory)
    {
        var folder = new ResultFolder(directory);
        if (!File.Exists(folder.ResultsCsv) || !File.Exists(folder.MachineJson))
            throw new RingbenchException(ExitCode.Usage, $"{folder.Directory} is not a ringbench result folder (it needs results.csv and machine.json)");
        return folder;
    }

    public IReadOnlyList<ResultRow> Completed() =>
        File.Exists(ResultsCsv) ? ResultCsv.Read<ResultRow>(ResultsCsv) : [];

    /// <summary>Writes a finished run: its samples (and latency CDF), then the results row that marks it complete.</summary>
    public void Record(VariantRun run)
    {
        ResultCsv.Append(SamplesCsv, SampleRow.From(run));
        if (run.Latency is not null)
            ResultCsv.Append(LatencyCsv, LatencyRow.From(run));
        ResultCsv.Append(ResultsCsv, [ResultRow.From(run)]);
    }

    /// <summary>
    /// Notes a run that failed for a reason of its own variant (a reader process that misbehaved):
    /// one line, "scenario variant #trial: why", appended; the run stays pending, so --resume tries it again.
    /// </summary>
    public void RecordFailure(string scenario, string variant, int trial, string why) =>
        File.AppendAllText(Path.Combine(Directory, FailedRunsFile), $"{scenario} {variant} #{trial + 1}: {why}\n");

    /// <summary>The failed runs' lines, oldest first (none when every run finished).</summary>
    public IReadOnlyList<string> FailedRuns() =>
        File.Exists(Path.Combine(Directory, FailedRunsFile)) ? File.ReadAllLines(Path.Combine(Directory, FailedRunsFile)) : [];

    /// <summary>The latency CDF points of the finished runs (none when no run measured latency).</summary>
    public IReadOnlyList<LatencyRow> Latency()
    {
        return OfFinishedRuns(LatencyCsv, (LatencyRow l) => (l.Scenario, l.Variant, l.Trial));
    }

    /// <summary>The per-second samples of the finished runs.</summary>
    public IReadOnlyList<SampleRow> Samples() => OfFinishedRuns(SamplesCsv, (SampleRow s) => (s.Scenario, s.Variant, s.Trial));

    /// <summary>The rows of <paramref name="csv"/> that belong to runs with a results row (none if the file is absent).</summary>
    private List<T> OfFinishedRuns<T>(string csv, Func<T, (string, string, int)> run) where T : class
    {
        if (!File.Exists(csv))
            return [];
        var finished = Completed().Select(r => (r.Scenario, r.Variant, r.Trial)).ToHashSet();
        return ResultCsv.Read<T>(csv).Where(row => finished.Contains(run(row))).ToList();
    }

    /// <summary>Rewrites <paramref name="csv"/> without the rows of runs that never finished.</summary>
    private void DropUnfinished<T>(string csv, Func<T, (string, string, int)> run) where T : class
    {
        if (!File.Exists(csv))
            return;
        List<T> kept = OfFinishedRuns(csv, run);
        File.Delete(csv);
        ResultCsv.Append(csv, kept);
    }
}
