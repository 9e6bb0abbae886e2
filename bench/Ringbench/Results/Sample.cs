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
    /// <summary>Records consumed in the first half of the interval (-1 where not recorded: folders before schema 5).</summary>
    public long FirstHalfRecords { get; init; } = -1;

    /// <summary>How long the first half lasted, in seconds.</summary>
    public double FirstHalfSeconds { get; init; }

    /// <summary>
    /// log(rate in the first half / rate in the second half), or NaN where either half consumed
    /// nothing or no halves were recorded. Its variance over a run's seconds is four times the
    /// variance of log(one second's rate) when halves are independent (Analysis/RunLength.cs).
    /// </summary>
    public double HalfLogRatio
    {
        get
        {
            long second = Records - FirstHalfRecords;
            double secondSeconds = ElapsedSeconds - FirstHalfSeconds;
            return FirstHalfRecords > 0 && second > 0 && FirstHalfSeconds > 0 && secondSeconds > 0
                ? Math.Log(FirstHalfRecords / FirstHalfSeconds) - Math.Log(second / secondSeconds) : double.NaN;
        }
    }

    /// <summary>Records consumed per second, in millions (the kernel bench's "hits").</summary>
    public double ThroughputMps => Records / ElapsedSeconds / 1e6;

    /// <summary>Records dropped per second, in millions.</summary>
    public double DropsMps => Drops / ElapsedSeconds / 1e6;
}
