using BenchmarkDotNet.Attributes;
using Ringbench.Kernel;

namespace Ringbench.Micro;

/// <summary>
/// The producer's trigger, getpgid through P/Invoke, with and without the GC transition
/// (no BPF program attached: the syscall and the managed/native transition alone).
/// </summary>
[BenchmarkCategory("trigger")]
public class TriggerSyscallCost
{
    [Benchmark(Baseline = true)]
    public int WithGcTransition() => LibC.Getpgid(0);

    [Benchmark]
    public int SuppressGcTransition() => LibC.GetpgidNoTransition(0);
}
