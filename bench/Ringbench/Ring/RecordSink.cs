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
/// Every <c>every</c>-th record, reads the producer's CLOCK_MONOTONIC stamp from the payload
/// and records how long the record waited. Stopwatch on Linux reads CLOCK_MONOTONIC in
/// nanoseconds, the clock bpf_ktime_get_ns() uses, so the difference is the delivery latency.
/// Sampling keeps the clock read off most records.
/// </summary>
public struct LatencySampling : IRecordSink
{
    private readonly LatencyRecorder _recorder;
    private readonly int _every;
    private int _countdown;

    public LatencySampling(LatencyRecorder recorder, int every)
    {
        _recorder = recorder;
        _every = _countdown = every;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public unsafe void Consumed(byte* payload)
    {
        if (--_countdown == 0)
        {
            _countdown = _every;
            _recorder.Add(Stopwatch.GetTimestamp() - *(long*)payload);
        }
    }
}
