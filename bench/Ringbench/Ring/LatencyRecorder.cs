using System.Diagnostics;

namespace Ringbench.Ring;

/// <summary>
/// Delivery-latency samples of one run, in nanoseconds, in a buffer allocated up front so the
/// consumer's hot path never allocates. When full it keeps every other sample from then on
/// (halving the rate), so a long run is covered end to end. Written by the consumer thread
/// only; read after it has been joined.
/// </summary>
public sealed class LatencyRecorder
{
    private readonly long[] _samples;
    private int _count, _stride = 1, _skip;

    public LatencyRecorder(int capacity = 1 << 20)
    {
        if (Stopwatch.Frequency != 1_000_000_000)
            throw new RingbenchException(ExitCode.Environment, $"latency mode needs a nanosecond CLOCK_MONOTONIC Stopwatch (frequency is {Stopwatch.Frequency})");
        _samples = new long[capacity];
    }

    /// <summary>Latencies below zero (a stamp from a clock read after ours) are counted, not kept.</summary>
    public long Negative { get; private set; }

    private volatile bool _measuring = true;

    /// <summary>
    /// On unless a run turns it off for its warm-up; the sampler turns it on when the first measured second starts, so the
    /// percentiles describe the same seconds as the throughput. One volatile read per stamped
    /// record (one in N), never per record.
    /// </summary>
    public bool Measuring
    {
        get => _measuring;
        set => _measuring = value;
    }

    public void Add(long latencyNs)
    {
        if (!_measuring)
            return;
        if (latencyNs < 0)
        {
            Negative++;
            return;
        }
        if (++_skip < _stride)
            return;
        _skip = 0;
        if (_count == _samples.Length)
        {
            // Full: keep every other sample, and from now on take one in twice as many.
            for (int i = 0; i < _count / 2; i++)
                _samples[i] = _samples[2 * i];
            _count /= 2;
            _stride *= 2;
        }
        _samples[_count++] = latencyNs;
    }

    public ReadOnlySpan<long> Samples => _samples.AsSpan(0, _count);
}
