using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Scenarios;
using Ringbench.Analysis;
using Ringbench.Reports;

namespace Ringbench.Tests;

public sealed class ResultCsvTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-test-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    internal static VariantRun FakeRun(string scenarioId, string variant, double recordsPerSecond, int seconds = 3)
    {
        Scenario scenario = ScenarioCatalog.Find(scenarioId);
        BenchSettings settings = scenario.Settings(new BenchSettings { WarmupSeconds = 1, DurationSeconds = seconds - 1 });
        var samples = Enumerable.Range(0, seconds)
            .Select(i => new Sample(i, i == 0, 1.0, (long)(recordsPerSecond * (1 + 0.01 * i)), i * 10, 5, 7, 6, 1, 1, i % 2))
            .ToList();
        long consumed = samples.Sum(s => s.Records), dropped = samples.Sum(s => s.Drops);
        return new VariantRun(scenario, variant, settings, AttachMode.RawTracepoint, samples,
            new Integrity(consumed + dropped, consumed, dropped), 1, 12, 0.5, 0.25,
            new DateTimeOffset(2026, 11, 25, 12, 0, 0, TimeSpan.Zero), 0.1, 0.05, false);
    }

    [Fact]
    public void ResultRowsRoundTripIdentically()
    {
        string path = Path.Combine(_dir, "results.csv");
        var rows = new[] { ResultRow.From(FakeRun("parallel", "lt-release", 1e6)), ResultRow.From(FakeRun("same-cpu", "et-seqcst", 5e5)) };
        ResultCsv.Append(path, rows.Take(1));
        ResultCsv.Append(path, rows.Skip(1));
        List<ResultRow> back = ResultCsv.Read<ResultRow>(path);
        Assert.Equal(rows, back);
        Assert.Single(File.ReadLines(path), l => l.StartsWith("schema_version"));
        Assert.Equal("0", back[1].ProducerCpus);
    }

    [Fact]
    public void CsvSavedBackWithCrlfLineEndsReadsTheSame()
    {
        // As a spreadsheet or Python's csv module writes it back.
        string path = Path.Combine(_dir, "results.csv");
        var rows = new[] { ResultRow.From(FakeRun("parallel", "lt-release", 1e6)), ResultRow.From(FakeRun("b2b", "et-seqcst", 2e6)) };
        ResultCsv.Append(path, rows);
        string crlf = Path.Combine(_dir, "crlf.csv");
        File.WriteAllText(crlf, File.ReadAllText(path).Replace("\n", "\r\n"));
        Assert.Equal(rows, ResultCsv.Read<ResultRow>(crlf));
    }

    [Fact]
    public void SampleRowsRoundTripIdentically()
    {
        string path = Path.Combine(_dir, "samples.csv");
        var rows = SampleRow.From(FakeRun("b2b", "libbpf", 2e6)).ToList();
        ResultCsv.Append(path, rows);
        Assert.Equal(rows, ResultCsv.Read<SampleRow>(path));
    }

    [Fact]
    public void AnotherSchemaVersionIsRefusedWithFileAndLine()
    {
        string path = Path.Combine(_dir, "results.csv");
        ResultCsv.Append(path, [ResultRow.From(FakeRun("parallel", "lt-release", 1e6)) with { SchemaVersion = 99 }]);
        var e = Assert.Throws<RingbenchException>(() => ResultCsv.Read<ResultRow>(path));
        Assert.Contains("results.csv:2", e.Message);
        Assert.Contains("schema version 99", e.Message);
    }

    [Fact]
    public void ForeignOrEmptyCsvIsAClearError()
    {
        string foreign = Path.Combine(_dir, "foreign.csv");
        File.WriteAllText(foreign, "a,b\n1,2\n");
        Assert.Contains("not a ringbench CSV", Assert.Throws<RingbenchException>(() => ResultCsv.Read<ResultRow>(foreign)).Message);
        // A file name that says nothing, so the check is on the message, not on the path it names.
        string empty = Path.Combine(_dir, "a.csv");
        File.WriteAllText(empty, "");
        Assert.Equal($"{empty}: empty file, not a ringbench CSV", Assert.Throws<RingbenchException>(() => ResultCsv.Read<ResultRow>(empty)).Message);
    }

    [Fact]
    public void ResumeKeepsFinishedRunsAndCutsAHalfWrittenRow()
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "run"));
        new MachineInfo().Save(folder.MachineJson);
        folder.Record(FakeRun("parallel", "lt-release", 1e6));
        // A killed process: samples of a run whose results row never made it, and half a row.
        ResultCsv.Append(folder.SamplesCsv, SampleRow.From(FakeRun("parallel", "et-seqcst", 1e6)));
        File.AppendAllText(folder.ResultsCsv, "1,parallel,\"Single-pro");

        ResultFolder resumed = ResultFolder.OpenForResume(folder.Directory);
        IReadOnlyList<ResultRow> done = resumed.Completed();
        Assert.Single(done);
        Assert.Equal("lt-release", done[0].Variant);
        Assert.All(ResultCsv.Read<SampleRow>(resumed.SamplesCsv), s => Assert.Equal("lt-release", s.Variant));
    }

    [Fact]
    public void NewRunRefusesAFolderThatHoldsResults()
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "run"));
        folder.Record(FakeRun("b2b", "lt-release", 1e6));
        var e = Assert.Throws<RingbenchException>(() => ResultFolder.CreateNew(folder.Directory));
        Assert.Contains("--resume", e.Message);
    }

    [Fact]
    public void RowsOfAnotherSchemaAreNotAppendedToAnOlderFile()
    {
        // An older results.csv (schema 5 had no cost columns): appending today's rows would put
        // values under the wrong names; the append refuses, naming the file.
        string path = Path.Combine(_dir, "results.csv");
        ResultCsv.Append(path, [ResultRow.From(FakeRun("parallel", "lt-release", 1e6))]);
        string[] lines = File.ReadAllLines(path);
        int cut = lines[0].IndexOf(",cost_records", StringComparison.Ordinal);
        Assert.True(cut > 0);
        File.WriteAllText(path, lines[0][..cut] + "\n");
        var e = Assert.Throws<RingbenchException>(() => ResultCsv.Append(path, [ResultRow.From(FakeRun("parallel", "et-seqcst", 1e6))]));
        Assert.Contains(path, e.Message);
        Assert.Contains("other columns", e.Message);
        Assert.Single(File.ReadAllLines(path)); // nothing appended
    }

    [Fact]
    public void ResumeRefusesDifferentSettings()
    {
        var first = new MatrixSettings { WarmupSeconds = 3, DurationSeconds = 10, Variants = ["lt-release", "et-seqcst"], Scenarios = ["b2b"] };
        Assert.Null(first.FirstDifference(first with { Variants = ["lt-release", "et-seqcst"], Scenarios = ["b2b"] }));
        Assert.Contains("duration", first.FirstDifference(first with { DurationSeconds = 5 }));
        Assert.Contains("variants", first.FirstDifference(first with { Variants = ["libbpf"] }));
    }

    [Fact]
    public void SummaryTextParsesBackToTheRows()
    {
        var rows = new[] { FakeRun("parallel", "lt-release", 1e6), FakeRun("parallel", "et-seqcst", 3e6) }.Select(ResultRow.From).ToList();
        string text = MatrixSummary.Text(FolderSummary.Of(rows, new MachineInfo()));
        var lines = text.Split('\n').Where(l => l.StartsWith("rb-libbpf")).Select(KernelFormat.Parse).ToList();
        Assert.Equal(2, lines.Count);
        // As the patch mail: "New:" (after, et-seqcst) first, then "Old:"; nothing but the script's lines.
        Assert.StartsWith("New:\n", text);
        Assert.Contains("\nOld:\n", text);
        Assert.DoesNotContain("```", text);
        // The blocks are the script's lines alone; where they come from follows them, each line a comment.
        string blocks = text[..text.IndexOf("\n# ", StringComparison.Ordinal)];
        Assert.DoesNotContain("trials", blocks);
        Assert.All(text[(blocks.Length + 1)..].TrimEnd('\n').Split('\n'), l => Assert.StartsWith("# ", l));
        Assert.Contains("# New / Old: et-seqcst / lt-release.", text);
        Assert.Equal(Math.Round(rows[1].ThroughputMean, 3), lines[0].Mean, 9);
        Assert.Equal(Math.Round(rows[0].ThroughputMean, 3), lines[1].Mean, 9);
        string variants = MatrixSummary.VariantsText(FolderSummary.Of(rows, new MachineInfo()));
        Assert.Contains("\nlt-release:\n", variants);
        Assert.Contains("\net-seqcst:\n", variants);
        Assert.Contains("Single-producer, parallel producer\n==================================", text);
    }

    [Fact]
    public void MarkdownShowsTheAfterOverBeforeRatio()
    {
        var rows = new[] { FakeRun("b2b", "lt-release", 1e6), FakeRun("b2b", "et-seqcst", 2e6) }.Select(ResultRow.From).ToList();
        string md = MatrixSummary.Markdown(FolderSummary.Of(rows, new MachineInfo()));
        Assert.Contains("et-seqcst / lt-release", md);
        Assert.Contains("| 2.00x [one trial] | needs trials |", md);
    }
}
