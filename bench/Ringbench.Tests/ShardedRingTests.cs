using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>
/// Sharded rings on the kernel: an array of ring maps the harness fills, a producer writing to
/// its CPU's shard, one consumer waiting on all. Skipped, with the reason, where BPF is refused.
/// </summary>
[Collection(KernelCollection.Name)]
public class ShardedRingTests
{
    public static TheoryData<string, string> Runs => new()
    {
        { "shards-libbpf", "parallel" }, { "shards-lt-release", "parallel" }, { "shards-et-seqcst", "parallel" },
        { "shards-libbpf", "multi-producer-4" }, { "shards-et-seqcst", "multi-producer-4" }, { "shards-lt-release", "b2b" },
    };

    [SkippableTheory]
    [MemberData(nameof(Runs))]
    public void ShardedConsumerLosesNothingAcrossShards(string variant, string scenario)
    {
        VariantRun run = KernelCollection.Run(scenario, ConsumerVariants.Parse(variant)[0]);
        Assert.True(run.Integrity.Produced > 0 && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        Assert.Equal(Environment.ProcessorCount, run.Settings.Shards);
        ResultRow row = ResultRow.From(run);
        Assert.Equal($"shards {Environment.ProcessorCount}", row.Buffer);
        Assert.Equal(524288L * Environment.ProcessorCount, row.BufferBytes);
    }

    /// <summary>A batch from CPU c lands whole in shard c % shards, and only there: the producer picks by its CPU.</summary>
    [SkippableFact]
    public void EachProducerCpuWritesItsOwnShard()
    {
        KernelCollection.SkipUnlessBpfWorks();
        int cpus = Environment.ProcessorCount;
        Skip.If(cpus < 2, "needs two CPUs to tell shards apart");
        BenchSettings settings = new BenchSettings { BatchCount = 100, Sharded = true, ShardCount = 2 }.Validate();
        using IRingBackend backend = IRingBackend.Open(settings, BpfProducer.DefaultObjectPath);
        Assert.Equal(2, backend.Shards.Count);
        KernelCollection.FireOn(1, 3); // 300 records into shard 1
        KernelCollection.FireOn(0, 1); // 100 into shard 0
        ConsumerCounters[] counters = ConsumerSetup.NewCounters();
        var reader = new RingShardsReader<SeqCstStore>(backend.Shards.Select(s => s.View).ToArray());
        Assert.Equal(100, reader.Drain(0, ref counters[0]));
        Assert.Equal(300, reader.Drain(1, ref counters[0]));
        Assert.Equal(0, reader.Drain(0, ref counters[0]) + reader.Drain(1, ref counters[0]));
        Assert.Equal(0, backend.ReadCounters().Dropped);
    }

    [Fact]
    public void ShardedVariantsRunBesideTheSharedRingAndSayWhyNotElsewhere()
    {
        ConsumerVariant shards = ConsumerVariants.ShardsEdgeSeqCst;
        Assert.True(shards.RunsOn(ScenarioCatalog.Find("multi-producer-52")));
        Assert.False(shards.RunsOn(ScenarioCatalog.Find("reserve")));
        Assert.Contains("latency", shards.Unsupported(new BenchSettings { LatencySampleEvery = 64 }));
        Assert.Contains("--backend sim", shards.Unsupported(new BenchSettings { Backend = BackendKind.Simulated }));
        // The shared-ring variants never shard, whatever --shards says: only a sharded variant's side turns it on.
        var asked = new BenchSettings { ShardCount = 4 };
        Assert.Equal(0, ConsumerVariants.EdgeSeqCst.ProducerSide(asked).Shards);
        Assert.Equal(4, shards.ProducerSide(asked).Shards);
        Assert.Equal(Environment.ProcessorCount, shards.ProducerSide(new BenchSettings()).Shards);
    }
}

/// <summary>The producer-only run: nothing read, every record still accounted for, the producers' rate above what any consumer reaches.</summary>
[Collection(KernelCollection.Name)]
public class ProducerOnlyTests
{
    [SkippableFact]
    public void ProducerOnlyCountsWhatTheProducersWroteWithoutAWakeup()
    {
        VariantRun run = KernelCollection.Run("multi-producer-2", ConsumerVariants.ProducerOnly);
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.Equal(0, run.TotalWakeups);
        Assert.Equal(Kernel.NotifyMode.Never, run.Settings.Notify);
        Assert.Equal(ConsumerKind.ProducerOnly, run.Traits!.Kind);
    }
}
