using Ringbench.Model;
using static Ringbench.Model.TsoWakeupModel;

namespace Ringbench.Tests;

/// <summary>The wake-up handshake of every consumer design, checked exhaustively under x86-TSO.</summary>
public class ModelCheckTests
{
    private readonly Xunit.Abstractions.ITestOutputHelper _output;

    public ModelCheckTests(Xunit.Abstractions.ITestOutputHelper output) => _output = output;

    private Verdict Checked(ConsumerDesign design, int? bound = null)
    {
        Verdict v = Check(design, bound);
        foreach (string step in v.LostWakeupTrace ?? [])
            _output.WriteLine(step);
        return v;
    }

    [Fact]
    public void EdgeTriggeredWithReleaseStoreCanLeaveTheConsumerAsleepWithDataInTheRing()
    {
        Verdict v = Checked(ConsumerDesigns.EdgeOnly);
        Assert.True(v.CanLoseWakeup, "the checker should find the store-buffering trace");
        // The store-buffering pattern: the consumer's store is still buffered when the kernel
        // reads consumer_pos, and the consumer read producer_pos before the kernel's store drained.
        Assert.Contains(v.LostWakeupTrace!, s => s.StartsWith("consumer: load producer_pos -> 1"));
        Assert.Contains(v.LostWakeupTrace!, s => s.StartsWith("producer: load consumer_pos -> 0"));
        Assert.Contains(v.LostWakeupTrace!, s => s.Contains("no wake-up"));
    }

    [Fact]
    public void TheBarrierFixUnderEpollEtLosesAWakeupAtABusyRecord()
    {
        // As built (designs/barrier.diff): nothing at a BUSY record. The header load passes the
        // buffered store of consumer_pos; the producer commits and reads the stale position.
        Verdict v = Checked(ConsumerDesigns.BarrierEdge);
        Assert.True(v.CanLoseWakeup);
        var trace = v.LostWakeupTrace!.ToList();
        int busy = trace.FindIndex(s => s == "consumer: load header of record 1 -> BUSY");
        int stale = trace.FindIndex(s => s == "producer: load consumer_pos -> 0");
        Assert.True(busy >= 0 && stale > busy, string.Join("\n", trace));
        // Read generously, with a fence before returning at the BUSY record, it still loses one: the
        // fence comes after the header was read, so it orders nothing that mattered.
        var generous = Checked(ConsumerDesigns.BarrierEdge with { AtBusyRecord = BusyRecord.FenceThenReturn }).LostWakeupTrace!.ToList();
        int busy2 = generous.FindIndex(s => s == "consumer: load header of record 1 -> BUSY");
        int stale2 = generous.FindIndex(s => s == "producer: load consumer_pos -> 0");
        int fence = generous.FindIndex(s => s.StartsWith("consumer: full fence"));
        Assert.True(busy2 >= 0 && stale2 > busy2 && fence > stale2, string.Join("\n", generous));
    }

    [Fact]
    public void TheBarrierFixIsSafeUnderEpollEtWhenEveryCallEndsAtItsBound()
    {
        // Its own test's consumer (one record a call, drained before waiting): the fence before
        // the bounded return orders every store before the next call's loads.
        Assert.False(Checked(ConsumerDesigns.BarrierEdge, bound: 1).CanLoseWakeup);
        Assert.True(Checked(ConsumerDesigns.EdgeOnly, bound: 1).CanLoseWakeup, "without a fence the bounded consumer loses one too");
    }

    [Fact]
    public void The2023PatchAsBuiltIntoLibbpfLosesAWakeupWhenACallbackEndsTheCall()
    {
        // Its hunk 2 leaves the bail-out path's smp_store_release: a callback that stops
        // consumption publishes with release under EPOLLET. Unbounded it is safe.
        Assert.False(Checked(ConsumerDesigns.Patch2023AsBuilt).CanLoseWakeup);
        Verdict bounded = Checked(ConsumerDesigns.Patch2023AsBuilt, bound: 1);
        Assert.True(bounded.CanLoseWakeup);
        Assert.Contains(bounded.LostWakeupTrace!, s => s.Contains("release store consumer_pos = 1"));
        Assert.False(Checked(ConsumerDesigns.Patch2023, bound: 1).CanLoseWakeup, "the port stores seq_cst at the bound too");
    }

    public static TheoryData<string, int?> SafeDesigns()
    {
        var data = new TheoryData<string, int?>();
        foreach (string name in new[] { "release-lt", "seqcst-lt", "seqcst-et", "barrier-lt", "lazy-et", "batch-et", "kbench-lt" })
        {
            data.Add(name, null);
            data.Add(name, 1);
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(SafeDesigns))]
    public void TheseDesignsNeverEndAsleepWithDataInTheRing(string design, int? bound)
    {
        Verdict v = Checked(ConsumerDesigns.Find(design), bound);
        Assert.False(v.CanLoseWakeup);
        Assert.True(v.StatesExplored > 100, $"explored only {v.StatesExplored} states");
        Assert.True(v.FinalStates > 0);
    }

    [Fact]
    public void TakingOutEachPartOfTheLazyAndBatchedFixesBringsTheLostWakeupBack()
    {
        // Each part is needed: the model would not tell a design apart from its broken neighbour otherwise.
        Assert.True(Checked(ConsumerDesigns.LazyEdge with { AtBusyRecord = BusyRecord.FenceThenReturn }).CanLoseWakeup, "lazy without the re-read");
        Assert.True(Checked(ConsumerDesigns.LazyEdge with { FenceBeforeReload = false }).CanLoseWakeup, "lazy without the fence when caught up");
        Assert.True(Checked(ConsumerDesigns.BatchEdge with { PublishAtBusyRecord = false, AtBusyRecord = BusyRecord.Return }).CanLoseWakeup,
            "batched without publishing at a BUSY record");
        Assert.True(Checked(ConsumerDesigns.BatchEdge with { FenceBeforeReload = false }).CanLoseWakeup, "batched without the fence before the re-check");
        Assert.True(Checked(ConsumerDesigns.KernelBench.With(Trigger.Edge, "kbench-et")).CanLoseWakeup, "the kernel bench's consumer edge-triggered");
    }
}
