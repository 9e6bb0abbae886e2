using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.Configuration.Attributes;
using Ringbench.Results;
using Ringbench.Scenarios;

namespace Ringbench.Compare;

/// <summary>
/// The patch's published numbers (Ryzen 9 7950X, 32 threads, -w3 -d10, one run each), turned
/// into ringbench's results schema: "patched" is et-seqcst, "unpatched" is lt-release.
/// </summary>
public static class PatchReference
{
    public const string Patched = "patched";
    public const string Unpatched = "unpatched";

    private sealed record PublishedRow
    {
        [Name("group")] public string Group { get; init; } = "";
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("row_label")] public string Label { get; init; } = "";
        [Name("libbpf")] public string Libbpf { get; init; } = "";
        [Name("throughput_mean_mps")] public double ThroughputMean { get; init; }
        [Name("throughput_stddev_mps")] public double ThroughputStdDev { get; init; }
        [Name("drops_mean_mps")] public double DropsMean { get; init; }
        [Name("drops_stddev_mps")] public double DropsStdDev { get; init; }
    }

    public static MachineInfo Machine => new()
    {
        Hostname = "patch-reference",
        CpuModel = "AMD Ryzen 9 7950X 16-Core Processor",
        Cpus = 32,
        Kernel = "unknown (2023 bpf-next)",
        Virtualization = "none",
        LibbpfVersion = "before and after the patch",
        DotnetVersion = "n/a (kernel selftest bench)",
        HarnessVersion = "kernel run_bench_ringbufs.sh",
        Commit = "libbpf: fix ringbuf synchronization, use EPOLLET",
        Settings = new MatrixSettings
        {
            WarmupSeconds = 3, DurationSeconds = 10, Trials = 1,
            Variants = [MatrixSummary.Before, MatrixSummary.After],
            Scenarios = ScenarioCatalog.All.Select(s => s.Id).ToList(),
        },
    };

    /// <summary>Reads the published CSV (../shared/reference/patch-ryzen9-7950x.csv) as result rows.</summary>
    public static List<ResultRow> ReadPublished(string path)
    {
        if (!File.Exists(path))
            throw new RingbenchException(ExitCode.Usage, $"{path}: no such file");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        try
        {
            return csv.GetRecords<PublishedRow>().Select(ToResultRow).ToList();
        }
        catch (CsvHelperException e)
        {
            throw new RingbenchException(ExitCode.Usage, $"{path}:{e.Context?.Parser?.RawRow}: not the patch reference format ({e.Message.Split('\n')[0]})");
        }
    }

    private static ResultRow ToResultRow(PublishedRow p)
    {
        Scenario scenario = ScenarioCatalog.Find(p.Scenario);
        BenchSettings s = scenario.Settings(new BenchSettings());
        string variant = p.Libbpf switch
        {
            Patched => MatrixSummary.After,
            Unpatched => MatrixSummary.Before,
            _ => throw new RingbenchException(ExitCode.Usage, $"unknown libbpf column value '{p.Libbpf}' in the patch reference"),
        };
        return new ResultRow
        {
            Scenario = scenario.Id, Group = scenario.Group, Label = scenario.Label, IsControl = scenario.IsControl, Variant = variant,
            WarmupSeconds = 3, DurationSeconds = 10, Producers = s.Producers, BatchCount = s.BatchCount, Sampled = s.Sampled,
            SampleRate = s.SampleRate, UseOutput = s.UseOutput, BackToBack = s.BackToBack, RingSizeBytes = s.RingSizeBytes,
            Affinity = true, ProducerCpus = string.Join(' ', s.ProducerCpus ?? []), ConsumerCpus = string.Join(' ', s.ConsumerCpus ?? []),
            ThroughputMean = p.ThroughputMean, ThroughputStdDev = p.ThroughputStdDev,
            ThroughputMedian = double.NaN, ThroughputMin = double.NaN, ThroughputMax = double.NaN,
            DropsMean = p.DropsMean, DropsStdDev = p.DropsStdDev, RecordsPerWakeup = double.NaN,
            IntegrityOk = true, SampleCount = 10, AttachMode = "fentry",
        };
    }

    /// <summary>Writes results/reference/: results.csv in the results schema and machine.json.</summary>
    public static void Import(string publishedCsv, string folder)
    {
        List<ResultRow> rows = ReadPublished(publishedCsv);
        Directory.CreateDirectory(folder);
        string results = Path.Combine(folder, "results.csv");
        File.Delete(results);
        ResultCsv.Append(results, rows);
        Machine.Save(Path.Combine(folder, "machine.json"));
    }

    /// <summary>Where the reference lives in a checkout.</summary>
    public static string? DefaultFolder() =>
        MachineInfo.RepositoryRoot() is string repo && File.Exists(Path.Combine(repo, "results", "reference", "results.csv"))
            ? Path.Combine(repo, "results", "reference")
            : null;
}
