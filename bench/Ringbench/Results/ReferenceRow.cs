using System.Globalization;
using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.Configuration.Attributes;
using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>
/// Published numbers (one -w3 -d10 run of the kernel bench per row: mean ± stddev of its ten
/// seconds) read from a transcription and turned into rows of ringbench's results schema, with
/// the scenario's knobs filled in from the catalog; what the kernel bench does not print
/// (medians, wake-ups, integrity counts) stays empty. The patch's reference names its columns
/// by libbpf (patched, unpatched), the 2020 introduction's by the bench's benchmark.
/// </summary>
public static class ReferenceRow
{
    public sealed record Published
    {
        [Name("group")] public string Group { get; init; } = "";
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("row_label")] public string Label { get; init; } = "";
        [Name("libbpf"), Optional] public string Libbpf { get; init; } = "";
        [Name("bench"), Optional] public string Bench { get; init; } = "";
        [Name("throughput_mean_mps")] public double ThroughputMean { get; init; }
        [Name("throughput_stddev_mps")] public double ThroughputStdDev { get; init; }
        [Name("drops_mean_mps")] public double DropsMean { get; init; }
        [Name("drops_stddev_mps")] public double DropsStdDev { get; init; }
    }

    /// <summary>Reads a transcription; <paramref name="variantOf"/> names each row's variant. Errors name the file, the line and <paramref name="what"/>.</summary>
    public static List<ResultRow> Read(string path, string what, Func<Published, string> variantOf)
    {
        if (!File.Exists(path))
            throw new RingbenchException(ExitCode.Usage, $"{path}: no such file");
        using var reader = new StreamReader(path);
        using var csv = new CsvReader(reader, new CsvConfiguration(CultureInfo.InvariantCulture));
        try
        {
            return csv.GetRecords<Published>()
                .Select(p => From(ScenarioCatalog.Find(p.Scenario), variantOf(p), p.ThroughputMean, p.ThroughputStdDev, p.DropsMean, p.DropsStdDev))
                .ToList();
        }
        catch (CsvHelperException e)
        {
            throw new RingbenchException(ExitCode.Usage, $"{path}:{e.Context?.Parser?.RawRow}: not the {what} format ({e.Message.Split('\n')[0]})");
        }
    }

    /// <summary>Writes <paramref name="rows"/> as results.csv and <paramref name="machine"/> as machine.json into <paramref name="folder"/>.</summary>
    public static void Import(IReadOnlyList<ResultRow> rows, MachineInfo machine, string folder)
    {
        Directory.CreateDirectory(folder);
        string results = Path.Combine(folder, ResultFolder.ResultsFile);
        File.Delete(results);
        ResultCsv.Append(results, rows);
        machine.Save(Path.Combine(folder, ResultFolder.MachineFile));
    }

    public static ResultRow From(Scenario scenario, string variant, double throughputMean, double throughputStdDev, double dropsMean, double dropsStdDev)
    {
        BenchSettings s = scenario.Settings(new BenchSettings());
        return new ResultRow
        {
            Scenario = scenario.Id, Group = scenario.Group, Label = scenario.Label, IsControl = scenario.IsControl, Variant = variant,
            WarmupSeconds = Scenarios.RunTiming.Script.Warmup, DurationSeconds = Scenarios.RunTiming.Script.Duration, Producers = s.Producers, BatchCount = s.BatchCount, Sampled = s.Sampled,
            SampleRate = s.SampleRate, UseOutput = s.UseOutput, BackToBack = s.BackToBack, RingSizeBytes = s.RingSizeBytes,
            Affinity = true, ProducerCpus = string.Join(' ', s.ProducerCpus ?? []), ConsumerCpus = string.Join(' ', s.ConsumerCpus ?? []),
            ThroughputMean = throughputMean, ThroughputStdDev = throughputStdDev,
            ThroughputMedian = double.NaN, ThroughputMin = double.NaN, ThroughputMax = double.NaN,
            DropsMean = dropsMean, DropsStdDev = dropsStdDev, RecordsPerWakeup = double.NaN,
            IntegrityOk = true, SampleCount = 10, AttachMode = "fentry",
        };
    }
}
