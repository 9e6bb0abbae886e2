using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>
/// The perf buffer (pb-libbpf, pb-custom) on the kernel: fed by the BPF producer, drained with
/// every record accounted for, the two readers counting alike, losses reported as the producer
/// counted them. Skipped, with the reason, where the kernel refuses BPF or the perf event.
/// </summary>
[Collection(KernelCollection.Name)]
public class PerfBufferTests
{
    private static void SkipUnlessPerfBufferWorks()
    {
        KernelCollection.SkipUnlessBpfWorks();
        Skip.If(PerfBuffer.WhyUnavailable is not null, PerfBuffer.WhyUnavailable);
    }

    public static TheoryData<string, string> RunsOfTheScript => new()
    {
        { "pb-libbpf", "parallel" }, { "pb-custom", "parallel" },
        { "pb-libbpf", "parallel-sampled" }, { "pb-custom", "parallel-sampled" },
        { "pb-libbpf", "b2b" }, { "pb-custom", "b2b" },
        { "pb-libbpf", "multi-producer-2" },
    };

    [SkippableTheory]
    [MemberData(nameof(RunsOfTheScript))]
    public void PerfBufferConsumerDrainsTheKernelProducerAndAccountsForEveryRecord(string variant, string scenarioId)
    {
        SkipUnlessPerfBufferWorks();
        VariantRun run = KernelCollection.Run(scenarioId, ConsumerVariants.Parse(variant)[0]);
        Assert.True(run.Integrity.Produced > 0 && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        Assert.Equal(EventBuffer.Perf, run.Settings.Buffer);
        Assert.Equal(ConsumerKind.PerfBuffer, run.Traits!.Kind);
        // Woken every sample unsampled, every 500 when sampled: far fewer wake-ups than records when sampled.
        double recordsPerWakeup = (double)run.Integrity.Consumed / Math.Max(1, run.TotalWakeups);
        if (run.Settings.Sampled)
            Assert.True(recordsPerWakeup > 50, $"sampled perf buffer woke every {recordsPerWakeup:F1} records");
    }

    /// <summary>
    /// Both readers on a perf buffer the test fills itself, with nothing consuming meanwhile: a
    /// known number of samples that fit, then more than fit. Each reader must count exactly what
    /// the producer wrote, and report (PERF_RECORD_LOST) exactly what it dropped once the kernel
    /// has room to say so.
    /// </summary>
    [SkippableTheory]
    [InlineData("pb-libbpf")]
    [InlineData("pb-custom")]
    public void ReaderCountsWhatTheProducerWroteAndTheLossesItCouldNot(string variant)
    {
        SkipUnlessPerfBufferWorks();
        const uint batch = 500;
        // 8 pages a CPU: 32 KiB, room for about 1,300 samples of 24 bytes: three batches overflow it.
        BenchSettings settings = new BenchSettings { BatchCount = batch, PerfBufferPages = 8, Buffer = EventBuffer.Perf }.Validate();
        using IRingBackend backend = IRingBackend.Open(settings, BpfProducer.DefaultObjectPath);
        ConsumerCounters[] counters = ConsumerSetup.NewCounters();
        var setup = new ConsumerSetup(backend.View, backend.WaitFd, counters, 100, BackToBack: false)
        {
            Perf = new PerfBufferSetup(backend.PerfMapFd, settings.PerfBufferPages, settings.PerfWakeupEvents),
        };
        using IRingConsumer reader = ConsumerVariants.Parse(variant)[0].Create(setup);

        // All on one CPU, so the samples land in one ring whatever the scheduler does.
        FireOnCpu0(1); // 500 fit
        Assert.Equal(0, backend.ReadCounters().Dropped);
        FireOnCpu0(2); // 1,500 do not
        ProducerCounters full = backend.ReadCounters();
        Assert.True(full.Dropped > 0, "three batches fitted into 32 KiB: the buffer is larger than the test assumes");
        reader.DrainRemaining();
        Assert.Equal(full.Attempted - full.Dropped, ConsumerCounters.Snapshot(ref counters[0]).Records);

        // The kernel writes the PERF_RECORD_LOST before the next sample that fits: one more batch, drained.
        FireOnCpu0(1);
        reader.DrainRemaining();
        ProducerCounters end = backend.ReadCounters();
        ConsumerCounters seen = ConsumerCounters.Snapshot(ref counters[0]);
        Assert.Equal(end.Attempted - end.Dropped, seen.Records);
        Assert.Equal(full.Dropped, seen.LostReported);
    }

    private static void FireOnCpu0(int batches) => KernelCollection.FireOn(0, batches);

    [Fact]
    public void PerfVariantsRunWhereTheScriptRunsThem()
    {
        var runsOn = (string variant) => ScenarioCatalog.All.Where(ConsumerVariants.Parse(variant)[0].RunsOn).Select(s => s.Id).ToHashSet();
        string[] singleProducer = ["parallel", "parallel-sampled", "b2b", "b2b-sampled", "same-cpu"];
        Assert.Equal(singleProducer.Concat(ScenarioCatalog.ProducerCounts.Select(p => $"multi-producer-{p}")).ToHashSet(), runsOn("pb-libbpf"));
        Assert.Equal(singleProducer.ToHashSet(), runsOn("pb-custom"));
        // rb-custom: the single-producer sections and the control rows; its second column only the control rows (the A/A check).
        Assert.Equal(singleProducer.Concat(ScenarioCatalog.All.Where(s => s.IsControl).Select(s => s.Id)).ToHashSet(), runsOn("kernel-bench"));
        Assert.Equal(ScenarioCatalog.All.Where(s => s.IsControl).Select(s => s.Id).ToHashSet(), runsOn("kernel-bench-2"));
    }

    [Fact]
    public void PerfVariantsSayWhyTheyCannotRunInsteadOfRunningWrong()
    {
        ConsumerVariant pb = ConsumerVariants.PerfLibbpf;
        Assert.Contains("--backend sim", pb.Unsupported(new BenchSettings { Backend = BackendKind.Simulated }));
        Assert.Contains("latency", pb.Unsupported(new BenchSettings { LatencySampleEvery = 64 }));
        Assert.Contains("never", pb.Unsupported(new BenchSettings { Notify = NotifyMode.Never }));
        Assert.Contains("sample rate 500", pb.Unsupported(new BenchSettings { Sampled = true, BatchCount = 50 }));
        var bad = Assert.Throws<RingbenchException>(() => new BenchSettings { Sampled = true, BatchCount = 50, Buffer = EventBuffer.Perf }.Validate());
        Assert.Equal(ExitCode.Usage, bad.ExitCode);
    }
}
