using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>The consumer protocol on an in-memory ring laid out like the kernel's.</summary>
public class RingDrainTests
{
    private const uint RingSize = 4096 * 2;

    private static long Drain<TStore>(InMemoryRing ring, ref long records) where TStore : struct, IPublicationPolicy =>
        RingDrain.DrainAvailable<TStore>(ring.View, ref records);

    [Fact]
    public void ConsumesEveryCommittedRecordAndAdvancesByHeaderPlusPayload()
    {
        using var ring = new InMemoryRing(RingSize);
        for (int i = 0; i < 10; i++)
            Assert.True(ring.Write(BitConverter.GetBytes((long)i)));
        long records = 0;
        Assert.Equal(10, Drain<ReleaseStore>(ring, ref records));
        Assert.Equal(10, records);
        Assert.Equal(10UL * 16, ring.ConsumerPosition);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    [Fact]
    public void BusyRecordStopsConsumptionUntilCommitted()
    {
        using var ring = new InMemoryRing(RingSize);
        ring.Write(new byte[8]);
        ulong busy = ring.Reserve(8)!.Value;
        ring.Write(new byte[8]); // committed, but behind the busy one
        long records = 0;
        Assert.Equal(1, Drain<SeqCstStore>(ring, ref records));
        Assert.Equal(busy, ring.ConsumerPosition);

        ring.Commit(busy);
        Assert.Equal(2, Drain<SeqCstStore>(ring, ref records));
        Assert.Equal(3, records);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    [Fact]
    public void KernelBenchConsumerPublishesOncePerPassAndNotAtABusyRecord()
    {
        using var ring = new InMemoryRing(RingSize);
        ring.Write(new byte[8]);
        ring.Write(new byte[8]);
        long records = 0;
        Assert.Equal(2, Drain<KernelBenchStore>(ring, ref records));
        Assert.Equal(2UL * 16, ring.ConsumerPosition);

        // A pass that meets a BUSY record returns without publishing what it walked (as
        // ringbuf_custom_process_ring does); the count gives those records back, so the next
        // drain, which walks them again from the unchanged consumer_pos, counts each once.
        ring.Write(new byte[8]);
        ulong busy = ring.Reserve(8)!.Value;
        Assert.Equal(0, Drain<KernelBenchStore>(ring, ref records));
        Assert.Equal(2UL * 16, ring.ConsumerPosition);
        Assert.Equal(2, records);
        ring.Commit(busy);
        Assert.Equal(2, Drain<KernelBenchStore>(ring, ref records));
        Assert.Equal(4, records);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    /// <summary>
    /// The give-back at a BUSY record is of the records counted, not walked: a discarded record
    /// in the unpublished pass was never counted (the count went to -1 here before).
    /// </summary>
    [Fact]
    public void KernelBenchConsumerGivesBackOnlyTheRecordsItCounted()
    {
        using var ring = new InMemoryRing(RingSize);
        ring.Write(new byte[8]);
        ring.Write(new byte[8], discard: true);
        ulong busy = ring.Reserve(8)!.Value;
        long records = 0;
        Assert.Equal(0, Drain<KernelBenchStore>(ring, ref records));
        Assert.Equal(0, records);
        Assert.Equal(0UL, ring.ConsumerPosition);

        ring.Commit(busy);
        Assert.Equal(2, Drain<KernelBenchStore>(ring, ref records));
        Assert.Equal(2, records);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    [Fact]
    public void DiscardedRecordIsSkippedButItsSpaceIsReleased()
    {
        using var ring = new InMemoryRing(RingSize);
        ring.Write(new byte[8]);
        ring.Write(new byte[24], discard: true);
        ring.Write(new byte[8]);
        long records = 0;
        Assert.Equal(2, Drain<ReleaseStore>(ring, ref records));
        Assert.Equal(16UL + 32 + 16, ring.ConsumerPosition);
    }

    [Theory]
    [InlineData(1u, 16ul)]
    [InlineData(7u, 16ul)]
    [InlineData(8u, 16ul)]
    [InlineData(9u, 24ul)]
    [InlineData(17u, 32ul)]
    [InlineData(100u, 112ul)]
    public void RecordsOccupyHeaderPlusPayloadRoundedToEightBytes(uint payload, ulong span)
    {
        Assert.Equal(span, RecordHeader.Span(payload));
        using var ring = new InMemoryRing(RingSize);
        ring.Write(new byte[payload]);
        ring.Write(new byte[payload]);
        long records = 0;
        Drain<ReleaseStore>(ring, ref records);
        Assert.Equal(2 * span, ring.ConsumerPosition);
    }

    [Fact]
    public void RecordWrappingTheEndIsContiguousAndConsumed()
    {
        using var ring = new InMemoryRing(RingSize);
        long records = 0;
        // Move both positions to 24 bytes before the end of the data area.
        while (ring.ProducerPosition + 40 <= RingSize - 24 + 16)
            ring.Write(new byte[8]);
        while (ring.ProducerPosition < RingSize - 24)
            ring.Write(Array.Empty<byte>());
        Drain<ReleaseStore>(ring, ref records);
        Assert.Equal(RingSize - 24, ring.ConsumerPosition);

        // 40 bytes of payload: the header sits before the end, the payload runs past it.
        byte[] payload = Enumerable.Range(1, 40).Select(i => (byte)i).ToArray();
        ulong position = ring.Reserve(40)!.Value;
        payload.CopyTo(ring.Payload(position, 40));
        ring.Commit(position);
        // The double mapping: the 24 bytes written past the end of the data area landed at its
        // start, through the first mapping, and the first 16 sit at its end. Read both halves
        // through the first mapping alone, not through the span that wrote them.
        unsafe
        {
            Assert.Equal(payload[..16], new ReadOnlySpan<byte>(ring.View.Data + RingSize - 16, 16).ToArray());
            Assert.Equal(payload[16..], new ReadOnlySpan<byte>(ring.View.Data, 24).ToArray());
        }

        long before = records;
        Assert.Equal(1, Drain<SeqCstStore>(ring, ref records));
        Assert.Equal(before + 1, records);
        Assert.Equal(RingSize - 24 + 48, ring.ConsumerPosition);
        Assert.True(ring.ConsumerPosition > RingSize); // positions keep growing; only the offset wraps
    }

    [Fact]
    public void ProducerCannotOverrunTheConsumer()
    {
        using var ring = new InMemoryRing(RingSize);
        int written = 0;
        while (ring.Write(new byte[8]))
            written++;
        Assert.Equal((int)(RingSize / 16), written);
        long records = 0;
        Drain<ReleaseStore>(ring, ref records);
        Assert.True(ring.Write(new byte[8]));
    }

    [Fact]
    public void BothStorePoliciesLeaveTheSamePositions()
    {
        using var a = new InMemoryRing(RingSize);
        using var b = new InMemoryRing(RingSize);
        foreach (InMemoryRing ring in new[] { a, b })
        {
            for (uint len = 0; len < 50; len++)
                ring.Write(new byte[len], discard: len % 7 == 0);
        }
        long ra = 0, rb = 0;
        Drain<ReleaseStore>(a, ref ra);
        Drain<SeqCstStore>(b, ref rb);
        Assert.Equal(ra, rb);
        Assert.Equal(a.ConsumerPosition, b.ConsumerPosition);
        Assert.Equal(a.ProducerPosition, a.ConsumerPosition);
    }

    [Fact]
    public void EmptyRingConsumesNothing()
    {
        using var ring = new InMemoryRing(RingSize);
        long records = 0;
        Assert.Equal(0, Drain<SeqCstStore>(ring, ref records));
        Assert.Equal(0UL, ring.ConsumerPosition);
    }

    [Theory]
    [InlineData(0u)]
    [InlineData(4096u * 3)]
    [InlineData(1000u)]
    public void InMemoryRingRejectsSizesTheKernelWouldReject(uint size) =>
        Assert.Throws<ArgumentException>(() => new InMemoryRing(size));
}

/// <summary>The hot path allocates nothing, whichever store policy it runs with.</summary>
public class HotPathAllocationTests
{
    [Fact]
    public void DrainAllocatesNothing()
    {
        using var ring = new InMemoryRing(4096 * 4);
        for (int i = 0; i < 1000; i++)
            ring.Write(BitConverter.GetBytes((long)i));
        long records = 0;
        // Warm up: the first call JIT-compiles each instantiation.
        RingDrain.DrainAvailable<ReleaseStore>(ring.View, ref records);
        unsafe { *ring.View.ConsumerPosition = 0; }
        RingDrain.DrainAvailable<SeqCstStore>(ring.View, ref records);

        foreach (bool seqcst in new[] { false, true })
        {
            unsafe { *ring.View.ConsumerPosition = 0; }
            long before = GC.GetAllocatedBytesForCurrentThread();
            long consumed = seqcst
                ? RingDrain.DrainAvailable<SeqCstStore>(ring.View, ref records)
                : RingDrain.DrainAvailable<ReleaseStore>(ring.View, ref records);
            long allocated = GC.GetAllocatedBytesForCurrentThread() - before;
            Assert.Equal(1000, consumed);
            Assert.Equal(0, allocated);
        }
    }

    [Fact]
    public void CountingAWaitAllocatesNothing()
    {
        var counters = new ConsumerCounters();
        counters.CountWait(WaitOutcome.Woken, 1);
        long before = GC.GetAllocatedBytesForCurrentThread();
        for (int i = 0; i < 1000; i++)
            counters.CountWait(i % 2 == 0 ? WaitOutcome.Woken : WaitOutcome.TimedOut, i % 3);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }
}
