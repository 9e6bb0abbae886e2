using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>One summary model behind every output: the analysers' findings reach every exporter, and variants are read by their traits.</summary>
public sealed class FolderSummaryTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-model-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>A folder with something for most analysers: a VM, a failed integrity check, stalls, two modes and noise.</summary>
    private ResultFolder Troubled()
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "run"));
        new MachineInfo { Hostname = "h", CpuModel = "c", Cpus = 2, Virtualization = "kvm" }.Save(folder.MachineJson);
        double[] bimodal = [1e6, 1.05e6, 4e6];
        for (int trial = 0; trial < 3; trial++)
        {
            folder.Record(ResultCsvTests.FakeRun("parallel", "lt-release", bimodal[trial]) with { Trial = trial });
            VariantRun after = ResultCsvTests.FakeRun("parallel", "et-seqcst", 3e6 * (1 + 0.01 * trial)) with { Trial = trial };
            folder.Record(trial == 1 ? after with { Integrity = new Integrity(100, 90, 0) } : after);
        }
        return folder;
    }

    [Fact]
    public void EveryExporterShowsTheSameFindings()
    {
        ResultFolder folder = Troubled();
        FolderOutputs.Written written = FolderOutputs.Write(folder, PatchReference.DefaultFolder());
        FolderSummary summary = FolderSummary.Load(folder, PatchReference.DefaultFolder());
        Assert.Equal(["virtual machine", "integrity", "stalls", "two modes", "unsettled"],
            summary.Findings.Select(f => f.Topic).Where(t => t != "noise"));

        string markdown = File.ReadAllText(folder.SummaryMarkdown), reproduce = File.ReadAllText(Path.Combine(folder.Directory, "reproduce.md"));
        string report = File.ReadAllText(written.Report), variants = File.ReadAllText(folder.VariantsText);
        foreach (Finding finding in summary.Findings)
        {
            Assert.Contains(finding.Markdown, markdown);
            Assert.Contains(finding.Markdown, reproduce);
            Assert.Contains(finding.Markdown, report);
            Assert.Contains(finding.Comment, variants);
        }
        // summary.txt stays the kernel script's text alone, to paste beside the patch's blocks.
        Assert.DoesNotContain("virtual machine", File.ReadAllText(folder.SummaryText));
    }

    [Fact]
    public void AQuietFolderHasNoFindings()
    {
        ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, "quiet"));
        new MachineInfo { Virtualization = "none" }.Save(folder.MachineJson);
        for (int trial = 0; trial < 3; trial++)
            foreach (var (variant, rate) in new[] { ("lt-release", 1e6), ("et-seqcst", 2e6) })
                folder.Record(ResultCsvTests.FakeRun("b2b", variant, rate * (1 + 0.01 * trial)) with { Trial = trial, TotalStalls = 0, Samples = NoStalls(rate) });
        FolderSummary summary = FolderSummary.Load(folder, null);
        Assert.Empty(summary.Findings);
        Assert.DoesNotContain("## Findings", MatrixSummary.Markdown(summary));
    }

    private static IReadOnlyList<Sample> NoStalls(double rate) =>
        Enumerable.Range(0, 3).Select(i => new Sample(i, i == 0, 1.0, (long)(rate * (1 + 0.001 * i)), 0, 5, 7, 6, 1, 1, 0)).ToList();

    [Fact]
    public void VariantsAreReadByTheirTraitsNotTheirNames()
    {
        // A port and a libbpf build this ringbench has never heard of, described by their rows' traits (schema 4).
        VariantTraits port = new("my-port", ConsumerKind.Port, StoreOrdering.SeqCst, TriggerMode.Edge, "epoll-edge", NotifyRequest.Default);
        VariantTraits twin = new("my-libbpf", ConsumerKind.Libbpf, StoreOrdering.SeqCst, TriggerMode.Edge, "libbpf poll", NotifyRequest.Default, VariantTraits.SeedBuild);
        var rows = new List<ResultRow>();
        for (int trial = 0; trial < 3; trial++)
        {
            rows.Add(ResultRow.From(ResultCsvTests.FakeRun("b2b", "ceiling", 9e6) with { Trial = trial }));
            rows.Add(ResultRow.From(ResultCsvTests.FakeRun("b2b", twin.Name, 2e6) with { Trial = trial, Traits = twin }));
            rows.Add(ResultRow.From(ResultCsvTests.FakeRun("b2b", port.Name, 2e6 * (1 + 0.01 * trial)) with { Trial = trial, Traits = port }));
        }
        FolderSummary summary = FolderSummary.Of(rows, new MachineInfo());
        Assert.Equal(["my-port", "my-libbpf", "ceiling"], summary.Variants.Select(v => v.Name));
        TwinFidelity.Row pair = Assert.Single(summary.Twins);
        Assert.Equal(("my-port", "my-libbpf"), (pair.Port, pair.Twin));
    }

    [Fact]
    public void RowsWrittenBeforeSchemaFourTakeTheirTraitsFromTheCatalog()
    {
        // results/2026-11-26-vm-twins was written with schema 3: no traits columns.
        string folder = Path.Combine(MachineInfo.RepositoryRoot()!, "results", "2026-11-26-vm-twins");
        FolderSummary summary = FolderSummary.Load(ResultFolder.Open(folder), null);
        Assert.All(summary.Rows, r => Assert.Equal("", r.Kind));
        Assert.Equal(["lt-release", "et-seqcst", "et-release", "lt-seqcst", "libbpf-before", "libbpf-after", "libbpf-et-only", "libbpf-store-only"],
            summary.Variants.Select(v => v.Name));
        Assert.Equal(ConsumerKind.Libbpf, summary.Variants.Single(v => v.Name == "libbpf-after").Kind);
        Assert.Equal(4 * 8, summary.Twins.Count);
    }
}

/// <summary>Stalls and the end-of-run account are counted once, over the runs ringbench counted, and every output reads that count.</summary>
public sealed class StallAccountTests
{
    private static ResultRow Run(string variant, int trial, long stalls, long runTotal, bool sampled = false, bool ok = true, long produced = 10) => new()
    {
        Scenario = "parallel", Group = "g", Label = "l", Variant = variant, Trial = trial, ThroughputMean = 1, SampleCount = 1,
        Stalls = stalls, StallsRunTotal = runTotal, Sampled = sampled, IntegrityOk = ok, Produced = produced,
    };

    [Fact]
    public void TheAccountCountsWhatRingbenchCountedAndSaysWhatItCouldNot()
    {
        ResultRow[] rows =
        [
            Run("et-release", 0, 5, 7), Run("et-release", 1, 0, 1, sampled: true), Run("et-seqcst", 0, 0, 0, ok: false), Run("et-seqcst", 1, 0, 0),
            Run("kbench-rb-custom", 0, 0, 0, produced: -1), Run("kbench-rb-custom", 1, 0, 0, produced: -1),
        ];
        FolderSummary folder = FolderSummary.Of(rows, new MachineInfo());
        StallAccount account = folder.Stalls;
        Assert.Equal((4, 2), (account.RunsCounted, account.RunsWithoutAccount));
        Assert.Equal(new StallAccount.Variant("et-release", 5, 8, 1, 2), account.Variants.Single(v => v.Name == "et-release"));
        Assert.DoesNotContain(account.Variants, v => v.Name == "kbench-rb-custom");
        Assert.Equal((1L, 2L), (account.EndWaitsSampled, account.EndWaitsOther));
        Assert.Equal("et-seqcst", Assert.Single(account.IntegrityFailures).Variant);
        // The finding and the review's line say the same numbers.
        Assert.Contains(folder.Findings, f => f.Topic == "stalls" && f.Text.Contains("5 in the measured seconds, 8 over whole runs") && f.Text.Contains("et-release 5 (run 8)"));
        Assert.Contains("et-release 5 in 1 of 2 runs; none in the 2 runs of et-seqcst", string.Join("\n", ReviewReport.Headline(folder)));
    }
}
