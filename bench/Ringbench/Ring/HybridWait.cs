using System.Diagnostics;

namespace Ringbench.Ring;

/// <summary>What a hybrid wait does between two looks at producer_pos.</summary>
public interface ISpinPause
{
    static abstract string Name { get; }

    static abstract void Pause();
}

/// <summary>A few pause instructions: stays on the CPU, reads the producer's cache line less often.</summary>
public readonly struct SpinPause : ISpinPause
{
    public static string Name => "spin";

    public static void Pause() => Thread.SpinWait(8);
}

/// <summary>sched_yield: gives the CPU to a runnable producer that shares it, then looks again.</summary>
public readonly struct YieldPause : ISpinPause
{
    public static string Name => "yield";

    public static void Pause() => Thread.Yield();
}

/// <summary>
/// Looks at producer_pos for up to <see cref="WaitTuning.Spin"/>, pausing between looks as
/// <typeparamref name="TPause"/> says, before falling back to <typeparamref name="TFallback"/>
/// (epoll): data that arrives within the spin is taken without a wake-up, and an idle ring still
/// costs no CPU. Spinning reads only producer_pos, so it does not fight the producer for the
/// consumer_pos cache line the way a drain-every-record busy poll does.
/// </summary>
public unsafe struct HybridWait<TFallback, TPause> : IWaitPolicy<HybridWait<TFallback, TPause>>
    where TFallback : struct, IWaitPolicy<TFallback>
    where TPause : struct, ISpinPause
{
    private TFallback _fallback;
    private RingView _ring;
    private long _spinTicks;

    public static string Name => $"{TPause.Name}-then-{TFallback.Name}";

    public static HybridWait<TFallback, TPause> Create(ConsumerSetup setup) => new()
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
            TPause.Pause();
        } while (Stopwatch.GetTimestamp() < deadline);
        // Nothing came: sleep as the fallback does. Safe for the same reason its variant is: our
        // last drain ended with its own store of consumer_pos and load of producer_pos.
        return _fallback.Wait(timeoutMs);
    }

    public void Dispose() => _fallback.Dispose();
}
