using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>
/// producer-only: no consumer reads a record. The producer asks for no wake-ups, and this thread
/// only hands the space back, on the ceiling's adaptive timer, by moving consumer_pos up to
/// producer_pos, so what is measured is the producers' reserve/commit rate with nothing paid on
/// the consumer side: the upper bound of the producer side, beside the ceiling of the consumer
/// side. The kernel bench's --rb-bench-producer runs with no consumer at all in overwrite mode
/// (BPF_F_RB_OVERWRITE, kernel 6.19); this kernel has no overwrite mode, so without a release
/// the ring would fill and every reserve after it fail. Moving consumer_pos past records still
/// being written is safe since kernel 6.10 ("bpf: Fix overrunning reservations in ringbuf",
/// cfa1a2329a69): a reserve never overtakes the oldest busy record (rb->pending_pos), whatever
/// consumer_pos says. Records are counted from the bytes released: every record of ringbench's
/// producer takes <see cref="BenchSettings.RecordSpanBytes"/> of ring.
/// </summary>
public sealed unsafe class SpaceReleaser(ConsumerSetup setup) : IRingConsumer
{
    private readonly RingView _ring = setup.Ring;
    private readonly ConsumerCounters[] _counters = setup.Counters;
    private readonly int _timeoutMs = setup.WaitTimeoutMs;
    private readonly bool _backToBack = setup.BackToBack;
    private readonly Action _trigger = setup.Trigger ?? (() => { });
    private TimedPoll _timer = TimedPoll.Create(setup);
    private volatile bool _stopRequested;

    public void Run()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            WaitOutcome slept = _timer.Wait(_timeoutMs);
            counters.CountWait(slept, Release(ref counters));
            if (_backToBack)
            {
                counters.ConsumerTriggers++;
                _trigger();
            }
        }
    }

    /// <summary>Gives back everything reserved so far; returns the records it covered.</summary>
    private long Release(ref ConsumerCounters counters)
    {
        // Acquire: pairs with the kernel's smp_store_release of producer_pos in
        // __bpf_ringbuf_reserve; nothing of the records is read, so this is only for a position
        // that is really the kernel's. Plain load of consumer_pos: only this thread writes it.
        ulong producer = Volatile.Read(ref *_ring.ProducerPosition);
        ulong consumer = *_ring.ConsumerPosition;
        if (producer == consumer)
            return 0;
        // Release: there are no reads of the ring to order before it; the store must simply be
        // seen by the producers' next reserve, which reads consumer_pos with acquire.
        Volatile.Write(ref *_ring.ConsumerPosition, producer);
        long records = (long)((producer - consumer) / BenchSettings.RecordSpanBytes);
        Interlocked.Add(ref counters.Records, records);
        return records;
    }

    public void RequestStop() => _stopRequested = true;

    public long DrainRemaining() => Release(ref _counters[0]);

    public void Dispose() { }
}
