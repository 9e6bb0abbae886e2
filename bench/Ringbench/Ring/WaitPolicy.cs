namespace Ringbench.Ring;

/// <summary>What ended a wait.</summary>
public enum WaitOutcome
{
    /// <summary>The ring was reported readable.</summary>
    Woken,
    /// <summary>The timeout ran out with no event.</summary>
    TimedOut,
    /// <summary>A signal interrupted the wait (EINTR); neither a wake-up nor a timeout.</summary>
    Interrupted,
}

/// <summary>
/// How the consumer waits for data after a drain comes up empty: the second policy axis of
/// the variants. A struct the consumer holds by value, so the call is direct and inlinable.
/// Every wait is bounded, so a lost wake-up shows up as a counted stall, never a hang.
/// </summary>
public interface IWaitPolicy<TSelf> : IDisposable where TSelf : struct, IWaitPolicy<TSelf>
{
    static abstract string Name { get; }

    /// <summary>Prepares to wait on <paramref name="fd"/> (the ring map's fd, or the simulation's eventfd) for <paramref name="ring"/>.</summary>
    static abstract TSelf Create(int fd, RingView ring);

    WaitOutcome Wait(int timeoutMs);
}
