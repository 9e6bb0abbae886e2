namespace Ringbench.Ring;

/// <summary>
/// Every variant this ringbench can run here, grouped as `list` shows them, with the named sets
/// and the name families: one enumeration that `list` prints and the tests check against the
/// parser, so that `list` never leaves out a variant the parser takes (it named 13 before).
/// </summary>
public static partial class ConsumerVariants
{
    /// <summary>A group of variants with what they have in common.</summary>
    public sealed record ListedGroup(string Title, IReadOnlyList<ConsumerVariant> Variants);

    /// <summary>A name standing for several variants.</summary>
    public sealed record ListedSet(string Name, IReadOnlyList<ConsumerVariant> Members);

    /// <summary>Every single variant, grouped; the strategy families by one example each (any duration works).</summary>
    public static IReadOnlyList<ListedGroup> Listing => new ListedGroup[]
    {
        new("The patch's store x trigger, ported to C#, and the system libbpf", All),
        new("libbpf built from the distribution's source: the seed patch's flavours (the ports' native twins), -o0 as the kernel bench builds it, " +
            "and any diff built with './run-bench.sh libbpf-patch FILE NAME'",
            SeedFlavours.Select(f => f.Flavour).Concat(Kernel.LibbpfFlavour.Built.Keys).Distinct().Select(Flavour).ToList()),
        new("The 2026 consumer designs, ported to C# (their libbpf builds, libbpf-barrier, -barrier-et, -lazy-et, -batch-et, are in the group above)", DesignPorts),
        new("The kernel bench's own ring consumer, ported (twice on the control rows: the A/A check)", [KernelBench, KernelBenchAgain]),
        new("The kernel's own bench, built from the distribution's kernel source and run as a process", [.. KernelBenchBinaries(), .. KernelBenchBinaries(BuildLevel.O2)]),
        new("The perf buffer, as the kernel bench reads it", PerfBuffers),
        new("Sharded rings, one per CPU (or --shards N)", [.. ShardedRings, ShardsMerged]),
        new("Wait strategies beyond the patch (any duration: T like 250us or 2ms; timed-0us busy-polls)",
            [Timed(TimeSpan.Zero), Timed(TimeSpan.FromMicroseconds(100)), Timed(TimeSpan.FromMilliseconds(1)), Hybrid(TimeSpan.FromMicroseconds(50)),
             HybridYield(TimeSpan.FromMicroseconds(50)), NativeTimed(TimeSpan.FromMilliseconds(1))]),
        new("References: what the ring delivers with no wake-ups, and the producers alone", [Ceiling, ProducerOnly]),
        new("Readers in other processes (docs/reader-protocol.md; --reader NAME=COMMAND adds yours)", Readers),
    }.Where(g => g.Variants.Count > 0).ToList();

    /// <summary>Every set name the parser takes, with its members here.</summary>
    public static IReadOnlyList<ListedSet> Sets => new ListedSet[]
    {
        new("all", All), new("twins", Twins), new("strategies", Strategies), new("perfbuf", PerfBuffers), new("shards", ShardedRings),
        new(DesignsSet, Designs), new(MainJobSet, Parse(MainJobSpec)), new(MainFullSet, Parse(MainFullSpec)), new("kbench", KernelBenchBinaries()), new("kbench-o2", KernelBenchBinaries(BuildLevel.O2)), new(ReadersSet, Readers),
    }.Where(s => s.Members.Count > 0).ToList();

    /// <summary>The name families and suffixes, in words.</summary>
    public static IReadOnlyList<string> ListedFamilies =>
    [
        "timed-<T>, hybrid-<T>, hybrid-yield-<T>, libbpf-timed-<T>: any duration T, like 250us or 2ms",
        "<variant>+<notify> (default, sampled:N, never, every:N): the producer's notification for that variant, e.g. et-seqcst+every:500",
        .. ConsumerVariant.ScopeSuffixes.Select(s => $"<variant>{s.Suffix}: that variant {s.Meaning}"),
        "libbpf-<name>-before, libbpf-<name>-after: built from your diff by './run-bench.sh libbpf-patch FILE NAME'",
        $"{ReaderPrefix}<name>: a reader process given with --reader NAME=COMMAND or --reader MANIFEST",
    ];
}
