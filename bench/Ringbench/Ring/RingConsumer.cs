namespace Ringbench.Ring;

/// <summary>
/// The C# port of libbpf's ring consumer, generic over the two decisions the patch changed:
/// how consumer_pos is stored (<typeparamref name="TStore"/>) and how the consumer waits
/// (<typeparamref name="TWait"/>), plus what it does with a record beyond counting it
/// (<typeparamref name="TSink"/>: nothing, or sampling delivery latency). All are structs,
/// so each combination is JIT-compiled into its own straight-line loop: no virtual call, no
/// allocation, no branch on configuration per record.
/// </summary>
public sealed class RingConsumer<TStore, TWait, TSink> : IRingConsumer
    where TStore : struct, IPublicationPolicy
    where TWait : struct, IWaitPolicy<TWait>
    where TSink : struct, IRecordSink
{
    private readonly RingView _ring;
    private readonly ConsumerCounters[] _counters;
    private readonly int _timeoutMs;
    private readonly bool _backToBack;
    private readonly Action _trigger;
    private readonly StallRecorder? _stalls;
    private TWait _wait;
    private TSink _sink;
    private PublicationState _publication;
    private readonly int _bound;
    private volatile bool _stopRequested;

    public RingConsumer(ConsumerSetup setup, TSink sink)
    {
        _sink = sink;
        _ring = setup.Ring;
        _counters = setup.Counters;
        _timeoutMs = setup.WaitTimeoutMs;
        _backToBack = setup.BackToBack;
        _trigger = setup.Trigger ?? (() => { });
        _stalls = setup.Stalls;
        _bound = setup.RecordBound;
        _wait = TWait.Create(setup);
    }

    public static string Describe => $"{TWait.Name} wait, {TStore.Ordering.Text()} store of consumer_pos";

    /// <summary>This consumer stops a call at <see cref="ConsumerSetup.RecordBound"/> records.</summary>
    public bool StopsAtRecordBound => true;

    public void Run()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            WaitOutcome outcome = _wait.Wait(_timeoutMs);
            // Once per wait, never per record; null outside the stress mode.
            StallState? look = _stalls?.Look(outcome);
            // Drained after every wait, a timed-out one too. libbpf's ring_buffer__poll consumes
            // only the rings epoll reported, so after a timeout it leaves records in the ring;
            // ringbench drains them on purpose, so a lost wake-up costs one timeout, not the run,
            // and is counted as a stall (and the native variants do the same with a consume).
            long consumed = Drain(ref counters.Records);
            _stalls?.Drained(look, consumed);
            counters.CountWait(outcome, consumed);
            if (_backToBack)
            {
                // libbpf's flavour of back-to-back: poll first, then trigger the next batch.
                counters.ConsumerTriggers++;
                _trigger();
            }
        }
    }

    public void RequestStop() => _stopRequested = true;

    public long DrainRemaining()
    {
        long total = 0, consumed;
        while ((consumed = Drain(ref _counters[0].Records)) > 0)
            total += consumed;
        return total;
    }

    /// <summary>One drain after a wait: unbounded, or bounded calls until one finds nothing (chosen per wait, never per record).</summary>
    private long Drain(ref long records) => _bound > 0
        ? RingDrain.DrainInBoundedCalls<TStore, TSink>(in _ring, ref records, ref _sink, ref _publication, _bound)
        : RingDrain.DrainAvailable<TStore, TSink, Unbounded>(in _ring, ref records, ref _sink, ref _publication, 0);

    public void Dispose() => _wait.Dispose();
}
