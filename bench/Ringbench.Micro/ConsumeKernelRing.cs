using BenchmarkDotNet.Attributes;
using Ringbench.Kernel;
using Ringbench.Ring;

namespace Ringbench.Micro;

/// <summary>
/// The native libbpf consumer against the C# consumer on the same real BPF ring, filled once
/// by the kernel producer (one batch, no wake-ups). Each invocation rewinds the shared
/// consumer_pos to 0, so both re-consume the same committed records; the producer does not
/// run during measurement. Needs root (or CAP_BPF + CAP_PERFMON).
/// </summary>
[BenchmarkCategory("kernel-ring")]
public unsafe class ConsumeKernelRing
{
    public const int Records = 4096;
    private const uint RingBytes = Records * 16 * 2;
    private BpfProducer _producer = null!;
    private MappedRing _ring = null!;
    private ConsumerCounters[] _counters = null!;
    private nint _libbpfRing;
    private ulong _end;

    [GlobalSetup]
    public void Fill()
    {
        if (!Privileges.CanLoadBpf(out string missing))
            throw new InvalidOperationException($"ConsumeKernelRing needs {missing}");
        // A ring of N bytes holds at most N - 1 bytes of records (the kernel refuses to let the
        // producer catch up with the consumer), so the ring is twice the batch.
        var config = new ProducerConfig(Records, UseOutput: false, NotifyMode.Never, 0, RingBytes,
            [AttachMode.Fentry, AttachMode.RawTracepoint]);
        _producer = BpfProducer.Load(BpfProducer.DefaultObjectPath, config);
        _ring = new MappedRing(_producer.RingFd, RingBytes);
        TriggerSyscall.Fire();
        _end = *_ring.View.ProducerPosition;
        if (_end != Records * 16)
            throw new InvalidOperationException($"the producer wrote {_end / 16} records, expected {Records}");
        _counters = ConsumerSetup.NewCounters();
        _libbpfRing = LibBpf.ring_buffer__new(_producer.RingFd, NativeShim.CountRecordCallback,
            System.Runtime.CompilerServices.Unsafe.AsPointer(ref _counters[0].Records), 0);
    }

    [GlobalCleanup]
    public void Free()
    {
        LibBpf.ring_buffer__free(_libbpfRing);
        _ring.Dispose();
        _producer.Dispose();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = Records, Description = "libbpf ring_buffer__consume, filled")]
    public int NativeFilled()
    {
        *_ring.View.ConsumerPosition = 0;
        return LibBpf.ring_buffer__consume(_libbpfRing);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "C# drain, release store, filled")]
    public long ManagedReleaseFilled()
    {
        *_ring.View.ConsumerPosition = 0;
        return RingDrain.DrainAvailable<ReleaseStore>(_ring.View, ref _counters[0].Records);
    }

    [Benchmark(OperationsPerInvoke = Records, Description = "C# drain, seq_cst store, filled")]
    public long ManagedSeqCstFilled()
    {
        *_ring.View.ConsumerPosition = 0;
        return RingDrain.DrainAvailable<SeqCstStore>(_ring.View, ref _counters[0].Records);
    }

    [Benchmark(Description = "libbpf ring_buffer__consume, empty")]
    public int NativeEmpty()
    {
        *_ring.View.ConsumerPosition = _end;
        return LibBpf.ring_buffer__consume(_libbpfRing);
    }

    [Benchmark(Description = "C# drain, empty")]
    public long ManagedEmpty()
    {
        *_ring.View.ConsumerPosition = _end;
        return RingDrain.DrainAvailable<SeqCstStore>(_ring.View, ref _counters[0].Records);
    }
}
