using Ringbench.Analysis;
using Ringbench.Reports;
using Ringbench.Results;
using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>What a reader process costs: who it is set against (by traits, whatever the names), and the counters pooled over trials.</summary>
public class ReaderCostTests
{
    private static ResultRow Row(string variant, string kind, string store, string trigger, string build, int trial, double mps,
        long consumed, double cpu, long sleeps) => new()
    {
        Scenario = "parallel", Group = "g", Label = "l", Variant = variant, Trial = trial, ThroughputMean = mps, ThroughputStdDev = 0.1,
        SampleCount = 2, IntegrityOk = true, Kind = kind, Store = store, Trigger = trigger, Build = build, WaitStrategy = "w",
        Produced = consumed + 1000, Consumed = consumed, Dropped = 1000, ConsumerCpuSecondsRun = cpu, ConsumerVoluntarySwitches = sleeps,
    };

    private static IReadOnlyList<ResultRow> Folder()
    {
        var rows = new List<ResultRow>();
        for (int t = 0; t < 4; t++)
        {
            // Names chosen so that none says what it is: the traits must.
            rows.Add(Row("go-thing", "ExternalReader", "seq_cst", "level", "some library 1.0", t, 5 + 0.1 * t, 10_000_000, 1.0, 10));
            rows.Add(Row("p1", "Port", "seq_cst", "level", "", t, 10, 20_000_000, 0.5, 20_000));
            rows.Add(Row("p2", "Port", "seq_cst", "edge", "", t, 12, 24_000_000, 0.5, 20_000));
            rows.Add(Row("l-store", "Libbpf", "seq_cst", "level", "seed", t, 10 + 0.1 * t, 20_000_000, 0.4, 30_000));
            rows.Add(Row("l-before", "Libbpf", "release", "level", "seed", t, 11, 22_000_000, 0.4, 30_000));
            rows.Add(Row("l-system", "Libbpf", "as installed", "as installed", "system", t, 11, 22_000_000, 0.4, 30_000));
            rows.Add(Row("l-mine", "Libbpf", "seq_cst", "level", "mine", t, 11, 22_000_000, 0.4, 30_000));
        }
        return rows;
    }

    [Fact]
    public void AReaderIsSetAgainstItsTwinsAndLibbpfAsShippedByTraits()
    {
        FolderSummary folder = FolderSummary.Of(Folder(), new MachineInfo());
        var rows = folder.ReaderCosts;
        Assert.All(rows, r => Assert.Equal("go-thing", r.Reader.Name));
        var chosen = rows.ToDictionary(r => r.Baseline.Name, r => r.Relation);
        Assert.Equal(ReaderCost.Relation.SameStoreAndTrigger, chosen["p1"]);
        Assert.Equal(ReaderCost.Relation.SameStoreAndTrigger, chosen["l-store"]);
        Assert.Equal(ReaderCost.Relation.LibbpfAsShipped, chosen["l-before"]);
        Assert.Equal(ReaderCost.Relation.LibbpfAsShipped, chosen["l-system"]);
        Assert.False(chosen.ContainsKey("p2"));      // another trigger
        Assert.False(chosen.ContainsKey("l-mine"));  // a named diff's build is neither a twin nor as shipped
        Assert.Equal(4, rows.Count);
    }

    [Fact]
    public void TheCountersArePooledPerRecordAndTheRatioIsReaderOverBaseline()
    {
        FolderSummary folder = FolderSummary.Of(Folder(), new MachineInfo());
        ReaderCost.Row r = folder.ReaderCosts.Single(x => x.Baseline.Name == "p1");
        // 4 trials of 1.0 s CPU over 4 x 10M records: 100 ns a record; 40 sleeps over 40M records: 0.001 per 1k.
        Assert.Equal(100, r.ReaderSide.CpuNsPerRecord, 6);
        Assert.Equal(0.001, r.ReaderSide.SleepsPerThousand, 9);
        Assert.Equal(25, r.BaselineSide.CpuNsPerRecord, 6);
        Assert.Equal(1000.0 / 10_001_000, r.ReaderSide.DropShare, 9);
        Assert.InRange(r.Ratio.Ratio, 0.5, 0.54);
        Assert.Equal(Verdict.Slower, r.Verdict);
        string sentence = ReaderCostReport.Sentences(folder.ReaderCosts, 0.95).Single();
        // The counters are set against libbpf itself, its twin of the same store and trigger, first.
        Assert.Contains("against l-store's 20", sentence);
        Assert.Contains("100 ns of consumer CPU", sentence);
    }

    [Fact]
    public void AFolderWithoutReadersHasNoReaderSection()
    {
        var rows = Folder().Where(r => r.Kind != "ExternalReader").ToList();
        FolderSummary folder = FolderSummary.Of(rows, new MachineInfo());
        Assert.Empty(folder.ReaderCosts);
        Assert.Equal("", ReaderCostReport.Markdown(folder.ReaderCosts, 0.95));
        Assert.Null(ReaderCostReport.HeadlineLine(folder.ReaderCosts, 0.95));
    }
}
