namespace Ringbench.Tests;

/// <summary>The time-order merge of sharded rings, on in-memory rings with known stamps, and on the kernel's shards.</summary>
[Collection(KernelCollection.Name)]
public class TimeOrderMergeTests
{
    private static void Write(Ringbench.Ring.InMemoryRing ring, long stamp) => Assert.True(ring.Write(BitConverter.GetBytes(stamp)));

    [Fact]
    public void RecordsLeaveInTimeOrderAndOnlyWhenNoShardCanStillBringAnOlderOne()
    {
        using var a = new Ringbench.Ring.InMemoryRing(4096);
        using var b = new Ringbench.Ring.InMemoryRing(4096);
        foreach (long t in new long[] { 10, 40, 70 })
            Write(a, t);
        foreach (long t in new long[] { 20, 30, 90 })
            Write(b, t);
        Ringbench.Ring.RingView[] rings = [a.View, b.View];
        var reader = new Ringbench.Ring.MergingShardsReader<Ringbench.Ring.SeqCstStore>(rings, new Ringbench.Ring.TimeOrderMerge(rings));
        Ringbench.Ring.ConsumerCounters[] counters = Ringbench.Ring.ConsumerSetup.NewCounters();

        // Shard a alone: shard b still holds records and has shown nothing, so nothing may leave yet.
        Assert.Equal(3, reader.Drain(0, ref counters[0]));
        Assert.Equal(0, counters[0].Merged);
        // Shard b too: both rings are empty now, so everything up to now leaves, in order.
        Assert.Equal(3, reader.Drain(1, ref counters[0]));
        Assert.Equal(6, counters[0].Merged);
        Assert.Equal(0, counters[0].OutOfOrder);

        // A late, older record in shard a (a swap on one CPU) is emitted and counted, not hidden.
        Write(a, 50);
        reader.Drain(0, ref counters[0]);
        reader.Finish(ref counters[0]);
        Assert.Equal(7, counters[0].Merged);
        Assert.Equal(1, counters[0].OutOfOrder);
    }

    [SkippableFact]
    public void TheKernelsShardsMergeEveryRecordOnceInOrder()
    {
        Ringbench.Results.VariantRun run = KernelCollection.Run("multi-producer-4", Ringbench.Ring.ConsumerVariants.ShardsMerged);
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.Equal(run.Integrity.Consumed, run.Merged);
        Assert.True(run.OutOfOrder <= run.Merged / 1000, $"{run.OutOfOrder} of {run.Merged} out of order");
        Assert.True(run.Settings.TimeOrder);
    }
}
