using Ringbench.Ring;

namespace Ringbench.Tests;

public class ConsumerCountersTests
{
    [Fact]
    public void TimeoutWithRecordsWaitingIsAStall()
    {
        var c = new ConsumerCounters();
        c.CountWait(WaitOutcome.TimedOut, consumed: 3);
        c.CountWait(WaitOutcome.TimedOut, consumed: 0);
        Assert.Equal(2, c.Timeouts);
        Assert.Equal(1, c.Stalls);
        Assert.Equal(0, c.Wakeups);
    }

    [Fact]
    public void WakeupThatFindsNothingIsAnEmptyWakeupNotAStall()
    {
        var c = new ConsumerCounters();
        c.CountWait(WaitOutcome.Woken, consumed: 0);
        c.CountWait(WaitOutcome.Woken, consumed: 5);
        c.CountWait(WaitOutcome.Interrupted, consumed: 5);
        Assert.Equal(2, c.Wakeups);
        Assert.Equal(1, c.EmptyWakeups);
        Assert.Equal(0, c.Stalls);
        Assert.Equal(0, c.Timeouts);
    }

    [Fact]
    public void RecordCounterHasItsCacheLineToItself()
    {
        // The sampler reads Records while the consumer bumps it per record; the per-wait
        // counters must not share its line.
        Assert.Equal(0, (int)System.Runtime.InteropServices.Marshal.OffsetOf<ConsumerCounters>(nameof(ConsumerCounters.Records)));
        Assert.True((int)System.Runtime.InteropServices.Marshal.OffsetOf<ConsumerCounters>(nameof(ConsumerCounters.Waits)) >= 64);
    }
}
