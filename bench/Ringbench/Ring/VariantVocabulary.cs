namespace Ringbench.Ring;

/// <summary>How a consumer stores consumer_pos: the patch's first decision (docs/bench-spec.md §7).</summary>
public enum StoreOrdering
{
    /// <summary>Nothing waits on consumer_pos (the perf buffer; a variant this version does not know).</summary>
    None,
    /// <summary>smp_store_release: libbpf before the patch.</summary>
    Release,
    /// <summary>A sequentially consistent store: libbpf after the patch.</summary>
    SeqCst,
    /// <summary>A release store once per drained pass: the kernel bench's own consumer (rb-custom).</summary>
    ReleaseOncePerPass,
    /// <summary>Release per record and a full fence after a pass that published and before a bounded return: the 2026 barrier fix.</summary>
    ReleaseThenBarrier,
    /// <summary>Release per record, a full fence only when caught up or at a BUSY record (re-read): aya's lazy fence.</summary>
    ReleaseLazyFence,
    /// <summary>Release once per pass, then a full fence before the re-check: batched publication.</summary>
    OncePerPassFenced,
    /// <summary>Whatever the installed libbpf does: not claimed.</summary>
    AsInstalled,
}

/// <summary>How the ring fd is registered with epoll: the patch's second decision.</summary>
public enum TriggerMode
{
    /// <summary>No epoll on the ring (timed polls, the perf buffer's own, a variant this version does not know).</summary>
    None,
    /// <summary>EPOLLIN: libbpf before the patch.</summary>
    Level,
    /// <summary>EPOLLIN|EPOLLET: libbpf after the patch.</summary>
    Edge,
    /// <summary>Whatever the installed libbpf does: not claimed.</summary>
    AsInstalled,
}

/// <summary>
/// The words results.csv, the flavour manifests and every output spell the traits in, and the
/// one place they are read back: a folder from an older version reads as it was written.
/// </summary>
public static class VariantVocabulary
{
    public static string Text(this StoreOrdering store) => store switch
    {
        StoreOrdering.Release => "release",
        StoreOrdering.SeqCst => "seq_cst",
        StoreOrdering.ReleaseOncePerPass => "release once per pass (kernel bench)",
        StoreOrdering.ReleaseThenBarrier => "release + barrier (2026 fix)",
        StoreOrdering.ReleaseLazyFence => "release + lazy fence",
        StoreOrdering.OncePerPassFenced => "release once per pass + fence",
        StoreOrdering.AsInstalled => AsInstalled,
        _ => "none",
    };

    public static string Text(this TriggerMode trigger) => trigger switch
    {
        TriggerMode.Level => "level",
        TriggerMode.Edge => "edge",
        TriggerMode.AsInstalled => AsInstalled,
        _ => "none",
    };

    /// <summary>A store as written (results.csv, or a flavour manifest's "seqcst"); anything else is none.</summary>
    public static StoreOrdering ParseStore(string text) =>
        Enum.GetValues<StoreOrdering>().FirstOrDefault(s => s.Text() == text, text == "seqcst" ? StoreOrdering.SeqCst : StoreOrdering.None);

    /// <summary>A trigger as written; anything else is none.</summary>
    public static TriggerMode ParseTrigger(string text) =>
        Enum.GetValues<TriggerMode>().FirstOrDefault(t => t.Text() == text, TriggerMode.None);

    private const string AsInstalled = "as installed";
}
