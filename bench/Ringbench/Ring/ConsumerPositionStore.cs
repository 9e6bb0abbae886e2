using System.Runtime.CompilerServices;

namespace Ringbench.Ring;

/// <summary>
/// How the consumer publishes its new <c>consumer_pos</c> after a record: the first of the
/// two decisions the consumer variants differ in. Implemented by empty structs so the JIT
/// compiles each variant's loop with the store inlined: no call, no branch.
/// </summary>
public interface IConsumerPositionStore
{
    /// <summary>The trait this policy is, as results.csv records it.</summary>
    static abstract StoreOrdering Ordering { get; }

    static abstract unsafe void Store(ulong* consumerPosition, ulong value);

    /// <summary>
    /// libbpf publishes consumer_pos after each record; the kernel bench's own consumer once per
    /// pass over what producer_pos showed. A constant per policy, so the drain's choice between
    /// the two is made by the JIT, not per record.
    /// </summary>
    static virtual bool PublishesEachRecord => true;
}

/// <summary>
/// Release store: libbpf before the patch (<c>smp_store_release</c>). Release is enough to
/// hand the record's space back: the producer's acquire load of consumer_pos (in
/// <c>__bpf_ringbuf_reserve</c>) then sees our reads of the record as done before it
/// reuses the space. It is NOT enough for the wake-up handshake: on x86 this is a plain
/// mov that may sit in the store buffer while our next load of producer_pos executes,
/// so consumer and kernel can each read the other's stale position (store buffering),
/// the kernel decides not to wake us, and we decide to sleep.
/// </summary>
public readonly struct ReleaseStore : IConsumerPositionStore
{
    public static StoreOrdering Ordering => StoreOrdering.Release;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(ulong* consumerPosition, ulong value) =>
        Volatile.Write(ref *consumerPosition, value);
}

/// <summary>
/// Sequentially consistent store: libbpf after the patch (<c>__atomic_store_n(..., SEQ_CST)</c>).
/// Interlocked.Exchange is a full fence (x86 <c>xchg</c>, arm64 a fenced swap), so the
/// store is globally visible before our next load of producer_pos. Paired with the full
/// barrier of the kernel's <c>xchg</c> that clears BUSY before it loads consumer_pos, one
/// of the two sides must see the other's write: either we see the new record, or the
/// kernel sees that we caught up and wakes us. That is what makes EPOLLET safe.
/// </summary>
public readonly struct SeqCstStore : IConsumerPositionStore
{
    public static StoreOrdering Ordering => StoreOrdering.SeqCst;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(ulong* consumerPosition, ulong value) =>
        Interlocked.Exchange(ref *consumerPosition, value);
}

/// <summary>
/// The kernel bench's own consumer (bench_ringbufs.c, <c>ringbuf_custom_process_ring</c>, the
/// "rb-custom" rows of run_bench_ringbufs.sh): a release store, but only once per pass, after
/// the inner loop has consumed everything producer_pos showed, and none when a pass stops at a
/// BUSY record. The patch did not touch this consumer, which is why the rows the script ran
/// with it are controls.
/// </summary>
public readonly struct KernelBenchStore : IConsumerPositionStore
{
    public static StoreOrdering Ordering => StoreOrdering.ReleaseOncePerPass;

    public static bool PublishesEachRecord => false;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static unsafe void Store(ulong* consumerPosition, ulong value) =>
        Volatile.Write(ref *consumerPosition, value);
}
