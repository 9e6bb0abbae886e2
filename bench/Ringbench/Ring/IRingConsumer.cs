namespace Ringbench.Ring;

/// <summary>
/// The contract every consumer variant keeps: wait, consume until empty, repeat, until
/// asked to stop; then drain what is left once the producers are gone.
/// </summary>
public interface IRingConsumer : IDisposable
{
    /// <summary>Runs the consume/wait loop on the calling thread until <see cref="RequestStop"/>.</summary>
    void Run();

    /// <summary>Asks <see cref="Run"/> to return after its current wait (at most one timeout later).</summary>
    void RequestStop();

    /// <summary>After the producers stopped and <see cref="Run"/> returned: consumes what remains.</summary>
    long DrainRemaining();

    /// <summary>
    /// Brings <see cref="ConsumerSetup.Counters"/> up to date for the sample about to be taken (the
    /// sampler's thread, twice a second). Nothing for a consumer that counts as it consumes; a
    /// reader in another process is asked for its count.
    /// </summary>
    void BeforeSample() { }

    /// <summary>The warm-up is over (the sampler's thread, once a run).</summary>
    void MeasuringStarts() { }

    /// <summary>
    /// The consumer's own CPU time and context switches over <see cref="Run"/> where the thread that
    /// ran it is not where it consumed (a reader process); null: the consumer thread's own.
    /// </summary>
    Kernel.ThreadUsage? OwnUsage => null;

    /// <summary>Whether a consume call stops at <see cref="ConsumerSetup.RecordBound"/> records (the bounded-consumer scenarios need one that does).</summary>
    bool StopsAtRecordBound => false;
}

/// <summary>
/// What a consumer is built from: the mapped ring, the fd to wait on (the map's, or the
/// simulation's eventfd), where to count, how long a wait may last, and the tuning of
/// the variant's wait strategy.
/// </summary>
public sealed record ConsumerSetup(RingView Ring, int RingFd, ConsumerCounters[] Counters, int WaitTimeoutMs, bool BackToBack)
{
    // Counters: a one-element array on the pinned heap (GC.AllocateArray), so native code may hold a pointer into it.
    // BackToBack: the consumer triggers the next batch itself after each wait (kernel bench --rb-b2b, libbpf flavour).

    /// <summary>The action that triggers one producer batch; the kernel path fires getpgid.</summary>
    public Action? Trigger { get; init; }

    /// <summary>The ring is the in-process simulation, and <see cref="RingFd"/> its eventfd.</summary>
    public bool Simulated { get; init; }

    /// <summary>Where delivery-latency samples go; null when the run does not measure latency.</summary>
    public LatencyRecorder? Latency { get; init; }

    /// <summary>Stall forensics (the stress mode); null in ordinary runs.</summary>
    public StallRecorder? Stalls { get; init; }

    /// <summary>The sharded rings, for the shards-* consumers; empty for one shared ring.</summary>
    public IReadOnlyList<RingShard> Shards { get; init; } = [];

    /// <summary>The perf buffer's map and geometry, for the pb-* consumers; null on the ring.</summary>
    public PerfBufferSetup? Perf { get; init; }

    /// <summary>At most this many records a consume call, drained again before waiting (the bounded consumer of the 2026 fix's test); 0 for no bound.</summary>
    public int RecordBound { get; init; }

    /// <summary>The CPU the consumer is pinned to, or null unpinned (a reader process pins its threads there).</summary>
    public int? ConsumerCpu { get; init; }

    /// <summary>Records per batch: a reader process in back-to-back mode triggers the next batch each time it has consumed one.</summary>
    public uint BatchCount { get; init; }

    /// <summary>Lets another process trigger batches (a reader process in back-to-back mode); null where only ringbench can.</summary>
    public Action<int>? LetProcessTrigger { get; init; }

    /// <summary>Poll interval and spin limit, for the wait strategies that use them.</summary>
    public WaitTuning Tuning { get; init; } = WaitTuning.None;

    public static ConsumerCounters[] NewCounters() => GC.AllocateArray<ConsumerCounters>(1, pinned: true);
}

/// <summary>
/// What a perf buffer consumer needs: the BPF_MAP_TYPE_PERF_EVENT_ARRAY to fill with one perf
/// event per CPU, each CPU's data pages, and the wakeup_events the events are opened with.
/// </summary>
public sealed record PerfBufferSetup(int MapFd, int PagesPerCpu, uint WakeupEvents);

/// <summary>One of the sharded rings: its mapping and its map fd (what epoll and libbpf wait on).</summary>
public sealed record RingShard(RingView View, int Fd);
