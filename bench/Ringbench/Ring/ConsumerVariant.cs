namespace Ringbench.Ring;

/// <summary>A named consumer the user can pick: how it stores consumer_pos and how it waits.</summary>
public sealed record ConsumerVariant(string Name, string Description, Func<ConsumerSetup, IRingConsumer> Create)
{
    /// <summary>Why this variant cannot run with these settings, or null if it can.</summary>
    public Func<Scenarios.BenchSettings, string?> Unsupported { get; init; } = _ => null;

    public override string ToString() => Name;
}

/// <summary>The consumer variants ringbench knows (scenarios.md, section 7).</summary>
public static class ConsumerVariants
{
    public static readonly ConsumerVariant LevelRelease = Managed<ReleaseStore, LevelTriggered>(
        "lt-release", "libbpf before the patch");

    public static readonly ConsumerVariant EdgeSeqCst = Managed<SeqCstStore, EdgeTriggered>(
        "et-seqcst", "libbpf after the patch");

    public static readonly ConsumerVariant EdgeRelease = Managed<ReleaseStore, EdgeTriggered>(
        "et-release", "edge-triggered with the old store: the combination the patch says loses wake-ups");

    public static readonly ConsumerVariant LevelSeqCst = Managed<SeqCstStore, LevelTriggered>(
        "lt-seqcst", "ablation: the new store alone, level-triggered");

    public static readonly ConsumerVariant NativeLibbpf = new(
        "libbpf", "the system libbpf's ring_buffer__poll with a C callback (native baseline)",
        setup => setup.Simulated
            ? throw new RingbenchException(ExitCode.Usage, "the libbpf variant consumes a real BPF ring: it cannot run on --backend sim")
            : setup.Latency is not null
                ? throw new RingbenchException(ExitCode.Usage, "the libbpf variant counts records in C and cannot sample latency: leave it out of latency runs")
                : new NativeLibbpfConsumer(setup))
    {
        Unsupported = s => s.Backend == Running.BackendKind.Simulated ? "needs a real BPF ring (not --backend sim)"
            : s.LatencySampleEvery > 0 ? "cannot sample latency (its callback is C)"
            : null,
    };

    public static IReadOnlyList<ConsumerVariant> All { get; } =
        [LevelRelease, EdgeSeqCst, EdgeRelease, LevelSeqCst, NativeLibbpf];

    /// <summary>What the patch compares: before, after.</summary>
    public static IReadOnlyList<ConsumerVariant> PatchPair { get; } = [LevelRelease, EdgeSeqCst];

    /// <summary>Parses a comma-separated list of variant names, or "all".</summary>
    public static IReadOnlyList<ConsumerVariant> Parse(string list)
    {
        if (string.Equals(list.Trim(), "all", StringComparison.OrdinalIgnoreCase))
            return All;
        var picked = new List<ConsumerVariant>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            ConsumerVariant variant = All.FirstOrDefault(v => v.Name == name)
                ?? throw new RingbenchException(ExitCode.Usage,
                    $"unknown variant '{name}': choose from {string.Join(", ", All.Select(v => v.Name))} or 'all'");
            if (!picked.Contains(variant))
                picked.Add(variant);
        }
        return picked.Count > 0 ? picked
            : throw new RingbenchException(ExitCode.Usage, "no variant given: name at least one, or 'all'");
    }

    /// <summary>
    /// A C# variant: a store policy and an epoll trigger. On the kernel it waits on the map fd;
    /// on the simulated ring, on the simulation's eventfd with the same trigger semantics. The
    /// choice is made once, at construction; the loop itself is specialised for it.
    /// </summary>
    private static ConsumerVariant Managed<TStore, TTrigger>(string name, string summary)
        where TStore : struct, IConsumerPositionStore
        where TTrigger : struct, IEpollTrigger =>
        new(name, $"{summary} ({RingConsumer<TStore, EpollWait<TTrigger>, CountOnly>.Describe})", setup => setup.Simulated
            ? WithSink<TStore, SimulatedWait<TTrigger>>(setup)
            : WithSink<TStore, EpollWait<TTrigger>>(setup));

    /// <summary>Latency sampling when the run asks for it, plain counting otherwise.</summary>
    private static IRingConsumer WithSink<TStore, TWait>(ConsumerSetup setup)
        where TStore : struct, IConsumerPositionStore
        where TWait : struct, IWaitPolicy<TWait> =>
        setup.Latency is LatencyRecorder recorder
            ? new RingConsumer<TStore, TWait, LatencySampling>(setup, new LatencySampling(recorder))
            : new RingConsumer<TStore, TWait, CountOnly>(setup, new CountOnly());
}
