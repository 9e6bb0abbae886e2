namespace Ringbench.Kernel;

/// <summary>When the BPF producer asks the kernel to wake the consumer (docs/bench-spec.md §3).</summary>
public enum NotifyMode : uint
{
    /// <summary>Flags 0: the kernel wakes the consumer when it has caught up with the record.</summary>
    Default = 0,
    /// <summary>FORCE_WAKEUP once wakeup_data_size bytes are pending, NO_WAKEUP otherwise.</summary>
    Sampled = 1,
    /// <summary>NO_WAKEUP on every commit.</summary>
    Never = 2,
    /// <summary>FORCE_WAKEUP on one record in <see cref="ProducerConfig.WakeupEvery"/>, NO_WAKEUP otherwise.</summary>
    Every = 3,
}

/// <summary>
/// Where the BPF producer writes its records: the BPF ring buffer, or the perf buffer the
/// kernel bench compares it with (one perf event ring per CPU, bpf_perf_event_output).
/// </summary>
public enum EventBuffer
{
    /// <summary>BPF_MAP_TYPE_RINGBUF: one ring shared by every producer CPU.</summary>
    Ring,
    /// <summary>BPF_MAP_TYPE_PERF_EVENT_ARRAY: one perf ring per CPU, woken every wakeup_events samples.</summary>
    Perf,
}

/// <summary>How the producer program is hooked to the trigger syscall.</summary>
public enum AttachMode
{
    /// <summary>fentry on the getpgid syscall function, as upstream.</summary>
    Fentry,
    /// <summary>raw tracepoint sys_enter, filtered by syscall number and tgid.</summary>
    RawTracepoint,
    /// <summary>No BPF at all: the in-process simulation of the kernel's producer (--backend sim).</summary>
    Simulated,
}

/// <summary>Everything the BPF producer is configured with before load.</summary>
public sealed record ProducerConfig(
    uint BatchCount,
    bool UseOutput,
    NotifyMode Notify,
    ulong WakeupDataSize,
    uint RingSizeBytes,
    IReadOnlyList<AttachMode> AttachOrder)
{
    /// <summary>Latency mode: one record in this many carries the CLOCK_MONOTONIC time it was written (0 = off).</summary>
    public uint StampEvery { get; init; }

    /// <summary>Every-N notification: one record in this many forces a wake-up (by ring position).</summary>
    public ulong WakeupEvery { get; init; }

    /// <summary>The ring buffer (default) or the per-CPU perf buffer.</summary>
    public EventBuffer Buffer { get; init; }

    /// <summary>Sharded rings: this many rings of <see cref="RingSizeBytes"/> each, a producer writing to its CPU's (cpu % shards); 0 = one shared ring.</summary>
    public uint Shards { get; init; }

    /// <summary>The payload of every record that carries no time stamp (the BPF program's sample_val).</summary>
    public const long UnstampedPayload = 42;
}
