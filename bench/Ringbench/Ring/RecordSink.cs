using System.Diagnostics;
using System.Runtime.CompilerServices;

namespace Ringbench.Ring;

/// <summary>
/// What the consumer does with a record beyond counting it: the third policy of a consumer, a
/// struct so the JIT inlines it into the drain loop (and drops it entirely for <see cref="CountOnly"/>).
/// </summary>
public unsafe interface IRecordSink
{
    void Consumed(byte* payload);
}

/// <summary>Nothing beyond the count: what the kernel bench's handler does.</summary>
public struct CountOnly : IRecordSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly unsafe void Consumed(byte* payload) { }
}

/// <summary>
/// Times every record the producer stamped (one in N; the others carry the constant
/// <see cref="Kernel.ProducerConfig.UnstampedPayload"/>): reads CLOCK_MONOTONIC and records how
/// long the record waited. Stopwatch on Linux reads CLOCK_MONOTONIC in nanoseconds, the clock
/// bpf_ktime_get_ns() uses, so the difference is the delivery latency. The sampling is the
/// producer's, so both sides pay for one record in N only.
/// </summary>
public readonly struct LatencySampling(LatencyRecorder recorder) : IRecordSink
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Consumed(byte* payload)
    {
        long stamp = *(long*)payload;
        if (stamp != Kernel.ProducerConfig.UnstampedPayload)
            recorder.Add(Stopwatch.GetTimestamp() - stamp);
    }
}
