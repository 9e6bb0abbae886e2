using System.Diagnostics;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

[Collection(PinnedCpusCollection.Name)]
public class BusyNeighbourTests
{
    [SkippableFact]
    public void NeighbourBurnsCpuWhileStarted()
    {
        var process = Process.GetCurrentProcess();
        TimeSpan before = process.TotalProcessorTime;
        var wall = Stopwatch.StartNew();
        using (BusyNeighbours.Start(new BenchSettings { Neighbours = 1 }))
            Thread.Sleep(500);
        process.Refresh();
        double burnt = (process.TotalProcessorTime - before).TotalSeconds;
        // One spinning thread for half a second: well over 50 ms of CPU even on a loaded box.
        Assert.True(burnt > 0.05, $"the neighbour used {burnt:F3} s of CPU in {wall.Elapsed.TotalSeconds:F2} s");
    }

    [SkippableFact]
    public void NeighbourKnobsAreValidatedAndRecordedInTheResultRow()
    {
        Assert.Throws<RingbenchException>(() => new BenchSettings { Neighbours = -1 }.Validate());
        Assert.Throws<RingbenchException>(() => new BenchSettings { NeighbourCpus = [0] }.Validate());
        Assert.Throws<RingbenchException>(() => new BenchSettings { Neighbours = 1, NeighbourCpus = [4096] }.Validate());
        var settings = new BenchSettings { Neighbours = 2, NeighbourCpus = [0, 1 % Environment.ProcessorCount] }.Validate();
        var run = new Ringbench.Results.VariantRun(ScenarioCatalog.Find("parallel-busy1"), "lt-release", settings, Kernel.AttachMode.Simulated,
            [], new Ringbench.Results.Integrity(0, 0, 0), 0, 0, 0, 0, DateTimeOffset.Now, 0, 0, false);
        var row = Ringbench.Results.ResultRow.From(run);
        Assert.Equal(2, row.Neighbours);
        Assert.Equal($"0 {1 % Environment.ProcessorCount}", row.NeighbourCpus);
        Assert.Equal(Ringbench.Results.ResultRow.CurrentSchema, row.SchemaVersion);
        // Schema 4 records the variant's traits, and reading them back gives the catalog's.
        Assert.Equal(("Port", "release", "level"), (row.Kind, row.Store, row.Trigger));
        Assert.Equal(Ring.ConsumerVariants.LevelRelease.Traits, row.Traits);
    }
}
