using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>The stress mode's stall forensics on a ring whose state is set by hand: what it records, and what it does not call a stall.</summary>
public class StallRecorderTests
{
    private const uint RingSize = 4096;

    [Fact]
    public void ATimeoutWithCommittedRecordsWaitingIsAStallWithTheRingAsFound()
    {
        using var ring = new InMemoryRing(RingSize);
        var recorder = new StallRecorder(ring.View);
        Assert.Null(recorder.Look(WaitOutcome.Woken)); // a wake-up with producer_pos at 0
        ring.Write(new byte[8]);
        ring.Write(new byte[8]); // two committed records of 8 + 8 bytes: producer_pos 32

        StallState? look = recorder.Look(WaitOutcome.TimedOut);
        Assert.NotNull(look);
        StallState state = look.Value;
        Assert.Equal(32UL, state.ProducerPosition);
        Assert.Equal(0UL, state.ConsumerPosition);
        Assert.Equal(8U, state.HeaderWord); // the first record's length, BUSY and DISCARD clear
        Assert.False(state.HeaderBusy);
        Assert.Equal(32UL, state.PendingBytes);
        Assert.Equal(32UL, state.BytesCommittedSinceWakeup);
        recorder.Drained(look, consumed: 2);
        Assert.Equal(2, Assert.Single(recorder.Stalls).RecordsFound);
    }

    [Fact]
    public void ATimeoutThatFindsNothingOrAWakeupIsNoStall()
    {
        using var ring = new InMemoryRing(RingSize);
        var recorder = new StallRecorder(ring.View);
        Assert.Null(recorder.Look(WaitOutcome.Woken));
        StallState? idle = recorder.Look(WaitOutcome.TimedOut);
        Assert.Equal(0U, idle!.Value.HeaderWord); // nothing pending: no header read
        recorder.Drained(idle, consumed: 0);
        Assert.Empty(recorder.Stalls);
    }

    [Fact]
    public void AReservedRecordNotYetCommittedShowsBusy()
    {
        using var ring = new InMemoryRing(RingSize);
        var recorder = new StallRecorder(ring.View);
        ulong position = ring.Reserve(8)!.Value; // reserved, BUSY, not committed
        StallState state = recorder.Look(WaitOutcome.TimedOut)!.Value;
        Assert.True(state.HeaderBusy);
        Assert.Equal(position, state.ConsumerPosition);
        Assert.Equal(16UL, state.PendingBytes);
    }
}
