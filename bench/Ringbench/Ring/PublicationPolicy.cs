using System.Runtime.CompilerServices;

namespace Ringbench.Ring;

/// <summary>
/// How a consumer publishes consumer_pos, at the points of the drain (<see cref="RingDrain"/>)
/// where the designs differ: after each record, at the end of a pass, before reloading
/// producer_pos, at a BUSY record and when a record bound ends the call. Implemented by empty
/// structs whose static members the JIT inlines into each variant's own loop: a point a policy
/// leaves at its default compiles to nothing (no call, no branch on configuration).
///
/// The partner of every store here is the kernel's load of consumer_pos in bpf_ringbuf_commit
/// (kernel/bpf/ringbuf.c of the tree bpf-progs/kernel-bench builds, Debian's linux 6.1.187-1,
/// lines 490-502): xchg clears BUSY (a full barrier), then smp_load_acquire(consumer_pos), and
/// a wake-up only if it equals the record's position. The consumer's side is libbpf 1.1.2's
/// ringbuf_process_ring (src/ringbuf.c, lines 226-268 of Debian's 1.1.2-0+deb12u1 source).
/// </summary>
public interface IPublicationPolicy
{
    /// <summary>The trait this policy is, as results.csv records it.</summary>
    static abstract StoreOrdering Ordering { get; }

    /// <summary>Point 1, after each consumed record: the per-record store, or nothing.</summary>
    static abstract unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state);

    /// <summary>Point 2, at the end of a pass that consumed something (<paramref name="counted"/>: the records this call has counted so far): a per-pass store, or nothing.</summary>
    static virtual unsafe void AtEndOfPass(ulong* consumerPosition, ulong consumer, long counted, ref PublicationState state) { }

    /// <summary>Point 3, before producer_pos is loaded (again): a full fence where the design owes one, or nothing.</summary>
    static virtual void BeforeReloadingProducer(ref PublicationState state) { }

    /// <summary>At a BUSY record: true to read its header once more (after the policy's fence), false to return.</summary>
    static virtual unsafe bool RereadsBusyRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state) => false;

    /// <summary>When a record bound ends the call: what the design does before returning.</summary>
    static virtual unsafe void BeforeBoundReturn(ulong* consumerPosition, ulong consumer, ref PublicationState state) { }

    /// <summary>
    /// When the call returns at a BUSY record: the records it counted but did not publish, taken
    /// off <paramref name="records"/> and returned, because the next call walks them again from the
    /// unchanged consumer_pos (the kernel bench's consumer), so consumed + dropped = produced
    /// holds. <paramref name="counted"/> is what this call has counted (discarded records are
    /// walked but never counted, so they are not given back). 0 for every policy that publishes
    /// what it counts: the drain's subtraction is of a constant the JIT folds away.
    /// </summary>
    static virtual long GiveBackAtBusyReturn(ref long records, long counted, ref PublicationState state) => 0;
}

/// <summary>What a policy remembers between points and, for the lazy fence, between calls.</summary>
public struct PublicationState
{
    /// <summary>consumer_pos was stored (release) since the last full fence.</summary>
    public bool FenceOwed;

    /// <summary>The position last published (batched publication).</summary>
    public ulong Published;

    /// <summary>What the call had counted at its last store (the kernel bench's consumer); the drain zeroes it when a call starts.</summary>
    public long CountedAtStore;
}

/// <summary>
/// Release store per record: libbpf as shipped (<c>smp_store_release(r-&gt;consumer_pos,
/// cons_pos)</c>, 1.1.2 src/ringbuf.c:265, unchanged at v1.7.0-78). Release is enough to hand
/// the record's space back: the producer's acquire load of consumer_pos in
/// __bpf_ringbuf_reserve then sees our reads of the record as done before it reuses the
/// space. It is NOT enough for the wake-up handshake: on x86 this is a plain mov that may sit
/// in the store buffer while our next load of producer_pos or of a header executes, so consumer
/// and kernel can each read the other's stale position (store buffering), the kernel decides
/// not to wake us, and we decide to sleep. Level-triggered epoll hides it (its poll re-checks
/// the ring after taking ep-&gt;lock, which drains our buffer); edge-triggered does not.
/// </summary>
public readonly struct ReleaseStore : IPublicationPolicy
{
    public static StoreOrdering Ordering => StoreOrdering.Release;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state) =>
        Volatile.Write(ref *consumerPosition, consumer);
}

/// <summary>
/// Sequentially consistent store per record: the 2023 patch (<c>__atomic_store_n(...,
/// __ATOMIC_SEQ_CST)</c> in place of 1.1.2 src/ringbuf.c:265). Interlocked.Exchange is a full
/// fence (x86 <c>xchg</c>), so the store is globally visible before our next load of
/// producer_pos or of a header. Paired with the kernel's xchg that clears BUSY before it loads
/// consumer_pos, one of the two sides must see the other's write: either we see the new
/// record, or the kernel sees that we caught up and wakes us. That is what makes EPOLLET safe.
/// </summary>
public readonly struct SeqCstStore : IPublicationPolicy
{
    public static StoreOrdering Ordering => StoreOrdering.SeqCst;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state) =>
        Interlocked.Exchange(ref *consumerPosition, consumer);
}

/// <summary>
/// The kernel bench's own consumer (bench_ringbufs.c, <c>ringbuf_custom_process_ring</c>, the
/// "rb-custom" rows of run_bench_ringbufs.sh): a release store once per pass, after the inner
/// loop has consumed everything producer_pos showed, and none when a pass stops at a BUSY
/// record. The patch did not touch this consumer, which is why the rows the script ran with it
/// are controls. Level-triggered only: the model check shows it losing a wake-up edge-triggered.
/// </summary>
public readonly struct KernelBenchStore : IPublicationPolicy
{
    public static StoreOrdering Ordering => StoreOrdering.ReleaseOncePerPass;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state) { }

    /// <summary>Release, as the per-record store of <see cref="ReleaseStore"/>, for every record of the pass at once.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AtEndOfPass(ulong* consumerPosition, ulong consumer, long counted, ref PublicationState state)
    {
        Volatile.Write(ref *consumerPosition, consumer);
        state.CountedAtStore = counted;
    }

    /// <summary>
    /// The pass stopped at a BUSY record without its store: what it counted since the last store
    /// is walked (and counted) again by the next call. Counted, not walked: a discarded record
    /// in the pass was never counted (the count went negative with one before).
    /// </summary>
    public static long GiveBackAtBusyReturn(ref long records, long counted, ref PublicationState state)
    {
        long unpublished = counted - state.CountedAtStore;
        if (unpublished > 0)
            Interlocked.Add(ref records, -unpublished);
        return unpublished;
    }

    /// <summary>A bounded call publishes what it walked, so its next call does not walk it again (the call returns next: nothing to remember).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void BeforeBoundReturn(ulong* consumerPosition, ulong consumer, ref PublicationState state) =>
        Volatile.Write(ref *consumerPosition, consumer);
}

/// <summary>
/// The 2026 barrier fix, read from its message ("[PATCH bpf v2 8/8] libbpf: ringbuf: Prevent
/// missed wakeups", bpf list 2026-06-18; built as bpf-progs/libbpf-flavours/designs/barrier.diff):
/// release store per record; a full fence between a pass that published and the next load of
/// producer_pos, and before returning when a record bound ends the call. Nothing at a BUSY
/// record, which the message does not name: the model check (design barrier-et) shows the
/// header load there passing the buffered store, so edge-triggered it can lose a wake-up.
/// </summary>
public readonly struct BarrierPublication : IPublicationPolicy
{
    public static StoreOrdering Ordering => StoreOrdering.ReleaseThenBarrier;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state) =>
        Volatile.Write(ref *consumerPosition, consumer);

    /// <summary>The pass published: the fence orders that store before the next producer_pos load (partner: the kernel's xchg, then its load of consumer_pos).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AtEndOfPass(ulong* consumerPosition, ulong consumer, long counted, ref PublicationState state) => Interlocked.MemoryBarrier();

    /// <summary>The bound ends the call first: the fence completes the handshake so the next call's loads come after the store.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void BeforeBoundReturn(ulong* consumerPosition, ulong consumer, ref PublicationState state) => Interlocked.MemoryBarrier();
}

/// <summary>
/// aya's lazy fence (7277a57e, "aya/maps/ring_buf: fix consumer ordering", aya v0.14.0; built
/// as designs/lazy-et.diff): release store per record, remembering that a fence is owed; one
/// full fence only where a load may decide to sleep: before reloading producer_pos, and at a
/// BUSY record, whose header is then read once more (the first read may have passed the
/// buffered store). A call that ends at its bound carries the fence to the next call.
/// </summary>
public readonly struct LazyFencePublication : IPublicationPolicy
{
    public static StoreOrdering Ordering => StoreOrdering.ReleaseLazyFence;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state)
    {
        Volatile.Write(ref *consumerPosition, consumer);
        state.FenceOwed = true;
    }

    /// <summary>Caught up: either the load after this fence sees the next record, or its producer's load of consumer_pos sees us caught up.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void BeforeReloadingProducer(ref PublicationState state)
    {
        if (state.FenceOwed)
        {
            Interlocked.MemoryBarrier();
            state.FenceOwed = false;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool RereadsBusyRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state)
    {
        if (!state.FenceOwed)
            return false;
        Interlocked.MemoryBarrier();
        state.FenceOwed = false;
        return true;
    }
}

/// <summary>
/// Batched publication with the re-check it needs (designs/batch-et.diff): no store per record;
/// one release store per pass, then a full fence before producer_pos is loaded again; at a BUSY
/// record the pass so far is published and fenced and the header read once more; a bounded
/// return stores and fences.
/// </summary>
public readonly struct BatchedPublication : IPublicationPolicy
{
    public static StoreOrdering Ordering => StoreOrdering.OncePerPassFenced;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AfterRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state) { }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void AtEndOfPass(ulong* consumerPosition, ulong consumer, long counted, ref PublicationState state) => PublishAndFence(consumerPosition, consumer, ref state);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe bool RereadsBusyRecord(ulong* consumerPosition, ulong consumer, ref PublicationState state)
    {
        // A published position is already fenced: a header read after it may decide to return.
        if (consumer == state.Published)
            return false;
        PublishAndFence(consumerPosition, consumer, ref state);
        return true;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void BeforeBoundReturn(ulong* consumerPosition, ulong consumer, ref PublicationState state) => PublishAndFence(consumerPosition, consumer, ref state);

    /// <summary>Release (hands the pass's space back), then the full fence that orders it before the next load that may decide to sleep.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static unsafe void PublishAndFence(ulong* consumerPosition, ulong consumer, ref PublicationState state)
    {
        Volatile.Write(ref *consumerPosition, consumer);
        state.Published = consumer;
        Interlocked.MemoryBarrier();
    }
}
