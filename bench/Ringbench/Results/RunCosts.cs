namespace Ringbench.Results;

/// <summary>
/// What a run cost, and whom: the why behind its throughput. Taken over the whole time the
/// producers ran (warm-up included, like the integrity counts), from the kernel's BPF run-time
/// statistics, the threads' own rusage and /proc/interrupts. Counts, not rates, so results.csv
/// can be recomputed; the per-record and per-wake-up figures are derived here.
/// </summary>
public sealed record RunCosts
{
    /// <summary>Records the producer handled: consumed + dropped (what every per-record figure divides by).</summary>
    public long Records { get; init; }

    /// <summary>Wall seconds the producers ran.</summary>
    public double Seconds { get; init; }

    /// <summary>
    /// Nanoseconds the BPF producer ran; -1 where statistics were off. Every invocation counts: it
    /// is attached to every syscall's entry on the box and returns at once for all but the
    /// producer's getpgid, so this can exceed the producer threads' CPU time by the cost of those
    /// early exits (a few percent where the consumer makes many syscalls).
    /// </summary>
    public long BpfRunTimeNs { get; init; } = -1;

    /// <summary>Times the BPF producer ran; -1 where statistics were off.</summary>
    public long BpfRuns { get; init; } = -1;

    /// <summary>The producer threads' user + system CPU seconds (in back-to-back mode the consumer fires the batches, and pays for them).</summary>
    public double ProducerCpuSeconds { get; init; }

    public long ConsumerVoluntarySwitches { get; init; }
    public long ConsumerInvoluntarySwitches { get; init; }
    public double ConsumerCpuSeconds { get; init; }
    public long Wakeups { get; init; }

    /// <summary>irq work, rescheduling and function-call interrupts on the producers' CPUs (all CPUs when unpinned); -1 where not available.</summary>
    public long ProducerIrqWork { get; init; } = -1;
    public long ProducerRescheduling { get; init; } = -1;
    public long ConsumerIrqWork { get; init; } = -1;
    public long ConsumerRescheduling { get; init; } = -1;

    /// <summary>Why a counter is missing ("" when every one was read).</summary>
    public string Unavailable { get; init; } = "";

    public double BpfNsPerRecord => BpfRunTimeNs >= 0 && Records > 0 ? (double)BpfRunTimeNs / Records : double.NaN;

    public double ProducerCpuNsPerRecord => Records > 0 ? ProducerCpuSeconds * 1e9 / Records : double.NaN;

    public double ProducerIrqWorkPerThousand => ProducerIrqWork >= 0 && Records > 0 ? ProducerIrqWork * 1000.0 / Records : double.NaN;

    public double ProducerReschedulingPerThousand => ProducerRescheduling >= 0 && Records > 0 ? ProducerRescheduling * 1000.0 / Records : double.NaN;

    public double ConsumerIrqWorkPerThousand => ConsumerIrqWork >= 0 && Records > 0 ? ConsumerIrqWork * 1000.0 / Records : double.NaN;

    /// <summary>Context switches of the consumer thread per wake-up it took (NaN without wake-ups).</summary>
    public double SwitchesPerWakeup => Wakeups > 0 ? (double)(ConsumerVoluntarySwitches + ConsumerInvoluntarySwitches) / Wakeups : double.NaN;

    /// <summary>The share of the run the consumer thread was off its CPU: asleep in its wait, or preempted.</summary>
    public double ConsumerOffCpuShare => Seconds > 0 ? Math.Clamp(1 - ConsumerCpuSeconds / Seconds, 0, 1) : double.NaN;
}
