using System.Diagnostics;

namespace Ringbench.Ring;

/// <summary>
/// What the ring looked like when a wait ran out with records waiting (a stall), taken before
/// the consumer drains: the two positions, the header word at consumer_pos, how long since the
/// consumer was last woken, and how far the producer got since that wake-up.
/// </summary>
public readonly record struct StallState(
    double AtSeconds, ulong ProducerPosition, ulong ConsumerPosition, uint HeaderWord,
    double MillisecondsSinceWakeup, ulong BytesCommittedSinceWakeup, long RecordsFound)
{
    public bool HeaderBusy => (HeaderWord & RecordHeader.BusyBit) != 0;

    public bool HeaderDiscarded => (HeaderWord & RecordHeader.DiscardBit) != 0;

    /// <summary>Bytes between the consumer and the producer when the wait ran out.</summary>
    public ulong PendingBytes => ProducerPosition - ConsumerPosition;
}

/// <summary>
/// Stall forensics for the stress mode: told of every wait's outcome, it keeps the time and
/// producer_pos of the last wake-up, and after a timeout looks at the ring before the drain.
/// Opt-in (<see cref="ConsumerSetup.Stalls"/>): one clock read and one load per wait, never per record.
/// </summary>
public sealed unsafe class StallRecorder(RingView ring)
{
    private readonly RingView _ring = ring;
    private readonly List<StallState> _stalls = [];
    private readonly long _started = Stopwatch.GetTimestamp();
    private long _lastWakeup = Stopwatch.GetTimestamp();
    private ulong _producerAtWakeup;

    public IReadOnlyList<StallState> Stalls
    {
        get { lock (_stalls) return _stalls.ToList(); }
    }

    /// <summary>After a wait: remembers a wake-up; after a timeout, returns the ring as found (before the drain).</summary>
    public StallState? Look(WaitOutcome outcome)
    {
        long now = Stopwatch.GetTimestamp();
        if (outcome == WaitOutcome.Woken)
        {
            _lastWakeup = now;
            // Acquire, as the drain reads it: only a diagnostic, but it should not run ahead of the data.
            _producerAtWakeup = Volatile.Read(ref *_ring.ProducerPosition);
            return null;
        }
        if (outcome != WaitOutcome.TimedOut)
            return null;
        // The same loads the drain is about to make, in its order: producer_pos (acquire),
        // consumer_pos (our own last store), then the header at consumer_pos (acquire).
        ulong producer = Volatile.Read(ref *_ring.ProducerPosition);
        ulong consumer = *_ring.ConsumerPosition;
        uint header = consumer < producer ? Volatile.Read(ref *(uint*)(_ring.Data + (consumer & _ring.Mask))) : 0;
        return new StallState(Stopwatch.GetElapsedTime(_started, now).TotalSeconds, producer, consumer, header,
            Stopwatch.GetElapsedTime(_lastWakeup, now).TotalMilliseconds, producer - _producerAtWakeup, 0);
    }

    /// <summary>Keeps <paramref name="look"/> if the drain after it found records: that timeout was a stall.</summary>
    public void Drained(StallState? look, long consumed)
    {
        if (look is StallState state && consumed > 0)
        {
            lock (_stalls)
                _stalls.Add(state with { RecordsFound = consumed });
        }
    }
}
