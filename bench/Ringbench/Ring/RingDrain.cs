using System.Runtime.CompilerServices;

namespace Ringbench.Ring;

/// <summary>
/// The consumer side of the ring protocol, step for step as libbpf's
/// <c>ringbuf_process_ring</c>: consume every committed record up to the first busy one,
/// publishing consumer_pos after each record, and look again at producer_pos until a
/// pass finds nothing new.
/// </summary>
public static unsafe class RingDrain
{
    /// <summary>
    /// Drains what is committed now. Each consumed (not discarded) record increments
    /// <paramref name="records"/> atomically, as the kernel bench's handler does, so the
    /// per-record work matches the native libbpf baseline. Returns the records consumed.
    /// Allocation-free and branch-free on configuration: <typeparamref name="TStore"/> is a
    /// struct policy the JIT inlines.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static long DrainAvailable<TStore>(in RingView ring, ref long records)
        where TStore : struct, IConsumerPositionStore
    {
        var nothingMore = new CountOnly();
        return DrainAvailable<TStore, CountOnly>(in ring, ref records, ref nothingMore);
    }

    /// <summary>The same drain, handing each consumed record's payload to <typeparamref name="TSink"/> as well.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static long DrainAvailable<TStore, TSink>(in RingView ring, ref long records, ref TSink sink)
        where TStore : struct, IConsumerPositionStore
        where TSink : struct, IRecordSink
    {
        // Plain load: only this consumer ever writes consumer_pos, so it reads its own
        // last store; no ordering with any other thread is involved.
        ulong consumer = *ring.ConsumerPosition;
        long consumed = 0;
        long unpublished = 0; // records of this pass not yet covered by a store (per-pass publishing only)
        bool progressed;
        do
        {
            progressed = false;
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
                    // Not committed yet: the producer will wake us (or we poll again). The kernel
                    // bench's consumer returns here without publishing the pass, so its next call
                    // re-reads consumer_pos and walks these records again (and its hit counter
                    // counts them twice); ringbench takes them back out of the count instead, so
                    // consumed + dropped = produced still holds. Dead code for libbpf's policies.
                    if (!TStore.PublishesEachRecord && unpublished > 0)
                    {
                        Interlocked.Add(ref records, -unpublished);
                        consumed -= unpublished;
                    }
                    return consumed;
                }

                progressed = true;
                if ((lengthWord & RecordHeader.DiscardBit) == 0)
                {
                    Interlocked.Increment(ref records);
                    sink.Consumed((byte*)header + RecordHeader.Size);
                    consumed++;
                }
                consumer += RecordHeader.Span(lengthWord);
                if (TStore.PublishesEachRecord)
                {
                    // The variant's store (release or seq_cst): hands the record's space back to
                    // the producer, and is the store half of the wake-up handshake whose load
                    // half is the producer_pos read at the top of the next pass.
                    TStore.Store(ring.ConsumerPosition, consumer);
                }
                else
                {
                    unpublished++;
                }
            }
            if (!TStore.PublishesEachRecord && progressed)
            {
                // The kernel bench's store, once per pass (release): the same two roles as the
                // per-record store above, for every record of the pass at once.
                TStore.Store(ring.ConsumerPosition, consumer);
                unpublished = 0;
            }
        } while (progressed);
        return consumed;
    }
}
