namespace Ringbench.Results;

/// <summary>
/// One per-second sample of a run: how long the interval really lasted and what happened in
/// it. Counts, not rates, so statistics can be recomputed from the CSV.
/// </summary>
public sealed record Sample(
    int Index,
    bool IsWarmup,
    double ElapsedSeconds,
    long Records,
    long Drops,
    long Triggers,
    long Waits,
    long Wakeups,
    long EmptyWakeups,
    long Timeouts,
    long Stalls,
    long Polls = 0)
{
    /// <summary>Records consumed per second, in millions (the kernel bench's "hits").</summary>
    public double ThroughputMps => Records / ElapsedSeconds / 1e6;

    /// <summary>Records dropped per second, in millions.</summary>
    public double DropsMps => Drops / ElapsedSeconds / 1e6;
}
