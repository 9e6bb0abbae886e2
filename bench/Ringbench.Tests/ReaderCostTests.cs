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
        string sentence = ReaderCostReport.Sentences(folder.ReaderCosts).Single();
        // The counters are set against libbpf itself, its twin of the same store and trigger, first.
        Assert.Contains("against l-store's 20", sentence);
        Assert.Contains("100 ns of consumer CPU", sentence);
    }

    [Fact]
    public void TheWhyComesFromTheCountersAgainstTheSameStoreAndLibbpfAsShipped()
    {
        FolderSummary folder = FolderSummary.Of(Folder(), new MachineInfo());
        ReaderCost.Explanation e = ReaderCost.Why(folder.ReaderCosts).Single();
        // 100 ns a record against l-store's 20 with the same store and trigger: its own path.
        Assert.True(e.OwnPathCosts);
        Assert.False(e.StoreExplainsCost);
        // 0.001 sleeps per 1k records against l-before's 1.36: bound by its CPU.
        Assert.True(e.NeverSleeps);
        Assert.False(e.DropsMore); // 0.01% dropped against 0.005%: no real difference
        Assert.Equal("l-before", e.Shipped!.Baseline.Name);
        string sentence = ReaderCostReport.Sentences(folder.ReaderCosts).Single();
        Assert.Contains("Why: l-store, with the same store (seq_cst) and trigger (level), spends 20 ns per record against its 100: " +
                        "neither its store nor its wait is the cost", sentence);
        Assert.Contains("it almost never sleeps", sentence);
        Assert.DoesNotContain("drops", sentence);

        // The same reader costing what its twin costs: the store and the wait explain it.
        var alike = Folder().Select(r => r.Variant == "go-thing" ? r with { ConsumerCpuSecondsRun = 0.22 } : r).ToList();
        ReaderCost.Explanation a = ReaderCost.Why(FolderSummary.Of(alike, new MachineInfo()).ReaderCosts).Single();
        Assert.True(a.StoreExplainsCost);
        Assert.False(a.OwnPathCosts);
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
