using Ringbench.Kernel;
using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>
/// The consumer variants ringbench knows: the patch's four store x trigger combinations and the
/// native libbpf (docs/bench-spec.md §7), then the wait strategies beyond the patch (timed
/// polls, hybrid spin-then-epoll, libbpf on a timer) and the ceiling reference.
/// </summary>
public static partial class ConsumerVariants
{
    public static readonly ConsumerVariant LevelRelease = Epoll<ReleaseStore, LevelTriggered>(
        "lt-release", "libbpf before the patch");

    public static readonly ConsumerVariant EdgeSeqCst = Epoll<SeqCstStore, EdgeTriggered>(
        "et-seqcst", "libbpf after the patch");

    public static readonly ConsumerVariant EdgeRelease = Epoll<ReleaseStore, EdgeTriggered>(
        "et-release", "edge-triggered with the old store: the combination the patch says loses wake-ups");

    public static readonly ConsumerVariant LevelSeqCst = Epoll<SeqCstStore, LevelTriggered>(
        "lt-seqcst", "ablation: the new store alone, level-triggered");

    public static readonly ConsumerVariant NativeLibbpf = Native(
        "libbpf", "the system libbpf's ring_buffer__poll with a C callback (native baseline)", pollInterval: null);

    /// <summary>
    /// The seed patch's flavours of libbpf, built from the installed version's source package
    /// (bpf-progs/libbpf-flavours/), each the native twin of one C# port: the patch measured in
    /// the library it changed. Keyed by flavour name, with the port each one twins.
    /// </summary>
    public static IReadOnlyList<(string Flavour, string Twin, string Summary)> SeedFlavours { get; } =
    [
        ("before", "lt-release", "libbpf before the patch, built from source (release store, EPOLLIN)"),
        ("after", "et-seqcst", "libbpf with the seed patch, built from source (seq_cst store, EPOLLIN|EPOLLET)"),
        ("store-only", "lt-seqcst", "libbpf with the patch's store hunk alone, built from source"),
        ("et-only", "et-release", "libbpf with the patch's EPOLLET hunk alone, built from source (the combination the patch says loses wake-ups)"),
    ];

    /// <summary>The C# port a seed flavour twins (before -> lt-release, ...), or null for another flavour.</summary>
    private static ConsumerVariant? SeedTwin(string flavour) =>
        SeedFlavours.Where(f => f.Flavour == flavour).Select(f => All.First(v => v.Name == f.Twin)).FirstOrDefault();

    /// <summary>Every C# port with its native twin ("twins").</summary>
    public static IReadOnlyList<ConsumerVariant> Twins =>
        [LevelRelease, Flavour("before"), EdgeSeqCst, Flavour("after"), LevelSeqCst, Flavour("store-only"), EdgeRelease, Flavour("et-only")];

    private const string FlavourPrefix = "libbpf-";

    /// <summary>A flavour's variant name (before -> libbpf-before), without building the variant.</summary>
    public static string FlavourName(string flavour) => FlavourPrefix + flavour;

    /// <summary>
    /// A libbpf flavour as a variant (libbpf-before, libbpf-after, libbpf-&lt;name&gt;-after for a
    /// diff built with './run-bench.sh libbpf-patch'): that build's ring_buffer__poll with the C
    /// counting callback, the same harness code as the system libbpf. A flavour that was not built
    /// (no source package here) is a variant that says why instead of running.
    /// </summary>
    public static ConsumerVariant Flavour(string flavour)
    {
        string name = FlavourPrefix + flavour;
        string description = LibbpfFlavour.Built.TryGetValue(flavour, out LibbpfFlavour? built)
            ? $"{built.Description}: store {built.Store}, trigger {built.Trigger}"
            : FlavourSummary(flavour);
        return new ConsumerVariant(name, description, KernelOnly(name, "a real BPF ring", setup => new NativeLibbpfConsumer(setup, LibbpfBuild.Load(LibbpfFlavour.Get(flavour)))))
        {
            Unsupported = s => NeedsKernel(s, "a real BPF ring") ?? LibbpfFlavour.WhyMissing(flavour),
            // A built flavour says what its source does (read from the patched ringbuf.c); an unbuilt seed flavour is its port's twin.
            Traits = Described(ConsumerKind.Libbpf, "libbpf poll",
                built is not null ? DesignStore(built) : SeedTwin(flavour)?.Traits.Store ?? StoreOrdering.None,
                built is not null ? VariantVocabulary.ParseTrigger(built.Trigger) : SeedTwin(flavour)?.Traits.Trigger ?? TriggerMode.None,
                build: SeedFlavours.Any(f => f.Flavour == flavour) ? VariantTraits.SeedBuild : flavour),
            StopsAtRecordBound = true,
        };
    }

    /// <summary>What a flavour is, without reading its build: the seed's and the designs' in words, any other by name.</summary>
    public static string FlavourSummary(string flavour) =>
        SeedFlavours.Concat(DesignFlavours).FirstOrDefault(f => f.Flavour == flavour).Summary
        ?? (flavour.EndsWith("-o0", StringComparison.Ordinal) && SeedFlavours.FirstOrDefault(f => f.Flavour == flavour[..^3]).Summary is string seed
            ? seed + ", at -O0 as the kernel bench builds its libbpf"
            : $"libbpf flavour {flavour}");

    /// <summary>A built flavour's store: the design its diff names where it names one (the fences are the design's), else what its ringbuf.c's store is.</summary>
    private static StoreOrdering DesignStore(LibbpfFlavour built) => built.Design switch
    {
        "barrier-lt" or "barrier-et" => StoreOrdering.ReleaseThenBarrier,
        "lazy-et" => StoreOrdering.ReleaseLazyFence,
        "batch-et" => StoreOrdering.OncePerPassFenced,
        _ => VariantVocabulary.ParseStore(built.Store),
    };

    /// <summary>
    /// The kernel bench's own consumer (docs/bench-spec.md §7, "rb-custom"): level-triggered, a
    /// release store once per drained pass. It runs where the script runs rb-custom: the control
    /// rows, which the patch's numbers come from, and the single-producer sections, where the
    /// script sets it beside rb-libbpf and the perf buffer. On the control rows it runs in two
    /// columns (<see cref="KernelBenchAgain"/>): the ratio of the two is an A/A check of this
    /// machine's run-to-run noise, as the patch's control rows were of its machine's. Our
    /// producer never discards, so the bench's missing DISCARD check makes no difference here
    /// and the drain keeps it.
    /// </summary>
    public static readonly ConsumerVariant KernelBench = Epoll<KernelBenchStore, LevelTriggered>(
        "kernel-bench", "the kernel bench's own consumer (rb-custom; where the script runs it)", ConsumerKind.KernelBench) with
    {
        Scope = ScenarioScope.ScriptRows, ScriptBench = ScriptBenchmark.RbCustom,
    };

    /// <summary>The same consumer again, the second column of the A/A check on the control rows.</summary>
    public static readonly ConsumerVariant KernelBenchAgain = KernelBench with
    {
        Name = "kernel-bench-2",
        Description = "the kernel bench's own consumer again: the second column of the A/A check (control rows only)",
        Scope = ScenarioScope.Controls,
    };

    /// <summary>
    /// pb-libbpf: the perf buffer as the kernel bench's pb-libbpf consumes it, libbpf's
    /// perf_buffer__poll with a raw event callback (in C) that counts samples. The producer writes
    /// with bpf_perf_event_output to its CPU's ring; the consumer is woken every sample, or every
    /// sample-rate samples when sampled (wakeup_events). Runs where the script runs pb-libbpf.
    /// </summary>
    public static readonly ConsumerVariant PerfLibbpf = Perf(ScriptBenchmark.PbLibbpf,
        "the perf buffer through the system libbpf's perf_buffer__poll, a C callback counting samples (the kernel bench's pb-libbpf)",
        "libbpf perf poll", VariantTraits.SystemBuild,
        setup => new NativeLibbpfConsumer(setup, new PerfBuffer(setup.Perf!, setup.Counters)));

    /// <summary>
    /// pb-custom: the kernel bench's own perf buffer reader, ported (<see cref="PerfBufferReader"/>):
    /// its own epoll over the per-CPU event fds, each reported ring walked and released with one
    /// data_tail store. Runs where the script runs pb-custom.
    /// </summary>
    public static readonly ConsumerVariant PerfCustom = Perf(ScriptBenchmark.PbCustom,
        "the kernel bench's own perf buffer reader, in C# over the mmapped per-CPU rings (pb-custom)",
        "epoll-level per CPU", "",
        PerfBufferReader.Create);

    /// <summary>
    /// shards-libbpf: sharded rings, one per CPU unless --shards says otherwise, each producer
    /// writing to its CPU's; the system libbpf's ring_buffer holds them all (ring_buffer__new on
    /// the first, ring_buffer__add for the rest) and polls them through its one epoll. Runs where
    /// the script runs rb-libbpf, beside the one shared ring it is the alternative to.
    /// </summary>
    public static readonly ConsumerVariant ShardsLibbpf = Sharded(
        Described(ConsumerKind.ShardedRings, "libbpf poll", StoreOrdering.AsInstalled, TriggerMode.AsInstalled, build: VariantTraits.SystemBuild),
        "shards-libbpf", "sharded rings (one per CPU) through the system libbpf's ring_buffer, ring_buffer__add for each shard",
        setup => new NativeLibbpfConsumer(setup, LibbpfBuild.System));

    /// <summary>shards-et-seqcst: the same shards read by the C# port of libbpf after the patch, one epoll (edge) over all.</summary>
    public static readonly ConsumerVariant ShardsEdgeSeqCst = ShardedPort<SeqCstStore, EdgeTriggered>("shards-et-seqcst");

    /// <summary>shards-lt-release: the same shards read by the C# port of libbpf before the patch, one epoll (level) over all.</summary>
    public static readonly ConsumerVariant ShardsLevelRelease = ShardedPort<ReleaseStore, LevelTriggered>("shards-lt-release");

    /// <summary>
    /// shards-merged: shards-et-seqcst with the shards' streams put back in time order (<see cref="TimeOrderMerge"/>):
    /// the producer stamps every record, the consumer merges by the stamps. Against shards-et-seqcst,
    /// the cost of time order.
    /// </summary>
    public static readonly ConsumerVariant ShardsMerged = Sharded(
        Described(ConsumerKind.ShardedRings, $"epoll-{EdgeTriggered.Mode.Text()} over shards, merged by time", SeqCstStore.Ordering, EdgeTriggered.Mode),
        "shards-merged",
        "sharded rings read by the C# port (seq_cst store, one edge-triggered epoll) and merged back into time order by a per-record stamp",
        setup =>
        {
            RingView[] rings = setup.Shards.Select(s => s.View).ToArray();
            return new MultiRingConsumer<MergingShardsReader<SeqCstStore>>(setup,
                new MergingShardsReader<SeqCstStore>(rings, new TimeOrderMerge(rings), setup.Counters), setup.Shards.Select(s => s.Fd).ToList(), EdgeTriggered.Flags);
        }) with
    {
        ProducerSide = s => s with { Sharded = true, TimeOrder = true },
    };

    /// <summary>The sharded-ring consumers ("shards"; shards-merged is named on its own).</summary>
    public static IReadOnlyList<ConsumerVariant> ShardedRings { get; } = [ShardsLibbpf, ShardsLevelRelease, ShardsEdgeSeqCst];

    private static ConsumerVariant ShardedPort<TStore, TTrigger>(string name)
        where TStore : struct, IPublicationPolicy
        where TTrigger : struct, IEpollTrigger =>
        Sharded(Described(ConsumerKind.ShardedRings, $"epoll-{TTrigger.Mode.Text()} over shards", TStore.Ordering, TTrigger.Mode),
            name, $"sharded rings (one per CPU) read by the C# port with the {TStore.Ordering.Text()} store, one {TTrigger.Mode.Text()}-triggered epoll over all shards",
            setup => new MultiRingConsumer<RingShardsReader<TStore>>(setup,
                new RingShardsReader<TStore>(setup.Shards.Select(s => s.View).ToArray()), setup.Shards.Select(s => s.Fd).ToList(), TTrigger.Flags));

    private static ConsumerVariant Sharded(VariantTraits traits, string name, string description, Func<ConsumerSetup, IRingConsumer> create) =>
        new(name, description, KernelOnly(name, "the kernel's sharded rings", create))
        {
            Unsupported = s =>
                NeedsKernel(s, "the kernel's rings")
                ?? (s.LatencySampleEvery > 0 ? "latency is timed on the one shared ring only"
                : s.Buffer == EventBuffer.Perf ? "sharded rings are ring buffers"
                : null),
            // One shard per CPU unless the run asked for a number (--shards).
            ProducerSide = s => s with { Sharded = true },
            Traits = traits,
            Scope = ScenarioScope.ScriptRows,
            ScriptBench = ScriptBenchmark.RbLibbpf,
        };

    /// <summary>The perf buffer consumers ("perfbuf").</summary>
    public static IReadOnlyList<ConsumerVariant> PerfBuffers { get; } = [PerfLibbpf, PerfCustom];

    private static ConsumerVariant Perf(ScriptBenchmark benchmark, string description, string wait, string build, Func<ConsumerSetup, IRingConsumer> create) =>
        new(benchmark.Spelling(), description, KernelOnly(benchmark.Spelling(), "a real perf buffer", create))
        {
            Unsupported = s =>
                NeedsKernel(s, "the kernel's perf buffer")
                ?? (s.LatencySampleEvery > 0 ? "latency is timed on the ring's records only"
                : s.Notify is NotifyMode.Never or NotifyMode.Every ? "the perf buffer wakes every sample, or every sample-rate samples when sampled; it has no never or every:N"
                : s.Sampled && s.SampleRate > s.BatchCount ? $"sample rate {s.SampleRate} above the batch count {s.BatchCount} (the kernel bench refuses it)"
                : PerfBuffer.WhyUnavailable),
            ProducerSide = s => s with { Buffer = EventBuffer.Perf },
            Traits = Described(ConsumerKind.PerfBuffer, wait, build: build),
            Scope = ScenarioScope.ScriptRows,
            ScriptBench = benchmark,
        };

    /// <summary>The ceiling's timed poll adapts between these: short enough not to overflow a ring, long enough to batch.</summary>
    public static readonly TimeSpan CeilingMinInterval = TimeSpan.FromMicroseconds(10), CeilingMaxInterval = TimeSpan.FromMilliseconds(1);

    /// <summary>The ceiling's timer: adapting between the two intervals, or never sleeping back-to-back (the consumer produces the batch itself).</summary>
    private static WaitTuning CeilingTuning(ConsumerSetup setup) =>
        setup.BackToBack ? WaitTuning.FixedPoll(TimeSpan.Zero) : new WaitTuning(CeilingMinInterval, CeilingMaxInterval, TimeSpan.Zero);

    /// <summary>
    /// The ceiling: the producer never asks for a wake-up and the consumer drains on a timer that
    /// adapts to keep the ring under a quarter full (see <see cref="TimedPoll"/>), so neither side
    /// pays for notification. In back-to-back mode the consumer produces the batch itself and
    /// drains right after, with no sleep at all. Release store: with no wake-ups there is no
    /// handshake for a stronger store to protect.
    /// </summary>
    public static readonly ConsumerVariant Ceiling = new("ceiling",
        $"reference: producer asks for no wake-ups, consumer drains on a timer adapting between {DurationText(CeilingMinInterval)} " +
        $"and {DurationText(CeilingMaxInterval)} to keep the ring from overflowing (no sleep in back-to-back)",
        setup => OnRing<ReleaseStore, TimedPoll, TimedPoll>(setup with { Tuning = CeilingTuning(setup) }))
    {
        ProducerSide = NoWakeups,
        Traits = Described(ConsumerKind.Ceiling, $"adaptive timed poll {DurationText(CeilingMinInterval)}-{DurationText(CeilingMaxInterval)}",
            StoreOrdering.Release, notify: NotifyRequest.Never),
    };

    /// <summary>
    /// producer-only: the producers' own rate, no consumer reading anything (<see cref="SpaceReleaser"/>:
    /// the space is handed back on the ceiling's adaptive timer without a record being read). The
    /// upper bound of the producer side, as the ceiling is of the consumer side.
    /// </summary>
    public static readonly ConsumerVariant ProducerOnly = new("producer-only",
        "no consumer: the producer asks for no wake-ups and the space is handed back unread on the ceiling's timer (the producers' own rate)",
        KernelOnly("producer-only", "the kernel's ring (it relies on the kernel's pending_pos)", setup => new SpaceReleaser(setup with { Tuning = CeilingTuning(setup) })))
    {
        Unsupported = s =>
            NeedsKernel(s, "the kernel's pending_pos")
            ?? (s.LatencySampleEvery > 0 ? "no record is read, so none is timed" : null),
        ProducerSide = NoWakeups,
        Traits = Described(ConsumerKind.ProducerOnly, $"release unread, adaptive timer {DurationText(CeilingMinInterval)}-{DurationText(CeilingMaxInterval)}",
            notify: NotifyRequest.Never),
    };

    /// <summary>The variants of the patch and the native baseline ("all").</summary>
    public static IReadOnlyList<ConsumerVariant> All { get; } =
        [LevelRelease, EdgeSeqCst, EdgeRelease, LevelSeqCst, NativeLibbpf];

    /// <summary>
    /// The consumers upstream is choosing between in 2026, ported to C# on the drain's publication
    /// points (<see cref="IPublicationPolicy"/>): each the twin of a libbpf flavour built from
    /// bpf-progs/libbpf-flavours/designs/ and of a design in the model check.
    /// </summary>
    public static IReadOnlyList<ConsumerVariant> DesignPorts { get; } =
    [
        Epoll<BarrierPublication, LevelTriggered>("lt-barrier", "the 2026 barrier fix as proposed: release per record, a full fence before reloading producer_pos, level-triggered"),
        Epoll<BarrierPublication, EdgeTriggered>("et-barrier", "the 2026 barrier fix with EPOLLET"),
        Epoll<LazyFencePublication, EdgeTriggered>("et-lazy", "aya's lazy fence: release per record, a fence only when caught up or at a BUSY record (then re-read), EPOLLET"),
        Epoll<LazyFencePublication, LevelTriggered>("lt-lazy", "aya's lazy fence, level-triggered: what the fence costs where plain EPOLLIN needs none"),
        Epoll<BatchedPublication, EdgeTriggered>("et-batch", "batched: one release store per pass, a fence before the re-check, EPOLLET"),
    ];

    /// <summary>The design flavours of libbpf (bpf-progs/libbpf-flavours/designs/*.diff), each with its port.</summary>
    public static IReadOnlyList<(string Flavour, string Twin, string Summary)> DesignFlavours { get; } =
    [
        ("barrier", "lt-barrier", "libbpf with the 2026 barrier fix, built from its message (designs/barrier.diff; EPOLLIN)"),
        ("barrier-et", "et-barrier", "libbpf with the 2026 barrier fix and EPOLLET (designs/barrier-et.diff)"),
        ("lazy-et", "et-lazy", "libbpf with aya's lazy fence carried into its loop (designs/lazy-et.diff; EPOLLET)"),
        ("batch-et", "et-batch", "libbpf publishing once per pass with a fence and re-check (designs/batch-et.diff; EPOLLET)"),
    ];

    /// <summary>
    /// The set "designs": libbpf as shipped and with the 2023 patch, the positive control (the
    /// patch's EPOLLET hunk alone, which must stall), and each 2026 design as a libbpf build and a port.
    /// </summary>
    public static IReadOnlyList<ConsumerVariant> Designs =>
        [Flavour("before"), Flavour("after"), Flavour("et-only"), .. DesignFlavours.Select(f => Flavour(f.Flavour)), EdgeRelease, .. DesignPorts];

    public const string DesignsSet = "designs";

    /// <summary>The consumer strategies people choose between, with the ceiling ("strategies").</summary>
    public static IReadOnlyList<ConsumerVariant> Strategies { get; } =
    [
        LevelRelease, EdgeSeqCst, Timed(TimeSpan.FromMicroseconds(100)), Timed(TimeSpan.FromMilliseconds(1)),
        Hybrid(TimeSpan.FromMicroseconds(50)), Ceiling,
    ];

    /// <summary>
    /// Timed poll: sleep <paramref name="interval"/> between drains; the producer asks for no
    /// wake-ups. Zero never sleeps: a busy poll. Release store, as for the ceiling.
    /// </summary>
    public static ConsumerVariant Timed(TimeSpan interval) => new($"timed-{DurationText(interval)}",
        interval == TimeSpan.Zero ? "busy poll: drain again at once, producer asks for no wake-ups"
            : $"sleep {DurationText(interval)} between drains, producer asks for no wake-ups",
        setup => OnRing<ReleaseStore, TimedPoll, TimedPoll>(setup with { Tuning = WaitTuning.FixedPoll(interval) }))
    {
        ProducerSide = NoWakeups,
        Traits = Described(ConsumerKind.Strategy, interval == TimeSpan.Zero ? "busy poll" : $"timed poll {DurationText(interval)}",
            StoreOrdering.Release, notify: NotifyRequest.Never),
    };

    /// <summary>
    /// Hybrid: after each drain spin up to <paramref name="spin"/> watching producer_pos, then
    /// sleep in edge-triggered epoll, with the patch's seq_cst store that edge-triggered needs.
    /// </summary>
    public static ConsumerVariant Hybrid(TimeSpan spin) => Hybrid<SpinPause>("hybrid", spin);

    /// <summary>The same, yielding the CPU between looks instead of spinning on it.</summary>
    public static ConsumerVariant HybridYield(TimeSpan spin) => Hybrid<YieldPause>("hybrid-yield", spin);

    private static ConsumerVariant Hybrid<TPause>(string kind, TimeSpan spin) where TPause : struct, ISpinPause => new(
        $"{kind}-{DurationText(spin)}",
        $"{TPause.Name} up to {DurationText(spin)} after each drain, then edge-triggered epoll with the seq_cst store",
        setup => OnRing<SeqCstStore, HybridWait<EpollWait<EdgeTriggered, KernelRingFd>, TPause>, HybridWait<EpollWait<EdgeTriggered, SimulatedEventFd>, TPause>>(
            setup with { Tuning = WaitTuning.SpinFor(spin) }))
    {
        Traits = Described(ConsumerKind.Strategy, $"{TPause.Name} {DurationText(spin)} then epoll-edge", SeqCstStore.Ordering, EdgeTriggered.Mode),
    };

    /// <summary>The system libbpf's ring_buffer__consume on a timer, the producer asking for no wake-ups: the native timed poll.</summary>
    public static ConsumerVariant NativeTimed(TimeSpan interval) => Native($"libbpf-timed-{DurationText(interval)}",
        $"the system libbpf's ring_buffer__consume every {DurationText(interval)}, producer asks for no wake-ups", interval, NoWakeups);

    /// <summary>
    /// A consumer of something only the kernel has (<paramref name="what"/>, e.g. "a real BPF ring"):
    /// on --backend sim, one clear usage error instead. The same need, said before a run, is
    /// <see cref="NeedsKernel"/>.
    /// </summary>
    private static Func<ConsumerSetup, IRingConsumer> KernelOnly(string name, string what, Func<ConsumerSetup, IRingConsumer> create) =>
        setup => setup.Simulated
            ? throw new RingbenchException(ExitCode.Usage, $"the {name} variant consumes {what}: it cannot run on --backend sim")
            : create(setup);

    /// <summary>Why a variant that consumes <paramref name="what"/> cannot run with these settings: on the simulated backend; null otherwise.</summary>
    internal static string? NeedsKernel(BenchSettings s, string what) =>
        s.Backend == Running.BackendKind.Simulated ? $"needs {what} (not --backend sim)" : null;

    private static BenchSettings NoWakeups(BenchSettings s) => s with { Notify = NotifyMode.Never };

    /// <summary>An epoll variant: a store policy and an epoll trigger (the patch's two decisions).</summary>
    private static ConsumerVariant Epoll<TStore, TTrigger>(string name, string summary, ConsumerKind kind = ConsumerKind.Port)
        where TStore : struct, IPublicationPolicy
        where TTrigger : struct, IEpollTrigger =>
        new(name, $"{summary} ({RingConsumer<TStore, EpollWait<TTrigger, KernelRingFd>, CountOnly>.Describe})",
            OnRing<TStore, EpollWait<TTrigger, KernelRingFd>, EpollWait<TTrigger, SimulatedEventFd>>)
        {
            // The traits are the policies': the store's ordering and the trigger's mode, as the loop is compiled with them.
            Traits = Described(kind, EpollWait<TTrigger, KernelRingFd>.Name, TStore.Ordering, TTrigger.Mode),
            StopsAtRecordBound = true,
        };

    /// <summary>The system libbpf; with a poll interval its ring_buffer__consume on a timer, the producer asking for no wake-ups.</summary>
    private static ConsumerVariant Native(string name, string description, TimeSpan? pollInterval, Func<BenchSettings, BenchSettings>? producerSide = null) => new(
        name, description,
        KernelOnly(name, "a real BPF ring", setup => new NativeLibbpfConsumer(setup, LibbpfBuild.System, pollInterval)))
    {
        Unsupported = s => NeedsKernel(s, "a real BPF ring"),
        ProducerSide = producerSide ?? (s => s),
        // The installed library's store and trigger are whatever its version does: not claimed here.
        Traits = Described(ConsumerKind.Libbpf, pollInterval is { } t ? $"libbpf consume every {DurationText(t)}" : "libbpf poll",
            StoreOrdering.AsInstalled, TriggerMode.AsInstalled, pollInterval is null ? NotifyRequest.Default : NotifyRequest.Never, VariantTraits.SystemBuild),
    };

    /// <summary>A variant's traits but its name (<see cref="ConsumerVariant.Traits"/> puts the variant's own name in).</summary>
    private static VariantTraits Described(ConsumerKind kind, string wait, StoreOrdering store = StoreOrdering.None, TriggerMode trigger = TriggerMode.None,
        NotifyRequest? notify = null, string build = "") => new("", kind, store, trigger, wait, notify ?? NotifyRequest.Default, build);

    /// <summary>
    /// The consumer for this ring: on the kernel it waits with <typeparamref name="TKernelWait"/>
    /// on the map fd, on the simulation with <typeparamref name="TSimulatedWait"/> on its eventfd.
    /// The choice is made once, at construction; the loop itself is specialised for it.
    /// </summary>
    private static IRingConsumer OnRing<TStore, TKernelWait, TSimulatedWait>(ConsumerSetup setup)
        where TStore : struct, IPublicationPolicy
        where TKernelWait : struct, IWaitPolicy<TKernelWait>
        where TSimulatedWait : struct, IWaitPolicy<TSimulatedWait> =>
        setup.Simulated ? WithSink<TStore, TSimulatedWait>(setup) : WithSink<TStore, TKernelWait>(setup);

    /// <summary>Latency sampling when the run asks for it, plain counting otherwise.</summary>
    private static IRingConsumer WithSink<TStore, TWait>(ConsumerSetup setup)
        where TStore : struct, IPublicationPolicy
        where TWait : struct, IWaitPolicy<TWait> =>
        setup.Latency is LatencyRecorder recorder
            ? new RingConsumer<TStore, TWait, LatencySampling>(setup, new LatencySampling(recorder))
            : new RingConsumer<TStore, TWait, CountOnly>(setup, new CountOnly());
}
