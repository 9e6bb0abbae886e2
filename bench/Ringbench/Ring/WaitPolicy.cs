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
    /// <summary>
    /// The consumer looks on its own, unnotified: its poll timer expired, or it saw data while
    /// spinning. Neither a wake-up nor a timeout, so never a stall.
    /// </summary>
    Polled,
}

/// <summary>
/// The knobs of the wait strategies that have any: how long a timed poll sleeps (a range when
/// it adapts the interval to the ring's fill), and how long a hybrid spins before it sleeps.
/// </summary>
public sealed record WaitTuning(TimeSpan PollMin, TimeSpan PollMax, TimeSpan Spin)
{
    public static readonly WaitTuning None = new(TimeSpan.Zero, TimeSpan.Zero, TimeSpan.Zero);

    public static WaitTuning FixedPoll(TimeSpan interval) => new(interval, interval, TimeSpan.Zero);

    public static WaitTuning SpinFor(TimeSpan spin) => new(TimeSpan.Zero, TimeSpan.Zero, spin);
}

/// <summary>
/// How the consumer waits for data after a drain comes up empty: the second policy axis of
/// the variants. A struct the consumer holds by value, so the call is direct and inlinable.
/// Every wait is bounded, so a lost wake-up shows up as a counted stall, never a hang.
/// </summary>
public interface IWaitPolicy<TSelf> : IDisposable where TSelf : struct, IWaitPolicy<TSelf>
{
    static abstract string Name { get; }

    /// <summary>Prepares to wait on the setup's fd (the ring map's, or the simulation's eventfd) for its ring.</summary>
    static abstract TSelf Create(ConsumerSetup setup);

    WaitOutcome Wait(int timeoutMs);
}
