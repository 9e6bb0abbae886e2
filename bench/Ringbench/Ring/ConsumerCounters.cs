using System.Runtime.InteropServices;

namespace Ringbench.Ring;

/// <summary>
/// What a consumer counts, cumulative from the start of a run. The consumer thread writes;
/// the sampler reads once a second. <see cref="Records"/> is bumped per record (atomically,
/// like the kernel bench's handler) and sits alone on its cache line; the per-wait counters
/// share the next line, written only by the consumer.
/// Lives in pinned memory: the native-libbpf callback increments Records through a pointer.
/// </summary>
[StructLayout(LayoutKind.Explicit, Size = 192)]
public struct ConsumerCounters
{
    /// <summary>Records consumed (discarded ones excluded).</summary>
    [FieldOffset(0)] public long Records;

    /// <summary>Calls to the wait (epoll_wait, ring_buffer__poll).</summary>
    [FieldOffset(64)] public long Waits;

    /// <summary>Waits that returned because the fd was reported readable.</summary>
    [FieldOffset(72)] public long Wakeups;

    /// <summary>Wake-ups after which there was nothing to consume.</summary>
    [FieldOffset(80)] public long EmptyWakeups;

    /// <summary>Waits that ran to their timeout.</summary>
    [FieldOffset(88)] public long Timeouts;

    /// <summary>
    /// Timeouts after which records were found waiting: a wake-up that should have come
    /// (or, with sampled/no notification, a producer that stopped short of the threshold).
    /// </summary>
    [FieldOffset(96)] public long Stalls;

    /// <summary>Batches the consumer triggered itself (back-to-back mode).</summary>
    [FieldOffset(104)] public long ConsumerTriggers;

    /// <summary>Looks the consumer took unnotified: poll-timer expiries, and spins that saw data.</summary>
    [FieldOffset(112)] public long Polls;

    /// <summary>
    /// Samples the kernel reported lost (PERF_RECORD_LOST, perf buffer only). The producer
    /// already counted each as a drop when its output failed; this is the consumer's view of
    /// the same losses, a cross-check, never added to the drops.
    /// </summary>
    [FieldOffset(120)] public long LostReported;

    /// <summary>Records the time-order merge of sharded rings emitted (only when the run merges).</summary>
    [FieldOffset(128)] public long Merged;

    /// <summary>Records the merge emitted older than one it had already emitted: the shards' own order broke by a few nanoseconds.</summary>
    [FieldOffset(136)] public long OutOfOrder;

    /// <summary>Books one wait: a wake-up (maybe an empty one), or a timeout (a stall if data was waiting).</summary>
    public void CountWait(WaitOutcome outcome, long consumed)
    {
        switch (outcome)
        {
            case WaitOutcome.Woken:
                Wakeups++;
                if (consumed == 0)
                    EmptyWakeups++;
                break;
            case WaitOutcome.TimedOut:
                Timeouts++;
                if (consumed > 0)
                    Stalls++;
                break;
            case WaitOutcome.Polled:
                Polls++;
                break;
        }
    }

    /// <summary>A snapshot that is safe to read from another thread.</summary>
    public static ConsumerCounters Snapshot(ref ConsumerCounters live) => new()
    {
        Records = Volatile.Read(ref live.Records),
        Waits = Volatile.Read(ref live.Waits),
        Wakeups = Volatile.Read(ref live.Wakeups),
        EmptyWakeups = Volatile.Read(ref live.EmptyWakeups),
        Timeouts = Volatile.Read(ref live.Timeouts),
        Stalls = Volatile.Read(ref live.Stalls),
        ConsumerTriggers = Volatile.Read(ref live.ConsumerTriggers),
        Polls = Volatile.Read(ref live.Polls),
        LostReported = Volatile.Read(ref live.LostReported),
        Merged = Volatile.Read(ref live.Merged),
        OutOfOrder = Volatile.Read(ref live.OutOfOrder),
    };
}
