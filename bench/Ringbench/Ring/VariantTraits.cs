namespace Ringbench.Ring;

/// <summary>What kind of consumer a variant is: it decides where the variant goes and what it is compared with.</summary>
public enum ConsumerKind
{
    /// <summary>A C# port of libbpf's consumer: one store x one epoll trigger.</summary>
    Port,

    /// <summary>libbpf itself: the system library or a flavour built from its source.</summary>
    Libbpf,

    /// <summary>A wait strategy beyond the patch (timed poll, hybrid spin-then-epoll, libbpf on a timer).</summary>
    Strategy,

    /// <summary>The kernel bench's own consumer (control rows only).</summary>
    KernelBench,

    /// <summary>The reference: no wake-ups at all, the ring's own ceiling.</summary>
    Ceiling,

    /// <summary>No consumer reads the records: the producer side's own upper bound (producer-only).</summary>
    ProducerOnly,

    /// <summary>A consumer of sharded rings: one ring per CPU (or group of CPUs), all waited on at once.</summary>
    ShardedRings,

    /// <summary>A consumer of the perf buffer, the transport the kernel bench compares the ring with (pb-libbpf, pb-custom).</summary>
    PerfBuffer,

    /// <summary>The kernel's own bench binary, run as a process (kbench-*): its producer, its consumer, its libbpf build.</summary>
    KernelBenchBinary,

    /// <summary>A name this ringbench does not know (a folder from another version).</summary>
    Unknown,
}

/// <summary>
/// A variant as the outputs need it: its kind, how it stores consumer_pos, how the ring fd is
/// registered with epoll, how it waits, what notification the producer was asked for, and for
/// libbpf which build (system, the seed's flavours, or a named diff). Written into results.csv
/// (schema 4) so a folder describes its own variants; the outputs read these fields, never the name.
/// </summary>
public sealed record VariantTraits(string Name, ConsumerKind Kind, string Store, string Trigger, string Wait, string Notify, string Build = "")
{
    public const string Release = "release";
    public const string SeqCst = "seq_cst";
    public const string Level = "level";
    public const string Edge = "edge";
    public const string None = "none";
    public const string DefaultNotify = "default";

    /// <summary>The system libbpf's store and trigger: whatever the installed version does.</summary>
    public const string AsInstalled = "as installed";

    /// <summary>libbpf built from the seed patch's flavours (bpf-progs/libbpf-flavours/).</summary>
    public const string SeedBuild = "seed";

    /// <summary>The libbpf installed on the system.</summary>
    public const string SystemBuild = "system";

    /// <summary>libbpf before the patch: a release store, level-triggered.</summary>
    public bool IsBeforePatch => Store == Release && Trigger == Level;

    /// <summary>libbpf after the patch: a seq_cst store, edge-triggered.</summary>
    public bool IsAfterPatch => Store == SeqCst && Trigger == Edge;

    /// <summary>
    /// Where the variant goes in tables: the C# ports, the system libbpf, the seed's flavours,
    /// other flavours, the strategies, the kernel bench's consumer, the ceiling last. Within a
    /// family the patch's order: before, after, then the ablations (edge alone, store alone).
    /// </summary>
    public int OrderKey => Kind switch
    {
        ConsumerKind.Port => 10 * PatchOrder,
        ConsumerKind.Libbpf when Build == SystemBuild && Notify == DefaultNotify && Wait == "libbpf poll" => 40,
        ConsumerKind.Libbpf when Build == SeedBuild => 50 + 10 * PatchOrder,
        // Other builds polled as libbpf polls (a named diff's flavours, libbpf built -O0): before, after, ...
        ConsumerKind.Libbpf when Wait == "libbpf poll" => 90 + PatchOrder,
        ConsumerKind.Strategy => Store == Release ? 100 : 110,
        ConsumerKind.Libbpf => 120,
        // The kernel bench's binary: rb-libbpf before and after, then its own consumers (rb-custom, pb-libbpf,
        // pb-custom, in its Wait's words), each build -O0 then -O2.
        ConsumerKind.KernelBenchBinary => 800 + 10 * (Wait.EndsWith("rb-libbpf", StringComparison.Ordinal) ? PatchOrder
            : Wait.EndsWith("rb-custom", StringComparison.Ordinal) ? 2 : Wait.EndsWith("pb-libbpf", StringComparison.Ordinal) ? 3 : 4)
            + (Build.EndsWith("o2", StringComparison.Ordinal) ? 1 : 0),
        ConsumerKind.KernelBench => Name.EndsWith("-2", StringComparison.Ordinal) ? 910 : 900,
        ConsumerKind.PerfBuffer => Build == SystemBuild ? 950 : 960,
        ConsumerKind.ShardedRings => Build == SystemBuild ? 970 : 980 + PatchOrder,
        ConsumerKind.Ceiling => 1000,
        ConsumerKind.ProducerOnly => 1010,
        _ => 500,
    };

    private int PatchOrder => (Store, Trigger) switch
    {
        (Release, Level) => 0,
        (SeqCst, Edge) => 1,
        (Release, Edge) => 2,
        (SeqCst, Level) => 3,
        _ => 4,
    };

    /// <summary>
    /// This port's native twin among <paramref name="variants"/>: libbpf built from the seed with
    /// the same store, trigger and notification, or null (a variant that is not a port has none).
    /// </summary>
    public VariantTraits? TwinIn(IEnumerable<VariantTraits> variants) => Kind != ConsumerKind.Port ? null
        : variants.FirstOrDefault(v => v.Kind == ConsumerKind.Libbpf && v.Build == SeedBuild
                                       && v.Store == Store && v.Trigger == Trigger && v.Notify == Notify);

    /// <summary>"seqcst" (a flavour manifest's spelling) and "seq_cst" are one store.</summary>
    public static string NormaliseStore(string store) => store == "seqcst" ? SeqCst : store;
}
