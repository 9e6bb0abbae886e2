namespace Ringbench.Model;

/// <summary>How a consumer design stores consumer_pos after each record it consumes.</summary>
public enum RecordStore
{
    /// <summary>No store per record: the design publishes once per pass.</summary>
    None,
    /// <summary>A release store: a plain mov on x86, which may wait in the store buffer.</summary>
    Release,
    /// <summary>A sequentially consistent store: xchg on x86, which drains the store buffer.</summary>
    SeqCst,
}

/// <summary>What a design does when the next record's header is still BUSY.</summary>
public enum BusyRecord
{
    /// <summary>Return at once (libbpf as shipped, the 2023 patch, the kernel bench).</summary>
    Return,
    /// <summary>A full fence if anything was published since the last one, then return (the 2026 barrier fix as its message reads).</summary>
    FenceThenReturn,
    /// <summary>A full fence if anything was published since the last one, then read the header once more before returning (aya's lazy fence).</summary>
    FenceThenReread,
}

/// <summary>
/// A consumer of the BPF ring buffer as the model check sees it: the four decisions that
/// differ between libbpf as shipped, the 2023 patch, the 2026 barrier fix, aya's lazy fence,
/// batched publication and the kernel bench's own consumer. Each is read off the design's code
/// (the diffs under bpf-progs/libbpf-flavours/ and the C# publication policies), never off its
/// results.
/// </summary>
/// <param name="Name">The design's name, as the flavours and ports that implement it are named.</param>
/// <param name="PerRecord">The store after each consumed record.</param>
/// <param name="StoreAtEndOfPass">A release store of consumer_pos once per pass (batched publication, the kernel bench).</param>
/// <param name="PublishAtBusyRecord">With <paramref name="StoreAtEndOfPass"/>: also publish what the pass consumed when it stops at a BUSY record (the kernel bench does not).</param>
/// <param name="FenceBeforeReload">A full fence before loading producer_pos again, when something was published since the last fence.</param>
/// <param name="AtBusyRecord">What happens at a BUSY record.</param>
/// <param name="FenceBeforeBoundReturn">A full fence before returning when a record bound ends the call (the 2026 barrier fix); a lazy design carries it to its next call instead.</param>
/// <param name="Trigger">How the ring fd is registered with epoll.</param>
/// <param name="ReleaseAtCallbackReturn">When a callback ends the call, the record's store is a release store whatever the per-record one is: libbpf's "update consumer pos and bail out" path, which the 2023 patch left as it was.</param>
public sealed record ConsumerDesign(
    string Name,
    RecordStore PerRecord,
    bool StoreAtEndOfPass,
    bool PublishAtBusyRecord,
    bool FenceBeforeReload,
    BusyRecord AtBusyRecord,
    bool FenceBeforeBoundReturn,
    TsoWakeupModel.Trigger Trigger,
    bool ReleaseAtCallbackReturn = false)
{
    /// <summary>The same design registered the other way with epoll.</summary>
    public ConsumerDesign With(TsoWakeupModel.Trigger trigger, string name) => this with { Trigger = trigger, Name = name };

    public override string ToString() => Name;
}

/// <summary>
/// The designs the model check knows, each named as its libbpf flavour and C# port are. The
/// sources each is read from are cited where the design is built: the diffs under
/// bpf-progs/libbpf-flavours/ say where each comes from.
/// </summary>
public static class ConsumerDesigns
{
    private const TsoWakeupModel.Trigger Level = TsoWakeupModel.Trigger.Level, Edge = TsoWakeupModel.Trigger.Edge;

    /// <summary>libbpf as shipped (1.1.2 and v1.7.0-78 alike): release store per record, EPOLLIN.</summary>
    public static readonly ConsumerDesign Shipped = new("release-lt", RecordStore.Release, false, false, false, BusyRecord.Return, false, Level);

    /// <summary>The 2023 patch's first hunk alone (libbpf-et-only): the positive control.</summary>
    public static readonly ConsumerDesign EdgeOnly = Shipped.With(Edge, "release-et");

    /// <summary>The 2023 patch: seq_cst store per record, EPOLLET.</summary>
    public static readonly ConsumerDesign Patch2023 = new("seqcst-et", RecordStore.SeqCst, false, false, false, BusyRecord.Return, false, Edge);

    /// <summary>
    /// The 2023 patch as built into libbpf (libbpf-after): its second hunk makes the store at the
    /// end of the record loop seq_cst, but the callback's bail-out path ("update consumer pos and
    /// bail out", 1.1.2 src/ringbuf.c:255) keeps smp_store_release. Unbounded it is the patch;
    /// when a callback ends the call it is the release store with EPOLLET.
    /// </summary>
    public static readonly ConsumerDesign Patch2023AsBuilt = Patch2023 with { Name = "seqcst-et-libbpf", ReleaseAtCallbackReturn = true };

    /// <summary>The 2023 patch's second hunk alone (libbpf-store-only).</summary>
    public static readonly ConsumerDesign StoreOnly = Patch2023.With(Level, "seqcst-lt");

    /// <summary>
    /// The 2026 barrier fix as its message describes it ("[PATCH bpf v2 8/8] libbpf: ringbuf:
    /// Prevent missed wakeups", 2026-06-18), read literally as designs/barrier.diff builds it:
    /// release store per record, a full barrier between publishing and the next producer_pos load,
    /// and before returning when a bound or a callback ends the call; nothing at a BUSY record,
    /// which the message does not name. Level-triggered, as proposed.
    /// </summary>
    public static readonly ConsumerDesign Barrier = new("barrier-lt", RecordStore.Release, false, false, true, BusyRecord.Return, true, Level);

    /// <summary>The same barrier with EPOLLET.</summary>
    public static readonly ConsumerDesign BarrierEdge = Barrier.With(Edge, "barrier-et");

    /// <summary>
    /// aya's lazy fence (7277a57e, aya v0.14.0): release store per record; one SeqCst fence
    /// before reloading producer_pos when caught up, and at a BUSY record a fence and one more
    /// read of the header, both only when something was published since the last fence.
    /// EPOLLET (aya's AsyncFd registers the fd edge-triggered).
    /// </summary>
    public static readonly ConsumerDesign LazyEdge = new("lazy-et", RecordStore.Release, false, false, true, BusyRecord.FenceThenReread, false, Edge);

    /// <summary>
    /// Batched publication with the re-check it needs: one release store per pass (also at a
    /// BUSY record), then a full fence before producer_pos or the BUSY header is read again.
    /// EPOLLET.
    /// </summary>
    public static readonly ConsumerDesign BatchEdge = new("batch-et", RecordStore.None, true, true, true, BusyRecord.FenceThenReread, true, Edge);

    /// <summary>The kernel bench's own consumer (rb-custom): a release store once per pass, none at a BUSY record, EPOLLIN.</summary>
    public static readonly ConsumerDesign KernelBench = new("kbench-lt", RecordStore.None, true, false, false, BusyRecord.Return, false, Level);

    public static IReadOnlyList<ConsumerDesign> All { get; } =
        [Shipped, EdgeOnly, StoreOnly, Patch2023, Patch2023AsBuilt, Barrier, BarrierEdge, LazyEdge, BatchEdge, KernelBench];

    public static ConsumerDesign Find(string name) =>
        All.FirstOrDefault(d => d.Name == name)
        ?? throw new ArgumentException($"no consumer design '{name}': one of {string.Join(", ", All.Select(d => d.Name))}");
}
