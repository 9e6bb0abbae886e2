using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// Sleeps between drains instead of waiting for the kernel: the producer asks for no wake-ups
/// (BPF_RB_NO_WAKEUP), so no commit pays for irq_work and no drain pays for epoll. The cost is
/// latency: a record waits up to one interval (plus the scheduler's timer slack) to be seen.
/// <para>
/// With <see cref="WaitTuning.PollMin"/> = <see cref="WaitTuning.PollMax"/> the interval is
/// fixed. With a range it adapts to keep the ring from overflowing: after each sleep it looks at
/// how much is pending and halves the interval when that passes a quarter of the ring (leaving
/// room for a drain three times as late), doubles it when it is under a sixteenth. This is how
/// the ceiling row drains: as rarely as it can afford without dropping, because a drain that
/// trails the producer closely reads cache lines the producer is still writing. An interval of
/// zero never sleeps (a busy poll).
/// </para>
/// </summary>
public unsafe struct TimedPoll : IWaitPolicy<TimedPoll>
{
    private RingView _ring;
    private long _intervalNs, _minNs, _maxNs;

    public static string Name => "timed";

    public static TimedPoll Create(ConsumerSetup setup) => new()
    {
        _ring = setup.Ring,
        _minNs = Nanoseconds(setup.Tuning.PollMin),
        _maxNs = Nanoseconds(setup.Tuning.PollMax),
        _intervalNs = Nanoseconds(setup.Tuning.PollMax),
    };

    /// <summary>The interval the next wait will sleep.</summary>
    public readonly TimeSpan Interval => TimeSpan.FromTicks(_intervalNs / 100);

    /// <summary>Sleeps one interval, ignoring <paramref name="timeoutMs"/>: nothing wakes this wait early.</summary>
    public WaitOutcome Wait(int timeoutMs)
    {
        if (_intervalNs > 0)
        {
            var request = new LibC.TimeSpec { Seconds = _intervalNs / 1_000_000_000, Nanoseconds = _intervalNs % 1_000_000_000 };
            if (LibC.clock_nanosleep(LibC.ClockMonotonic, 0, &request, null) == LibC.Eintr)
                return WaitOutcome.Interrupted;
        }
        if (_minNs != _maxNs)
            Adapt();
        return WaitOutcome.Polled;
    }

    private void Adapt()
    {
        // Acquire pairs with the producer's release store of producer_pos; consumer_pos is our
        // own. Only a size estimate: records committed after this load are drained anyway.
        ulong pending = Volatile.Read(ref *_ring.ProducerPosition) - *_ring.ConsumerPosition;
        if (pending > _ring.DataSize / 4)
            _intervalNs = Math.Max(_minNs, _intervalNs / 2);
        else if (pending < _ring.DataSize / 16)
            _intervalNs = Math.Min(_maxNs, _intervalNs * 2);
    }

    private static long Nanoseconds(TimeSpan t) => (long)(t.TotalMicroseconds * 1000);

    public readonly void Dispose() { }
}
