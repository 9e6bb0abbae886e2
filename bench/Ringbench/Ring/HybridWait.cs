using System.Diagnostics;

namespace Ringbench.Ring;

/// <summary>
/// Spins for up to <see cref="WaitTuning.Spin"/> watching producer_pos before falling back to
/// <typeparamref name="TFallback"/> (epoll): data that arrives within the spin is taken without
/// a wake-up, and an idle ring still costs no CPU. Spinning reads only producer_pos, with pauses
/// between reads, so it does not fight the producer for the consumer_pos cache line the way a
/// drain-every-record busy poll does.
/// </summary>
public unsafe struct HybridWait<TFallback> : IWaitPolicy<HybridWait<TFallback>> where TFallback : struct, IWaitPolicy<TFallback>
{
    private TFallback _fallback;
    private RingView _ring;
    private long _spinTicks;

    public static string Name => $"spin-then-{TFallback.Name}";

    public static HybridWait<TFallback> Create(ConsumerSetup setup) => new()
    {
        _fallback = TFallback.Create(setup),
        _ring = setup.Ring,
        _spinTicks = (long)(setup.Tuning.Spin.TotalSeconds * Stopwatch.Frequency),
    };

    public WaitOutcome Wait(int timeoutMs)
    {
        long deadline = Stopwatch.GetTimestamp() + _spinTicks;
        do
        {
            // Acquire: pairs with the kernel's release store of producer_pos at reserve time.
            // Ahead of our consumer_pos (our own, plain) means a record is reserved; the drain
            // that follows waits out its BUSY bit like any other.
            if (Volatile.Read(ref *_ring.ProducerPosition) != *_ring.ConsumerPosition)
                return WaitOutcome.Polled;
            Thread.SpinWait(8); // a few pause instructions: fewer reads of the producer's cache line
        } while (Stopwatch.GetTimestamp() < deadline);
        // Nothing came: sleep as the fallback does. Safe for the same reason its variant is: our
        // last drain ended with its own store of consumer_pos and load of producer_pos.
        return _fallback.Wait(timeoutMs);
    }

    public void Dispose() => _fallback.Dispose();
}
