using Ringbench.Scenarios;

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

    /// <summary>
    /// A consumer in another process, through the reader protocol (reader-*: cilium/ebpf's Go reader,
    /// a user's): ringbench counts its records, its CPU and its sleeps, not its waits or wake-ups.
    /// </summary>
    ExternalReader,

    /// <summary>A name this ringbench does not know (a folder from another version).</summary>
    Unknown,
}

/// <summary>The optimisation level of a build from source (<see cref="VariantTraits.Level"/>).</summary>
public enum BuildLevel
{
    /// <summary>-O0, as the kernel selftests build their bench and its libbpf (the patch's protocol).</summary>
    O0,

    /// <summary>-O2, as distributions ship libbpf.</summary>
    O2,
}

/// <summary>Which side of the seed patch a build is (the kernel bench's rb-libbpf builds).</summary>
public enum PatchSide
{
    Before,
    After,
}

/// <summary>A side as build and variant names spell it ("before", "after"), once.</summary>
public static class PatchSides
{
    public static string Spelling(this PatchSide side) => side == PatchSide.After ? "after" : "before";

    /// <summary>The side <paramref name="spelling"/> names, or null for another word.</summary>
    public static PatchSide? FromSpelling(string spelling) =>
        Enum.GetValues<PatchSide>().Cast<PatchSide?>().FirstOrDefault(s => s!.Value.Spelling() == spelling);
}

/// <summary>
/// A variant as the outputs need it: its kind, how it stores consumer_pos, how the ring fd is
/// registered with epoll, how it waits (in words: a label for tables, never decided on), what
/// notification the producer was asked for, and for libbpf which build (system, the seed's
/// flavours, or a named diff). Written into results.csv (schema 4) so a folder describes its own
/// variants; the outputs read these fields, never the name.
/// </summary>
public sealed record VariantTraits(string Name, ConsumerKind Kind, StoreOrdering Store, TriggerMode Trigger, string Wait, NotifyRequest Notify, string Build = "")
{
    /// <summary>libbpf built from the seed patch's flavours (bpf-progs/libbpf-flavours/).</summary>
    public const string SeedBuild = "seed";

    /// <summary>The libbpf installed on the system.</summary>
    public const string SystemBuild = "system";

    /// <summary>
    /// The optimisation level a build from source was made at, as its build name says it: the
    /// "-o0" builds (libbpf and the kernel bench, as the selftests build them), the "-o2" builds
    /// (the kernel bench), and the seed's own libbpf flavours, which are -O2 and say none. Null for
    /// the system library and everything not built here (a named diff's flavours included). The
    /// one place a level is read from a build's name; every pairing asks this.
    /// </summary>
    public BuildLevel? Level =>
        Build.EndsWith(ConsumerVariants.O0BuildSuffix, StringComparison.Ordinal) ? BuildLevel.O0
        : Build.EndsWith(ConsumerVariants.O2BuildSuffix, StringComparison.Ordinal) || (Kind == ConsumerKind.Libbpf && Build == SeedBuild) ? BuildLevel.O2
        : null;

    /// <summary>libbpf before the patch: a release store, level-triggered.</summary>
    public bool IsBeforePatch => (Store, Trigger) == (StoreOrdering.Release, TriggerMode.Level);

    /// <summary>libbpf after the patch: a seq_cst store, edge-triggered.</summary>
    public bool IsAfterPatch => (Store, Trigger) == (StoreOrdering.SeqCst, TriggerMode.Edge);

    /// <summary>
    /// Where the variant goes in tables: the C# ports, the system libbpf, the seed's flavours,
    /// other flavours, the strategies, the kernel bench's consumer, the ceiling last. Within a
    /// family the patch's order: before, after, then the ablations (edge alone, store alone).
    /// </summary>
    public int OrderKey => Kind switch
    {
        ConsumerKind.Port => 10 * PatchOrder,
        ConsumerKind.Libbpf when Build == SystemBuild && Notify == NotifyRequest.Default => 40,
        ConsumerKind.Libbpf when Build == SeedBuild => 50 + 10 * PatchOrder,
        // Other builds woken as libbpf is (a named diff's flavours, libbpf built -O0): before, after, ...
        ConsumerKind.Libbpf when Notify != NotifyRequest.Never => 90 + PatchOrder,
        ConsumerKind.Strategy => Store == StoreOrdering.Release ? 100 : 110,
        // libbpf on a timer: it asks the producer for no wake-ups.
        ConsumerKind.Libbpf => 120,
        // The kernel bench's binary: rb-libbpf before and after, then its own consumers (rb-custom,
        // pb-libbpf, pb-custom), each build -O0, then -O2.
        ConsumerKind.KernelBenchBinary => 800 + 10 * (Benchmark switch
            {
                ScriptBenchmark.RbLibbpf => PatchOrder,
                ScriptBenchmark.RbCustom => 2,
                ScriptBenchmark.PbLibbpf => 3,
                _ => 4,
            })
            + (Level == BuildLevel.O2 ? 1 : 0),
        // The A/A pair's two columns are the same consumer: the name orders them (kernel-bench, then kernel-bench-2).
        // Readers in other processes, after every consumer ringbench runs itself.
        ConsumerKind.ExternalReader => 700,
        ConsumerKind.KernelBench => 900,
        ConsumerKind.PerfBuffer => Build == SystemBuild ? 950 : 960,
        ConsumerKind.ShardedRings => Build == SystemBuild ? 970 : 980 + PatchOrder,
        ConsumerKind.Ceiling => 1000,
        ConsumerKind.ProducerOnly => 1010,
        _ => 500,
    };

    /// <summary>
    /// For the kernel bench's binary, which of its benchmarks ran (rb-libbpf, rb-custom, pb-libbpf,
    /// pb-custom); null for every other variant. No other trait tells them apart: pb-libbpf and
    /// pb-custom are the same binary, build and buffer. results.csv's kernel_benchmark column.
    /// </summary>
    public ScriptBenchmark? Benchmark { get; init; }

    /// <summary>Reads the perf buffer rather than a ring: pb-libbpf, pb-custom and the kernel bench's pb-* benchmarks.</summary>
    public bool ReadsPerfBuffer => Kind == ConsumerKind.PerfBuffer || Benchmark?.IsPerfBuffer() == true;

    /// <summary>The kernel bench's binary running <paramref name="benchmark"/>, built at <paramref name="level"/>: the one test every pairing with the bench asks.</summary>
    public bool IsKernelBench(ScriptBenchmark benchmark, BuildLevel level) =>
        Kind == ConsumerKind.KernelBenchBinary && Benchmark == benchmark && Level == level;

    private int PatchOrder => (Store, Trigger) switch
    {
        (StoreOrdering.Release, TriggerMode.Level) => 0,
        (StoreOrdering.SeqCst, TriggerMode.Edge) => 1,
        (StoreOrdering.Release, TriggerMode.Edge) => 2,
        (StoreOrdering.SeqCst, TriggerMode.Level) => 3,
        _ => 4,
    };

    /// <summary>
    /// This port's native twin among <paramref name="variants"/>: libbpf built from the seed with
    /// the same store, trigger and notification, or null (a variant that is not a port has none).
    /// </summary>
    public VariantTraits? TwinIn(IEnumerable<VariantTraits> variants) => Kind != ConsumerKind.Port ? null
        : variants.FirstOrDefault(v => v.Kind == ConsumerKind.Libbpf && v.Build == SeedBuild
                                       && v.Store == Store && v.Trigger == Trigger && v.Notify == Notify);
}
