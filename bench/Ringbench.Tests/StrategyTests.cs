using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>The wait and notification strategies beyond the patch, and the ceiling: parsing, policies, and runs on the simulation.</summary>
[Collection(PinnedCpusCollection.Name)]
public class StrategyTests
{
    private static VariantRun RunSimulated(ConsumerVariant variant, string scenario = "parallel") =>
        SimulationTests.RunSimulated(variant, scenario);

    [SkippableTheory]
    [InlineData("timed-100us", "timed poll 100us")]
    [InlineData("timed-1ms", "timed poll 1ms")]
    [InlineData("timed-0us", "busy poll")]
    [InlineData("hybrid-50us", "spin 50us then epoll-edge")]
    [InlineData("hybrid-yield-20us", "yield 20us then epoll-edge")]
    [InlineData("libbpf-timed-250us", "libbpf consume every 250us")]
    [InlineData("ceiling", "adaptive timed poll 10us-1ms")]
    public void StrategyNamesParseIntoVariantsThatSayHowTheyWait(string name, string waitStrategy)
    {
        ConsumerVariant v = Assert.Single(ConsumerVariants.Parse(name));
        Assert.Equal(name, v.Name);
        Assert.Equal(waitStrategy, v.Traits.Wait);
        Assert.Equal(name == "ceiling", v.Traits.Kind == ConsumerKind.Ceiling);
    }

    [SkippableTheory]
    [InlineData("timed-")]
    [InlineData("timed-10s")]
    [InlineData("hybrid-x")]
    [InlineData("timed-99999999ms")]
    public void MalformedStrategyNamesAreUsageErrors(string name)
    {
        var e = Assert.Throws<RingbenchException>(() => ConsumerVariants.Parse(name));
        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains(name, e.Message);
    }

    [SkippableFact]
    public void StrategiesPresetHoldsTheIssuesComparisonWithTheCeilingLast()
    {
        Assert.Equal(["lt-release", "et-seqcst", "timed-100us", "timed-1ms", "hybrid-50us", "ceiling"],
            ConsumerVariants.Parse("strategies").Select(v => v.Name));
        Assert.Equal(["lt-release", "timed-1ms", "ceiling"],
            ConsumerVariants.Parse("ceiling,lt-release,timed-1ms").Select(v => v.Name).OrderBy(v => ConsumerVariants.TraitsOf(v).OrderKey));
    }

    [SkippableTheory]
    [InlineData("ceiling")]
    [InlineData("timed-100us")]
    [InlineData("libbpf-timed-1ms")]
    public void TimedStrategiesTurnTheProducersWakeupsOff(string name)
    {
        var sampled = new BenchSettings { Sampled = true };
        Assert.Equal(NotifyMode.Never, ConsumerVariants.Parse(name)[0].ProducerSide(sampled).Notify);
        Assert.Equal(NotifyMode.Sampled, ConsumerVariants.EdgeSeqCst.ProducerSide(sampled).Notify);
        Assert.Equal(NotifyMode.Default, ConsumerVariants.Parse("hybrid-50us")[0].ProducerSide(new BenchSettings()).Notify);
    }

    [SkippableFact]
    public void PlusNotifyNamesAProducerSideStrategy()
    {
        ConsumerVariant v = Assert.Single(ConsumerVariants.Parse("et-seqcst+every:500"));
        Assert.Equal("et-seqcst+every:500", v.Name);
        BenchSettings s = v.ProducerSide(new BenchSettings { Sampled = true });
        Assert.Equal((NotifyMode.Every, 500u), (s.Notify, s.WakeupEvery));
        Assert.Equal(ConsumerVariants.EdgeSeqCst.Traits.OrderKey, v.Traits.OrderKey);
        Assert.Equal("every:500", v.Traits.Notify.ToString());
        Assert.Equal(NotifyMode.Sampled, ConsumerVariants.Parse("lt-release+sampled:50")[0].ProducerSide(new BenchSettings()).Notify);
    }

    [SkippableTheory]
    [InlineData("timed-1ms+every:5", "turns the producer's wake-ups off itself")]
    [InlineData("ceiling+default", "turns the producer's wake-ups off itself")]
    [InlineData("et-seqcst+often", "unknown notification 'often'")]
    public void PlusNotifyRefusesWhatCannotBe(string name, string message)
    {
        var e = Assert.Throws<RingbenchException>(() => ConsumerVariants.Parse(name));
        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains(message, e.Message);
    }

    [SkippableTheory]
    [InlineData("default", NotifyMode.Default, "default")]
    [InlineData("never", NotifyMode.Never, "never")]
    [InlineData("sampled:100", NotifyMode.Sampled, "sampled:100")]
    [InlineData("sampled", NotifyMode.Sampled, "sampled:500")]
    [InlineData("every:64", NotifyMode.Every, "every:64")]
    public void NotifyOptionParsesAndRecordsAsItIsSpelled(string text, NotifyMode mode, string recorded)
    {
        BenchSettings s = new BenchSettings().WithNotify(text).Validate();
        Assert.Equal(mode, s.Notify);
        Assert.Equal(recorded, s.NotifyText);
        Assert.Equal(mode == NotifyMode.Every ? 64UL : 0UL, s.ToProducerConfig().WakeupEvery);
    }

    [SkippableTheory]
    [InlineData("every")]
    [InlineData("every:0")]
    [InlineData("never:3")]
    [InlineData("sometimes")]
    public void BadNotifyIsAUsageError(string text)
    {
        var e = Assert.Throws<RingbenchException>(() => new BenchSettings().WithNotify(text));
        Assert.Equal(ExitCode.Usage, e.ExitCode);
    }

    [SkippableFact]
    public unsafe void AdaptivePollHalvesItsIntervalWhenTheRingFillsAndDoublesWhenItIsEmpty()
    {
        using var ring = new InMemoryRing(64 * 1024);
        var setup = new ConsumerSetup(ring.View, -1, ConsumerSetup.NewCounters(), 100, false)
        {
            Tuning = new WaitTuning(TimeSpan.FromMicroseconds(10), TimeSpan.FromMicroseconds(80), TimeSpan.Zero),
        };
        TimedPoll poll = TimedPoll.Create(setup);
        Assert.Equal(TimeSpan.FromMicroseconds(80), poll.Interval);
        // Half the ring pending (more than a quarter): each look halves, down to the minimum.
        for (int i = 0; i < 2048; i++)
            Assert.True(ring.Write(new byte[8]));
        Assert.Equal(WaitOutcome.Polled, poll.Wait(100));
        Assert.Equal(TimeSpan.FromMicroseconds(40), poll.Interval);
        for (int i = 0; i < 5; i++)
            poll.Wait(100);
        Assert.Equal(TimeSpan.FromMicroseconds(10), poll.Interval);
        // Drained: each look doubles, up to the maximum.
        long records = 0;
        RingDrain.DrainAvailable<ReleaseStore>(ring.View, ref records);
        Assert.Equal(2048, records);
        for (int i = 0; i < 5; i++)
            poll.Wait(100);
        Assert.Equal(TimeSpan.FromMicroseconds(80), poll.Interval);
    }

    [SkippableFact]
    public void FixedPollKeepsItsInterval()
    {
        using var ring = new InMemoryRing(4096);
        for (int i = 0; i < 200; i++)
            ring.Write(new byte[8]);
        var setup = new ConsumerSetup(ring.View, -1, ConsumerSetup.NewCounters(), 100, false) { Tuning = WaitTuning.FixedPoll(TimeSpan.FromMicroseconds(20)) };
        TimedPoll poll = TimedPoll.Create(setup);
        poll.Wait(100);
        Assert.Equal(TimeSpan.FromMicroseconds(20), poll.Interval);
    }

    [SkippableFact]
    public void PolledWaitsAreCountedAsPollsNeverAsStalls()
    {
        var c = new ConsumerCounters();
        c.CountWait(WaitOutcome.Polled, consumed: 10);
        c.CountWait(WaitOutcome.Polled, consumed: 0);
        Assert.Equal((2L, 0L, 0L, 0L), (c.Polls, c.Wakeups, c.Timeouts, c.Stalls));
    }

    public static TheoryData<string> Strategies => new() { "ceiling", "timed-100us", "timed-0us", "hybrid-50us", "hybrid-0us", "hybrid-yield-50us" };

    [SkippableTheory]
    [MemberData(nameof(Strategies))]
    public void StrategiesComposeWithTheStoreAndTriggerPoliciesAndLoseNothing(string name)
    {
        ConsumerVariant variant = ConsumerVariants.Parse(name)[0];
        VariantRun run = RunSimulated(variant);
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.Equal(0, run.TotalStalls);
        Assert.Equal(variant.Traits.Wait, run.WaitStrategy);
        ResultRow row = ResultRow.From(run);
        if (variant.ProducerSide(new BenchSettings()).Notify == NotifyMode.Never)
        {
            // Nobody notifies a timed poll: every look is its own.
            Assert.Equal("never", row.Notify);
            Assert.Equal(0, row.Wakeups);
            Assert.True(row.Polls > 0, "a timed poll that never polled");
        }
    }

    [SkippableFact]
    public void CeilingDrainsRightAfterEachBatchInBackToBackMode()
    {
        VariantRun run = RunSimulated(ConsumerVariants.Ceiling, "b2b");
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed >= 500, run.Integrity.ToString());
        Assert.Equal(0, run.Integrity.Dropped);
        ResultRow row = ResultRow.From(run);
        Assert.True(row.IsCeiling);
        // One look per batch the consumer triggers itself (the two counters are sampled a moment
        // apart), and no sleep between: with one batch pending (1/64 of the ring) the adaptive
        // timer would sit at its 1 ms maximum, 1,000 looks a second at most. Unloaded this runs
        // at ~17,000 a second; the bound leaves room for a busy test machine.
        Assert.InRange(row.Polls, row.ProducerTriggers * 0.99 - 10, row.ProducerTriggers * 1.01 + 10);
        Assert.True(row.Polls / run.Measured.Sum(s => s.ElapsedSeconds) > 2000, $"{row.Polls} polls: the ceiling slept in back-to-back mode");
    }

    [SkippableFact]
    public void EveryNRuleForcesAWakeupOnOneRecordInN()
    {
        using var p = new SimulatedProducer(new ProducerConfig(100, false, NotifyMode.Every, 0, 4096, [AttachMode.Simulated]) { WakeupEvery = 25 });
        p.WriteBatch();
        Assert.Equal(4, p.WakeupsSent);
    }
}
