using System.Diagnostics;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

[Collection(PinnedCpusCollection.Name)]
public class LatencyTests
{
    [SkippableFact]
    public void PercentilesAreExactOrderStatistics()
    {
        long[] ns = Enumerable.Range(1, 1000).Select(i => i * 1000L).ToArray(); // 1..1000 us
        LatencyStatistics s = LatencyStatistics.Of(ns, negative: 0)!;
        Assert.Equal((500.0, 900.0, 990.0, 999.0, 1000.0), (s.P50, s.P90, s.P99, s.P999, s.Max));
        Assert.Equal(100, s.Cdf.Count);
        Assert.Equal(1000.0, s.Cdf[^1].Microseconds);
        Assert.Null(LatencyStatistics.Of([], 0));
    }

    /// <summary>Records as the producer writes them in latency mode: one in <paramref name="every"/> stamped, the rest the constant.</summary>
    private static InMemoryRing RingStampedAgo(int records, long agoNs, int every)
    {
        var ring = new InMemoryRing(4096 * 4);
        for (int i = 0; i < records; i++)
            ring.Write(BitConverter.GetBytes(i % every == 0 ? Stopwatch.GetTimestamp() - agoNs : Kernel.ProducerConfig.UnstampedPayload));
        return ring;
    }

    [SkippableFact]
    public void SampledLatencyIsClockNowMinusTheProducersStamp()
    {
        using InMemoryRing ring = RingStampedAgo(100, agoNs: 5_000_000, every: 4); // stamped 5 ms "ago"
        var recorder = new LatencyRecorder();
        var sink = new LatencySampling(recorder);
        long records = 0;
        long consumed = RingDrain.DrainAvailable<SeqCstStore, LatencySampling>(ring.View, ref records, ref sink);
        Assert.Equal(100, consumed);
        Assert.Equal(100, records);
        Assert.Equal(25, recorder.Samples.Length); // the stamped ones: one in four
        Assert.All(recorder.Samples.ToArray(), ns => Assert.InRange(ns, 5_000_000, 5_000_000 + 1_000_000_000));
        Assert.Equal(0, recorder.Negative);
    }

    [SkippableFact]
    public void StampsFromTheFutureAreCountedNotKept()
    {
        using InMemoryRing ring = RingStampedAgo(10, agoNs: -60_000_000_000, every: 1); // a minute ahead
        var recorder = new LatencyRecorder();
        var sink = new LatencySampling(recorder);
        long records = 0;
        RingDrain.DrainAvailable<ReleaseStore, LatencySampling>(ring.View, ref records, ref sink);
        Assert.Equal(0, recorder.Samples.Length);
        Assert.Equal(10, recorder.Negative);
    }

    [SkippableFact]
    public void FullRecorderThinsOutInsteadOfStopping()
    {
        var recorder = new LatencyRecorder(capacity: 8);
        for (int i = 1; i <= 40; i++)
            recorder.Add(i);
        // 40 samples into 8 slots: it halves twice, keeping an even spread that still reaches the end.
        Assert.Equal([1L, 9, 17, 25, 33], recorder.Samples.ToArray());
    }

    [SkippableFact]
    public void PacedProducerKeepsTheRequestedRate()
    {
        var settings = new BenchSettings
        {
            WarmupSeconds = 1, DurationSeconds = 2, Backend = BackendKind.Simulated, BatchCount = 1, PaceMicroseconds = 1000,
        };
        PinnedCpusCollection.SkipUnlessAvailable();
        VariantRun run = ScenarioRun.Execute(ScenarioCatalog.Find("parallel"), settings, ConsumerVariants.EdgeSeqCst, "unused");
        foreach (Sample s in run.Measured)
            Assert.InRange(s.Triggers / s.ElapsedSeconds, 950, 1050);
    }

    [SkippableFact]
    public void LatencyModeOnTheSimulationTimesRecords()
    {
        Scenario scenario = ScenarioCatalog.Find("latency-paced-1ms");
        var settings = scenario.Settings(new BenchSettings { WarmupSeconds = 0, DurationSeconds = 1, Backend = BackendKind.Simulated });
        PinnedCpusCollection.SkipUnlessAvailable();
        VariantRun run = ScenarioRun.Execute(scenario, settings, ConsumerVariants.LevelRelease, "unused");
        Assert.NotNull(run.Latency);
        Assert.True(run.Latency!.Count > 500, $"{run.Latency.Count} samples");
        Assert.Equal(0, run.Latency.Negative);
        Assert.True(run.Latency.P50 > 0 && run.Latency.P50 <= run.Latency.P99 && run.Latency.P99 <= run.Latency.Max);
    }
}

public class ProducerStampingTests
{
    [SkippableFact]
    public unsafe void SimulatedProducerStampsOneRecordInN()
    {
        var config = new Kernel.ProducerConfig(128, false, Kernel.NotifyMode.Never, 0, 4096, [Kernel.AttachMode.Simulated]) { StampEvery = 32 };
        using var producer = new SimulatedProducer(config);
        producer.WriteBatch();
        int stamped = 0;
        for (int i = 0; i < 128; i++)
        {
            if (*(long*)(producer.View.Data + i * 16 + RecordHeader.Size) != Kernel.ProducerConfig.UnstampedPayload)
                stamped++;
        }
        Assert.Equal(4, stamped);
    }
}
