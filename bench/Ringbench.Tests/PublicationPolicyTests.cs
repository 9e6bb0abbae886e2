using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>The publication policies of the 2026 designs on the in-memory ring: what each publishes where, the bound, and no allocation.</summary>
public class PublicationPolicyTests
{
    private const uint RingSize = 4096 * 2;

    private static long Drain<TPolicy>(InMemoryRing ring, ref long records, ref PublicationState state, long bound = 0)
        where TPolicy : struct, IPublicationPolicy
    {
        var sink = new CountOnly();
        return bound > 0
            ? RingDrain.DrainAvailable<TPolicy, CountOnly, BoundedCall>(ring.View, ref records, ref sink, ref state, bound)
            : RingDrain.DrainAvailable<TPolicy, CountOnly, Unbounded>(ring.View, ref records, ref sink, ref state, 0);
    }

    public static TheoryData<string> Designs => new() { "barrier", "lazy", "batch" };

    private static long DrainWith(string design, InMemoryRing ring, ref long records, ref PublicationState state, long bound = 0) => design switch
    {
        "barrier" => Drain<BarrierPublication>(ring, ref records, ref state, bound),
        "lazy" => Drain<LazyFencePublication>(ring, ref records, ref state, bound),
        _ => Drain<BatchedPublication>(ring, ref records, ref state, bound),
    };

    [Theory]
    [MemberData(nameof(Designs))]
    public void EachDesignConsumesUpToABusyRecordAndPublishesWhatItConsumed(string design)
    {
        using var ring = new InMemoryRing(RingSize);
        for (int i = 0; i < 5; i++)
            ring.Write(new byte[8]);
        ulong busy = ring.Reserve(8)!.Value;
        ring.Write(new byte[8]);
        long records = 0;
        PublicationState state = default;
        Assert.Equal(5, DrainWith(design, ring, ref records, ref state));
        // Batched publication too: the pass so far is published at the BUSY record.
        Assert.Equal(busy, ring.ConsumerPosition);
        Assert.False(state.FenceOwed, "every design returns with its stores fenced when it stops at a BUSY record");

        ring.Commit(busy);
        Assert.Equal(2, DrainWith(design, ring, ref records, ref state));
        Assert.Equal(7, records);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    [Theory]
    [MemberData(nameof(Designs))]
    public void ABoundedCallStopsAtItsBoundAndPublishesThere(string design)
    {
        using var ring = new InMemoryRing(RingSize);
        for (int i = 0; i < 4; i++)
            ring.Write(new byte[8]);
        long records = 0;
        PublicationState state = default;
        Assert.Equal(1, DrainWith(design, ring, ref records, ref state, bound: 1));
        Assert.Equal(16UL, ring.ConsumerPosition);
        var sink = new CountOnly();
        long rest = design switch
        {
            "barrier" => RingDrain.DrainInBoundedCalls<BarrierPublication, CountOnly>(ring.View, ref records, ref sink, ref state, 1),
            "lazy" => RingDrain.DrainInBoundedCalls<LazyFencePublication, CountOnly>(ring.View, ref records, ref sink, ref state, 1),
            _ => RingDrain.DrainInBoundedCalls<BatchedPublication, CountOnly>(ring.View, ref records, ref sink, ref state, 1),
        };
        Assert.Equal(3, rest);
        Assert.Equal(4, records);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    [Fact]
    public void TheLazyFenceIsOwedAfterABoundedCallAndPaidByTheNext()
    {
        using var ring = new InMemoryRing(RingSize);
        ring.Write(new byte[8]);
        ring.Write(new byte[8]);
        long records = 0;
        PublicationState state = default;
        Drain<LazyFencePublication>(ring, ref records, ref state, bound: 1);
        Assert.True(state.FenceOwed, "the bounded return carries the fence to the next call");
        Drain<LazyFencePublication>(ring, ref records, ref state, bound: 1);
        Drain<LazyFencePublication>(ring, ref records, ref state, bound: 1);
        Assert.False(state.FenceOwed, "the call that found nothing fenced before it loaded producer_pos");
    }

    [Fact]
    public void BatchedPublicationStoresOncePerPassNotPerRecord()
    {
        using var ring = new InMemoryRing(RingSize);
        for (int i = 0; i < 3; i++)
            ring.Write(new byte[8]);
        long records = 0;
        PublicationState state = default;
        Assert.Equal(3, Drain<BatchedPublication>(ring, ref records, ref state));
        Assert.Equal(3UL * 16, state.Published);
        Assert.Equal(ring.ProducerPosition, ring.ConsumerPosition);
    }

    [Fact]
    public void TheDrainAllocatesNothingWithAnyPolicy()
    {
        using var ring = new InMemoryRing(RingSize);
        long records = 0;
        PublicationState state = default;
        void Fill()
        {
            for (int i = 0; i < 64; i++)
                ring.Write(new byte[8]);
        }
        // The first calls JIT the loops; the measured ones run them.
        foreach (string design in new[] { "barrier", "lazy", "batch" })
        {
            Fill();
            DrainWith(design, ring, ref records, ref state);
        }
        var payload = new byte[8];
        foreach (string design in new[] { "barrier", "lazy", "batch" })
        {
            for (int i = 0; i < 64; i++)
                ring.Write(payload);
            long before = GC.GetAllocatedBytesForCurrentThread();
            DrainWith(design, ring, ref records, ref state);
            Drain<ReleaseStore>(ring, ref records, ref state);
            Drain<KernelBenchStore>(ring, ref records, ref state);
            Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        }
    }
}
