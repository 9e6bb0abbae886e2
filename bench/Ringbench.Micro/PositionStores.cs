using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;
using Ringbench.Ring;

namespace Ringbench.Micro;

/// <summary>One store of the consumer position: release (a plain mov on x86) against sequentially consistent (xchg).</summary>
[BenchmarkCategory("store")]
public unsafe class PositionStores
{
    private const int Stores = 1024;
    private ulong* _position;

    [GlobalSetup]
    public void Allocate() => _position = (ulong*)NativeMemory.AlignedAlloc(64, 64);

    [GlobalCleanup]
    public void Free() => NativeMemory.AlignedFree(_position);

    [Benchmark(Baseline = true, OperationsPerInvoke = Stores)]
    public void Release()
    {
        PublicationState state = default;
        for (ulong i = 0; i < Stores; i++)
            ReleaseStore.AfterRecord(_position, i, ref state);
    }

    [Benchmark(OperationsPerInvoke = Stores)]
    public void SeqCst()
    {
        PublicationState state = default;
        for (ulong i = 0; i < Stores; i++)
            SeqCstStore.AfterRecord(_position, i, ref state);
    }
}
