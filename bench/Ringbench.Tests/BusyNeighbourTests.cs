using System.Diagnostics;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

[Collection(PinnedCpusCollection.Name)]
public class BusyNeighbourTests
{
    /// <summary>
    /// The neighbour's own CPU time (each neighbour thread's getrusage), not the whole process's:
    /// that would count every other test spinning at the same moment, and pass with a neighbour
    /// that does nothing.
    /// </summary>
    [SkippableFact]
    public void NeighbourBurnsCpuWhileStarted()
    {
        var wall = Stopwatch.StartNew();
        BusyNeighbours neighbours;
        using (neighbours = BusyNeighbours.Start(new BenchSettings { Neighbours = 1 }))
            Thread.Sleep(1000);
        // One spinning thread for a second: most of a CPU-second even while other tests run (two CPUs).
        Assert.True(neighbours.CpuSeconds >= 0.3, $"the neighbour thread used {neighbours.CpuSeconds:F2} s of CPU in {wall.Elapsed.TotalSeconds:F2} s");
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
