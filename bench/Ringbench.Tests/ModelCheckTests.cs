using static Ringbench.Model.TsoWakeupModel;

namespace Ringbench.Tests;

/// <summary>The wake-up handshake, checked exhaustively under x86-TSO.</summary>
public class ModelCheckTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ModelCheckTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    [Fact]
    public void EdgeTriggeredWithReleaseStoreCanLeaveTheConsumerAsleepWithDataInTheRing()
    {
        Verdict v = Check(Store.Release, Trigger.Edge);
        Assert.True(v.CanLoseWakeup, "the checker should find the store-buffering trace");
        foreach (string step in v.LostWakeupTrace!)
            _output.WriteLine(step);
        // The trace is the store-buffering pattern: the consumer's store is still buffered
        // when the kernel reads consumer_pos, and the consumer read producer_pos before the
        // kernel's store drained.
        Assert.Contains(v.LostWakeupTrace!, s => s.StartsWith("consumer: load producer_pos -> 1"));
        Assert.Contains(v.LostWakeupTrace!, s => s.StartsWith("producer: load consumer_pos -> 0"));
        Assert.Contains(v.LostWakeupTrace!, s => s.Contains("no wake-up"));
    }

    [Theory]
    [InlineData(Store.SeqCst, Trigger.Edge)]
    [InlineData(Store.Release, Trigger.Level)]
    [InlineData(Store.SeqCst, Trigger.Level)]
    public void OtherVariantsNeverEndAsleepWithDataInTheRing(Store store, Trigger trigger)
    {
        Verdict v = Check(store, trigger);
        Assert.False(v.CanLoseWakeup, v.LostWakeupTrace is null ? "" : string.Join("\n", v.LostWakeupTrace));
        Assert.True(v.StatesExplored > 20, $"explored only {v.StatesExplored} states");
        Assert.True(v.FinalStates > 0);
    }
}
