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
        Ringbench.Ring.ConsumerCounters[] counters = Ringbench.Ring.ConsumerSetup.NewCounters();
        var merge = new Ringbench.Ring.TimeOrderMerge(rings);

        // Shard a alone, straight into the merge: shard b still holds records and has shown nothing, so nothing may leave yet.
        var onlyA = new Ringbench.Ring.RingShardsReader<Ringbench.Ring.SeqCstStore>([a.View]);
        foreach (long t in new long[] { 10, 40, 70 })
            merge.Add(0, t, ref counters[0]);
        Assert.Equal(0, merge.Emit(ref counters[0]));
        Assert.Equal(0, counters[0].Merged);

        // The merging reader reads every shard on any wake-up: both rings are empty after it, so everything leaves, in order.
        var reader = new Ringbench.Ring.MergingShardsReader<Ringbench.Ring.SeqCstStore>(rings, merge, counters);
        onlyA.Drain(0, ref counters[0]); // shard a's records are already in the merge: take them off the ring
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

    [Theory]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(8)]
    public void MoreThanTwoShardsMergeEveryRecordOnceInOrder(int shards)
    {
        // Stamps dealt to the shards at random, each shard's own in rising order (as one CPU's
        // producer stamps them), the shards drained in a shuffled order pass after pass, as
        // wake-ups would come: every record leaves once, none out of order.
        var random = new Random(20261206 + shards);
        var rings = Enumerable.Range(0, shards).Select(_ => new Ringbench.Ring.InMemoryRing(1 << 16)).ToArray();
        try
        {
            const int records = 2000;
            for (long t = 1; t <= records; t++)
                Write(rings[random.Next(shards)], t);
            Ringbench.Ring.ConsumerCounters[] counters = Ringbench.Ring.ConsumerSetup.NewCounters();
            Ringbench.Ring.RingView[] views = rings.Select(r => r.View).ToArray();
            var merge = new Ringbench.Ring.TimeOrderMerge(views);
            var reader = new Ringbench.Ring.MergingShardsReader<Ringbench.Ring.SeqCstStore>(views, merge, counters);
            for (int pass = 0; pass < 3; pass++)
                foreach (int shard in Enumerable.Range(0, shards).OrderBy(_ => random.Next()))
                    reader.Drain(shard, ref counters[0]);
            reader.Finish(ref counters[0]);
            Assert.Equal(records, counters[0].Merged);
            Assert.Equal(0, counters[0].OutOfOrder);
        }
        finally
        {
            foreach (var ring in rings)
                ring.Dispose();
        }
    }

    [Fact]
    public void AFullQueueLetsItsOldestGoInsteadOfFailingTheRun()
    {
        using var a = new Ringbench.Ring.InMemoryRing(4096);
        using var b = new Ringbench.Ring.InMemoryRing(4096);
        Write(b, 1); // shard b holds a record never read: the watermark cannot move
        Ringbench.Ring.ConsumerCounters[] counters = Ringbench.Ring.ConsumerSetup.NewCounters();
        var merge = new Ringbench.Ring.TimeOrderMerge([a.View, b.View]); // room for 4096 / 16 * 2 = 512 a shard
        for (long t = 0; t < 600; t++)
            merge.Add(0, t, ref counters[0]);
        Assert.Equal(600 - 512, counters[0].Merged);
        Assert.Equal(0, counters[0].OutOfOrder);
        merge.Emit(ref counters[0], flush: true);
        Assert.Equal(600, counters[0].Merged);
    }

    [SkippableFact]
    public void TheKernelsShardsMergeEveryRecordOnceInOrder()
    {
        Ringbench.Results.VariantRun run = KernelCollection.Run("multi-producer-4", Ringbench.Ring.ConsumerVariants.ShardsMerged);
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.Equal(run.Integrity.Consumed, run.Merged);
        // A producer preempted between its reserve and its stamp on a shared CPU puts a few records out of
        // order: results/2026-11-29-vm-merge has 6 of 76 merged runs with any, 0.01% to 0.77% of their
        // records; this test alone on a quiet 2-vCPU guest gave none in 12 runs, and once 2.56% inside a
        // full suite, where other tests preempt the producers. A merge that ignored the stamps (planted:
        // each record emitted as it arrived) put 40.3% to 40.8% there in 3 runs. 10% sits between the two.
        Assert.True(run.OutOfOrder <= run.Merged / 10, $"{run.OutOfOrder} of {run.Merged} out of order");
        Assert.True(run.Settings.TimeOrder);
    }
}
