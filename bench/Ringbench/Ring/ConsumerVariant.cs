namespace Ringbench.Ring;

/// <summary>A named consumer the user can pick: how it stores consumer_pos and how it waits.</summary>
public sealed record ConsumerVariant(string Name, string Description, Func<ConsumerSetup, IRingConsumer> Create)
{
    public override string ToString() => Name;
}

/// <summary>The consumer variants ringbench knows (scenarios.md, section 7).</summary>
public static class ConsumerVariants
{
    public static readonly ConsumerVariant LevelRelease = Managed<ReleaseStore, EpollWait<LevelTriggered>>(
        "lt-release", "libbpf before the patch");

    public static readonly ConsumerVariant EdgeSeqCst = Managed<SeqCstStore, EpollWait<EdgeTriggered>>(
        "et-seqcst", "libbpf after the patch");

    public static readonly ConsumerVariant EdgeRelease = Managed<ReleaseStore, EpollWait<EdgeTriggered>>(
        "et-release", "edge-triggered with the old store: the combination the patch says loses wake-ups");

    public static readonly ConsumerVariant LevelSeqCst = Managed<SeqCstStore, EpollWait<LevelTriggered>>(
        "lt-seqcst", "ablation: the new store alone, level-triggered");

    public static readonly ConsumerVariant NativeLibbpf = new(
        "libbpf", "the system libbpf's ring_buffer__poll with a C callback (native baseline)",
        setup => new NativeLibbpfConsumer(setup));

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

    private static ConsumerVariant Managed<TStore, TWait>(string name, string summary)
        where TStore : struct, IConsumerPositionStore
        where TWait : struct, IWaitPolicy<TWait> =>
        new(name, $"{summary} ({RingConsumer<TStore, TWait>.Describe})", setup => new RingConsumer<TStore, TWait>(setup));
}
