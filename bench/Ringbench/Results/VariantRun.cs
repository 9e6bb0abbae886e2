using Ringbench.Kernel;
using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>Everything one scenario x variant run produced: its samples, accounting and timing.</summary>
public sealed record VariantRun(
    Scenario Scenario,
    string Variant,
    BenchSettings Settings,
    AttachMode AttachMode,
    IReadOnlyList<Sample> Samples,
    Integrity Integrity,
    long TotalStalls,
    long TotalWakeups,
    double ConsumerUserSeconds,
    double ConsumerSystemSeconds,
    DateTimeOffset StartedAt,
    double SetupSeconds,
    double TeardownSeconds,
    bool Interrupted)
{
    /// <summary>Which repetition of the scenario this was (0-based).</summary>
    public int Trial { get; init; }

    /// <summary>The ring as each stall found it (stress mode only; null otherwise).</summary>
    public IReadOnlyList<Ring.StallState>? StallStates { get; init; }

    /// <summary>Where this variant ran in the trial's rotated order (0 = first).</summary>
    public int OrderPosition { get; init; }

    /// <summary>The variant's kind, store, trigger, wait and notification (by default the catalog's variant of this name).</summary>
    public Ring.VariantTraits Traits
    {
        get => _traits ??= Ring.ConsumerVariants.TraitsOf(Variant);
        init => _traits = value;
    }

    private Ring.VariantTraits? _traits;

    /// <summary>How the consumer waited (the variant's wait strategy, in words).</summary>
    public string WaitStrategy => Traits.Wait;

    /// <summary>The run is the ceiling reference, not a consumer to choose.</summary>
    public bool IsCeiling => Traits.Kind == Ring.ConsumerKind.Ceiling;

    /// <summary>What the run cost the producer and the consumer (null where not measured).</summary>
    public RunCosts? Costs { get; init; }

    /// <summary>Samples the kernel reported lost to a perf buffer consumer (PERF_RECORD_LOST); 0 elsewhere.</summary>
    public long LostReported { get; init; }

    /// <summary>With a time-order merge: the records it emitted (every consumed record, once) and those it emitted out of order.</summary>
    public long Merged { get; init; }

    public long OutOfOrder { get; init; }

    /// <summary>Delivery latency, when the run measured it.</summary>
    public LatencyStatistics? Latency { get; init; }

    /// <summary>The samples after warm-up: what the statistics are taken over.</summary>
    public IReadOnlyList<Sample> Measured => Samples.Where(s => !s.IsWarmup).ToList();

    public SummaryStatistics Throughput => SummaryStatistics.Of(Measured.Select(s => s.ThroughputMps).ToList());

    public SummaryStatistics Drops => SummaryStatistics.Of(Measured.Select(s => s.DropsMps).ToList());

    /// <summary>Stalls in the measured seconds.</summary>
    public long MeasuredStalls => Measured.Sum(s => s.Stalls);

    /// <summary>Records per wake-up over the measured seconds (NaN with no wake-ups).</summary>
    public double RecordsPerWakeup
    {
        get
        {
            long wakeups = Measured.Sum(s => s.Wakeups);
            return wakeups == 0 ? double.NaN : (double)Measured.Sum(s => s.Records) / wakeups;
        }
    }

    /// <summary>The hook the producer ran on, as results.csv and the run's text spell it.</summary>
    public string AttachText => AttachMode switch
    {
        Kernel.AttachMode.Fentry => "fentry",
        Kernel.AttachMode.RawTracepoint => "raw_tp",
        _ => "sim",
    };
}
