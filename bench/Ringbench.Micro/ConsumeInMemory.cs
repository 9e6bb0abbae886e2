using BenchmarkDotNet.Attributes;
using Ringbench.Ring;

namespace Ringbench.Micro;

/// <summary>
/// The consumer's drain over a ring in memory, pre-filled with 8-byte records, per store
/// policy: one store of consumer_pos per record, as libbpf does. Each invocation rewinds
/// consumer_pos to 0, so the same committed records are consumed again; reported per record.
/// </summary>
[BenchmarkCategory("consume")]
public class ConsumeInMemory
{
    public const int Records = 4096;
    private InMemoryRing _ring = null!;
    private long _counter;

    [GlobalSetup]
    public void Fill()
    {
        _ring = new InMemoryRing(Records * 16);
        // The producer's payloads: the constant, and one record in 64 stamped (as in latency mode).
        for (int i = 0; i < Records; i++)
            _ring.Write(BitConverter.GetBytes(i % Scenarios.ScenarioCatalog.LatencySampleEvery == 0 ? System.Diagnostics.Stopwatch.GetTimestamp() : Kernel.ProducerConfig.UnstampedPayload));
    }

    [GlobalCleanup]
    public void Free() => _ring.Dispose();

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "release store (lt-release, et-release)")]
    public unsafe long Release()
    {
        *_ring.View.ConsumerPosition = 0;
        return RingDrain.DrainAvailable<ReleaseStore>(_ring.View, ref _counter);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "seq_cst store (et-seqcst, lt-seqcst)")]
    public unsafe long SeqCst()
    {
        *_ring.View.ConsumerPosition = 0;
        return RingDrain.DrainAvailable<SeqCstStore>(_ring.View, ref _counter);
    }

    private LatencySampling _sampling = new(new LatencyRecorder(capacity: 1));

    [GlobalSetup(Target = nameof(SeqCstWithLatencySampling))]
    public void FillWithSampling()
    {
        Fill();
        // The recorder holds at most 2^20 samples and then thins itself out: no allocation while measuring.
        _sampling = new LatencySampling(new LatencyRecorder());
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "seq_cst store + latency sampling 1/64")]
    public unsafe long SeqCstWithLatencySampling()
    {
        *_ring.View.ConsumerPosition = 0;
        return RingDrain.DrainAvailable<SeqCstStore, LatencySampling>(_ring.View, ref _counter, ref _sampling);
    }
}
