using Ringbench.Kernel;

namespace Ringbench.Scenarios;

/// <summary>
/// Every knob of the kernel ringbuf bench (docs/bench-spec.md §1), with the defaults the
/// kernel's run_bench_ringbufs.sh uses, plus ringbench's own (wait timeout, attach order).
/// </summary>
public sealed record BenchSettings
{
    public const uint RecordSpanBytes = 16; // 8-byte payload + 8-byte header

    /// <summary>Seconds run before samples count (-w).</summary>
    public int WarmupSeconds { get; init; } = 3;

    /// <summary>Seconds of counted per-second samples (-d).</summary>
    public int DurationSeconds { get; init; } = 10;

    /// <summary>Pin threads to CPUs (-a): consumer on CPU 0, producers on the next ones, wrapping.</summary>
    public bool Affinity { get; init; } = true;

    /// <summary>Producer threads (-p).</summary>
    public int Producers { get; init; } = 1;

    /// <summary>Records per trigger (--rb-batch-cnt).</summary>
    public uint BatchCount { get; init; } = 500;

    /// <summary>When the producer asks for a wake-up (default rule, sampled, never, every N records).</summary>
    public NotifyMode Notify { get; init; }

    /// <summary>Sampled notification (--rb-sampled): the kernel bench's flag, a view of <see cref="Notify"/>.</summary>
    public bool Sampled
    {
        get => Notify == NotifyMode.Sampled;
        init => Notify = value ? NotifyMode.Sampled : NotifyMode.Default;
    }

    /// <summary>Records per forced wake-up with <see cref="NotifyMode.Every"/>.</summary>
    public uint WakeupEvery { get; init; } = 500;

    /// <summary>Records per forced wake-up when sampled (--rb-sample-rate).</summary>
    public uint SampleRate { get; init; } = 500;

    /// <summary>bpf_ringbuf_output instead of reserve+submit (--rb-use-output).</summary>
    public bool UseOutput { get; init; }

    /// <summary>The consumer triggers each batch itself (--rb-b2b).</summary>
    public bool BackToBack { get; init; }

    /// <summary>Ring data size in bytes; a power of two and a multiple of the page size.</summary>
    public uint RingSizeBytes { get; init; } = 512 * 1024;

    /// <summary>
    /// The ring buffer, or the perf buffer (the pb-* variants choose it): the kernel bench's
    /// other transport, with wake-ups every sample, or every <see cref="SampleRate"/> samples
    /// when sampled, as its perfbuf_libbpf_setup sets wakeup_events.
    /// </summary>
    public EventBuffer Buffer { get; init; }

    /// <summary>Sharded rings instead of one shared ring (the shards-* variants set it).</summary>
    public bool Sharded { get; init; }

    /// <summary>
    /// Sharded rings put back in time order (the shards-merged variant sets it): the producer
    /// stamps every record with CLOCK_MONOTONIC and the consumer merges the shards' streams by it.
    /// </summary>
    public bool TimeOrder { get; init; }

    /// <summary>How many rings a sharded run uses (--shards); 0 = one per CPU.</summary>
    public int ShardCount { get; init; }

    /// <summary>The rings of <see cref="RingSizeBytes"/> each a sharded run has, a producer writing to the shard of its CPU (cpu % shards); 0 for one shared ring.</summary>
    public int Shards => !Sharded ? 0 : ShardCount > 0 ? ShardCount : Environment.ProcessorCount;

    /// <summary>The memory the records can occupy: the one ring, every shard, or every CPU's perf ring.</summary>
    public long BufferBytes => Buffer == EventBuffer.Perf ? (long)PerfBufferPages * LibC.PageSize * Environment.ProcessorCount
        : (long)RingSizeBytes * Math.Max(1, Shards);

    /// <summary>"ring", "shards N" or "perf": which buffer the records went through.</summary>
    public string BufferText => Buffer == EventBuffer.Perf ? "perf" : Shards > 0 ? $"shards {Shards}" : "ring";

    /// <summary>Data pages of each CPU's perf ring (the kernel bench's --perfbuf-sz default: 128 pages, 512 KiB at 4 KiB pages).</summary>
    public int PerfBufferPages { get; init; } = 128;

    /// <summary>The perf event's wakeup_events: every sample, or the sample rate when sampled (bench_ringbufs.c's rule).</summary>
    public uint PerfWakeupEvents => Sampled ? SampleRate : 1;

    /// <summary>Explicit producer CPUs (--prod-affinity); producers cycle through them.</summary>
    public IReadOnlyList<int>? ProducerCpus { get; init; }

    /// <summary>Explicit consumer CPUs (--cons-affinity).</summary>
    public IReadOnlyList<int>? ConsumerCpus { get; init; }

    /// <summary>Longest a consumer waits before it looks at the ring anyway; a timeout with data waiting is a stall.</summary>
    public int WaitTimeoutMs { get; init; } = 100;

    /// <summary>At most this many records a consume call, drained again before waiting (the 2026 fix's bounded consumer); 0 for none.</summary>
    public int ConsumerBound { get; init; }

    /// <summary>Latency mode: the producer stamps one record in this many and the consumer times each stamped one (0 = off).</summary>
    public int LatencySampleEvery { get; init; }

    /// <summary>Paced producer: one batch every this many microseconds instead of a tight loop (0 = tight loop).</summary>
    public int PaceMicroseconds { get; init; }

    /// <summary>CPU-bound threads run beside the benchmark (0 = a quiet machine): the busy-neighbour dimension.</summary>
    public int Neighbours { get; init; }

    /// <summary>CPUs the neighbours are pinned to, cycled; null leaves them to the scheduler.</summary>
    public IReadOnlyList<int>? NeighbourCpus { get; init; }

    /// <summary>
    /// Keep idle CPUs from halting (--keep-awake): one SCHED_IDLE thread spins on every CPU while
    /// the run lasts, so a wake-up finds its CPU running (<see cref="Running.BusyNeighbours.KeepCpusAwake"/>).
    /// Off by default: it measures a machine whose idle CPUs never sleep.
    /// </summary>
    public bool KeepAwake { get; init; }

    /// <summary>The kernel's ring (default) or the in-process simulation.</summary>
    public Running.BackendKind Backend { get; init; } = Running.BackendKind.Kernel;

    /// <summary>Hooks to try, in order, until the kernel accepts one.</summary>
    public IReadOnlyList<AttachMode> AttachOrder { get; init; } = [AttachMode.Fentry, AttachMode.RawTracepoint];

    /// <summary>The notification rule these settings run, as a value (its counts are the settings' own).</summary>
    public NotifyRequest NotifyRule => Notify switch
    {
        NotifyMode.Sampled => new(Notify, SampleRate),
        NotifyMode.Every => new(Notify, WakeupEvery),
        _ => new(Notify),
    };

    /// <summary>The notification rule as the CLI spells it and results.csv records it.</summary>
    public string NotifyText => NotifyRule.ToString();

    /// <summary>Parses --notify: default, sampled[:N], never, every:N.</summary>
    public BenchSettings WithNotify(string text) => WithNotify(NotifyRequest.Parse(text));

    /// <summary>These settings with the producer notifying as <paramref name="rule"/> says; a rule without a count keeps the settings' own.</summary>
    public BenchSettings WithNotify(NotifyRequest rule) => rule.Mode switch
    {
        NotifyMode.Sampled => this with { Notify = rule.Mode, SampleRate = rule.Count ?? SampleRate },
        NotifyMode.Every => this with { Notify = rule.Mode, WakeupEvery = rule.Count ?? WakeupEvery },
        _ => this with { Notify = rule.Mode },
    };

    public ProducerConfig ToProducerConfig() => new(
        BatchCount, UseOutput, Notify, Sampled ? (ulong)SampleRate * RecordSpanBytes : 0, RingSizeBytes, AttachOrder)
    {
        StampEvery = TimeOrder ? 1 : (uint)LatencySampleEvery,
        WakeupEvery = Notify == NotifyMode.Every ? WakeupEvery : 0,
        Buffer = Buffer,
        Shards = (uint)Shards,
    };

    /// <summary>Checks every knob; throws a usage error naming the first bad one.</summary>
    public BenchSettings Validate()
    {
        int page = LibC.PageSize;
        Require(WarmupSeconds >= 0, $"warm-up must be 0 or more seconds (got {WarmupSeconds})");
        Require(DurationSeconds >= 1, $"duration must be at least 1 second (got {DurationSeconds})");
        Require(Producers >= 1, $"producers must be at least 1 (got {Producers})");
        Require(Producers <= 1024, $"producers must be at most 1024 (got {Producers})");
        Require(BatchCount >= 1, "batch count must be at least 1");
        Require(BatchCount <= 100_000, $"batch count must be at most 100000 (got {BatchCount}): the verifier bounds the producer's loop");
        Require(SampleRate >= 1, "sample rate must be at least 1");
        Require(WakeupEvery >= 1, "records per forced wake-up must be at least 1");
        Require(Enum.IsDefined(Notify), $"unknown notification mode {(uint)Notify}");
        Require(RingSizeBytes >= page && (RingSizeBytes & (RingSizeBytes - 1)) == 0 && RingSizeBytes % page == 0,
            $"ring size must be a power of two and a multiple of the page size {page} (got {RingSizeBytes})");
        Require(!BackToBack || Producers == 1, "back-to-back mode runs exactly one producer (-p 1)");
        Require(WaitTimeoutMs >= 1, $"wait timeout must be at least 1 ms (got {WaitTimeoutMs})");
        Require(LatencySampleEvery >= 0, $"latency sampling must be 0 (off) or every N >= 1 records (got {LatencySampleEvery})");
        Require(PaceMicroseconds >= 0, $"pace must be 0 (tight loop) or a positive number of microseconds (got {PaceMicroseconds})");
        Require(!BackToBack || PaceMicroseconds == 0, "back-to-back mode cannot be paced: the consumer drives the producer");
        Require(Neighbours is >= 0 and <= 64, $"busy neighbours must be 0 to 64 threads (got {Neighbours})");
        Require(NeighbourCpus is null || Neighbours > 0, "neighbour CPUs given without any neighbours (--neighbours N)");
        int cpus = Environment.ProcessorCount;
        foreach (int cpu in (ProducerCpus ?? []).Concat(ConsumerCpus ?? []).Concat(NeighbourCpus ?? []))
            Require(cpu >= 0 && cpu < cpus, $"CPU {cpu} does not exist: this machine has CPUs 0-{cpus - 1}");
        Require(AttachOrder.Count > 0, "at least one attach mode is needed");
        Require(ShardCount is >= 0 and <= 1024, $"shards must be 1 to 1024, or 0 for one per CPU (got {ShardCount})");
        Require(!Sharded || Buffer == EventBuffer.Ring, "sharded rings are ring buffers: not with the perf buffer");
        Require(!TimeOrder || Sharded, "a time-order merge needs sharded rings");
        Require(!TimeOrder || LatencySampleEvery == 0, "a time-order merge stamps every record itself: not with latency sampling");
        Require(PerfBufferPages >= 1 && (PerfBufferPages & (PerfBufferPages - 1)) == 0,
            $"perf buffer pages per CPU must be a power of two (got {PerfBufferPages})");
        // bench_ringbufs.c refuses the same: a wake-up every N samples of a batch smaller than N.
        Require(Buffer != EventBuffer.Perf || !Sampled || SampleRate <= BatchCount,
            $"perf buffer: sample rate {SampleRate} is above the batch count {BatchCount} (the kernel bench refuses this too)");
        return this;
    }

    private static void Require(bool condition, string message)
    {
        if (!condition)
            throw new RingbenchException(ExitCode.Usage, message);
    }
}
