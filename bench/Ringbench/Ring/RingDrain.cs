using System.Runtime.CompilerServices;

namespace Ringbench.Ring;

/// <summary>Whether a drain call stops after a number of records (the bounded consumer of the 2026 fix's test). A type, so the unbounded loop carries no check.</summary>
public interface IRecordBound
{
    static abstract bool Applies { get; }
}

/// <summary>No bound: consume everything committed (libbpf's ring_buffer__poll / __consume).</summary>
public readonly struct Unbounded : IRecordBound
{
    public static bool Applies => false;
}

/// <summary>At most N records a call (ring__consume_n, or a callback that ends the call), drained again before waiting.</summary>
public readonly struct BoundedCall : IRecordBound
{
    public static bool Applies => true;
}

/// <summary>
/// The consumer side of the ring protocol, step for step as libbpf's <c>ringbuf_process_ring</c>
/// (1.1.2 src/ringbuf.c:226-268): consume every committed record up to the first busy one, and
/// look again at producer_pos until a pass finds nothing new; where and how consumer_pos is
/// published and fenced is the <see cref="IPublicationPolicy"/>'s, at its points.
/// </summary>
public static unsafe class RingDrain
{
    /// <summary>
    /// Drains what is committed now. Each consumed (not discarded) record increments
    /// <paramref name="records"/> atomically, as the kernel bench's handler does, so the
    /// per-record work matches the native libbpf baseline. Returns the records consumed.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DrainAvailable<TPolicy>(in RingView ring, ref long records)
        where TPolicy : struct, IPublicationPolicy
    {
        var nothingMore = new CountOnly();
        PublicationState state = default;
        return DrainAvailable<TPolicy, CountOnly, Unbounded>(in ring, ref records, ref nothingMore, ref state, 0);
    }

    /// <summary>The same drain, handing each consumed record's payload to <typeparamref name="TSink"/> as well.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DrainAvailable<TPolicy, TSink>(in RingView ring, ref long records, ref TSink sink)
        where TPolicy : struct, IPublicationPolicy
        where TSink : struct, IRecordSink
    {
        PublicationState state = default;
        return DrainAvailable<TPolicy, TSink, Unbounded>(in ring, ref records, ref sink, ref state, 0);
    }

    /// <summary>
    /// Calls of at most <paramref name="bound"/> records until one finds nothing: the bounded
    /// consumer drains before it waits again, as the 2026 fix documents it must.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DrainInBoundedCalls<TPolicy, TSink>(in RingView ring, ref long records, ref TSink sink, ref PublicationState state, long bound)
        where TPolicy : struct, IPublicationPolicy
        where TSink : struct, IRecordSink
    {
        long total = 0, consumed;
        while ((consumed = DrainAvailable<TPolicy, TSink, BoundedCall>(in ring, ref records, ref sink, ref state, bound)) > 0)
            total += consumed;
        return total;
    }

    /// <summary>
    /// The drain, handing each consumed record's payload to <typeparamref name="TSink"/>, with the
    /// policy's state kept by the caller between calls and, where <typeparamref name="TBound"/>
    /// applies, at most <paramref name="bound"/> records. Allocation-free and branch-free on
    /// configuration: policy, sink and bound are structs the JIT specialises the loop for.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long DrainAvailable<TPolicy, TSink, TBound>(in RingView ring, ref long records, ref TSink sink, ref PublicationState state, long bound)
        where TPolicy : struct, IPublicationPolicy
        where TSink : struct, IRecordSink
        where TBound : struct, IRecordBound
    {
        // Plain load: only this consumer ever writes consumer_pos, so it reads its own
        // last store; no ordering with any other thread is involved.
        ulong consumer = *ring.ConsumerPosition;
        state.Published = consumer;
        state.CountedAtStore = 0;
        long consumed = 0;
        bool progressed;
        do
        {
            progressed = false;
            TPolicy.BeforeReloadingProducer(ref state);
            // Acquire: pairs with the kernel's smp_store_release of producer_pos in
            // __bpf_ringbuf_reserve, which comes after it wrote the new record's header
            // with BUSY set. So every header below producer_pos is at least "busy", never
            // stale bytes from a previous lap.
            ulong producer = Volatile.Read(ref *ring.ProducerPosition);
            while (consumer < producer)
            {
                uint* header = (uint*)(ring.Data + (consumer & ring.Mask));
                // Acquire: pairs with the kernel's xchg that clears BUSY in
                // bpf_ringbuf_commit (a full barrier, after the producer wrote the
                // payload). Seeing BUSY clear guarantees we see the payload.
                uint lengthWord = Volatile.Read(ref *header);
                if ((lengthWord & RecordHeader.BusyBit) != 0)
                {
                    // Not committed yet. The policy may fence and read the header once more
                    // (acquire again, the same partner): a first read that passed a buffered
                    // store of consumer_pos cannot decide that the consumer may sleep.
                    if (!TPolicy.RereadsBusyRecord(ring.ConsumerPosition, consumer, ref state)
                        || ((lengthWord = Volatile.Read(ref *header)) & RecordHeader.BusyBit) != 0)
                        return consumed - TPolicy.GiveBackAtBusyReturn(ref records, consumed, ref state);
                }

                progressed = true;
                if ((lengthWord & RecordHeader.DiscardBit) == 0)
                {
                    Interlocked.Increment(ref records);
                    sink.Consumed((byte*)header + RecordHeader.Size);
                    consumed++;
                }
                consumer += RecordHeader.Span(lengthWord);
                TPolicy.AfterRecord(ring.ConsumerPosition, consumer, ref state);
                if (TBound.Applies && consumed >= bound)
                {
                    TPolicy.BeforeBoundReturn(ring.ConsumerPosition, consumer, ref state);
                    return consumed;
                }
            }
            if (progressed)
                TPolicy.AtEndOfPass(ring.ConsumerPosition, consumer, consumed, ref state);
        } while (progressed);
        return consumed;
    }
}
