using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// A libbpf build's own consumer (ring_buffer__new/__poll/__consume) with a C callback that
/// counts records, as the kernel bench's libbpf consumer does: the system libbpf (the native
/// baseline) or a flavour built from source with or without a patch (the C# ports' native
/// twins). Whatever epoll mode and store that build uses is what this variant measures; the
/// builds differ only in the <see cref="LibbpfBuild"/> passed in.
/// With a poll interval it is the native timed poll instead: sleep (the same <see cref="TimedPoll"/>
/// the C# strategies use), then ring_buffer__consume, never epoll.
/// In latency mode the C callback also times the stamped records (one in N) and hands just
/// those to the run's <see cref="LatencyRecorder"/>, so the per-record path stays in C.
/// </summary>
public sealed unsafe class NativeLibbpfConsumer : IRingConsumer
{
    private readonly LibbpfBuild _libbpf;
    private readonly nint _ringBuffer;
    private readonly ConsumerCounters[] _counters;
    private readonly int _timeoutMs;
    private readonly bool _backToBack;
    private readonly Action _trigger;
    private readonly bool _timed;
    private readonly StallRecorder? _stalls;
    private TimedPoll _timer;
    private readonly NativeShim.LatencyContext* _latencyContext;
    private GCHandle _latencyRecorder;
    private volatile bool _stopRequested;

    public NativeLibbpfConsumer(ConsumerSetup setup, LibbpfBuild libbpf, TimeSpan? pollInterval = null)
    {
        _libbpf = libbpf;
        _timed = pollInterval is not null;
        _timer = TimedPoll.Create(setup with { Tuning = WaitTuning.FixedPoll(pollInterval ?? TimeSpan.Zero) });
        _counters = setup.Counters;
        _timeoutMs = setup.WaitTimeoutMs;
        _backToBack = setup.BackToBack;
        _trigger = setup.Trigger ?? (() => { });
        _stalls = setup.Stalls;
        // The counters array is pinned, so this pointer stays valid for the consumer's life.
        long* records = (long*)Unsafe.AsPointer(ref _counters[0].Records);
        if (setup.Latency is LatencyRecorder recorder)
        {
            _latencyRecorder = GCHandle.Alloc(recorder);
            _latencyContext = (NativeShim.LatencyContext*)NativeMemory.Alloc((nuint)sizeof(NativeShim.LatencyContext));
            *_latencyContext = new NativeShim.LatencyContext
            {
                Records = records,
                Unstamped = ProducerConfig.UnstampedPayload,
                OnLatency = &RecordLatency,
                State = GCHandle.ToIntPtr(_latencyRecorder),
            };
            _ringBuffer = libbpf.New(setup.RingFd, NativeShim.CountAndTimeRecordCallback, _latencyContext, 0);
        }
        else
        {
            _ringBuffer = libbpf.New(setup.RingFd, NativeShim.CountRecordCallback, records, 0);
        }
        if (_ringBuffer == 0)
        {
            int errno = Marshal.GetLastSystemError();
            FreeLatencyContext();
            throw new RingbenchException(ExitCode.KernelRefused, $"ring_buffer__new ({libbpf.Name}) failed: {LibC.ErrnoText(errno)}");
        }
    }

    /// <summary>Called from the C callback for each stamped record, on the consumer thread.</summary>
    [UnmanagedCallersOnly]
    private static void RecordLatency(long nanoseconds, nint state) =>
        ((LatencyRecorder)GCHandle.FromIntPtr(state).Target!).Add(nanoseconds);

    private void FreeLatencyContext()
    {
        if (_latencyContext != null)
            NativeMemory.Free(_latencyContext);
        if (_latencyRecorder.IsAllocated)
            _latencyRecorder.Free();
    }

    public void Run()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            if (_timed)
            {
                WaitOutcome slept = _timer.Wait(_timeoutMs);
                counters.CountWait(slept, _libbpf.Consume(_ringBuffer));
                TriggerIfBackToBack(ref counters);
                continue;
            }
            long started = Stopwatch.GetTimestamp();
            int polled = _libbpf.Poll(_ringBuffer, _timeoutMs);
            if (polled > 0)
            {
                counters.Wakeups++;
                _stalls?.Look(WaitOutcome.Woken);
            }
            else if (polled == 0)
            {
                // poll does not say whether epoll timed out or woke to find nothing; the
                // clock does. A consume that then finds records means they sat there
                // through a full timeout: a stall.
                bool timedOut = Stopwatch.GetElapsedTime(started).TotalMilliseconds >= _timeoutMs;
                StallState? look = _stalls?.Look(timedOut ? WaitOutcome.TimedOut : WaitOutcome.Woken);
                int late = _libbpf.Consume(_ringBuffer);
                _stalls?.Drained(look, late);
                counters.CountWait(timedOut ? WaitOutcome.TimedOut : WaitOutcome.Woken, late);
            }
            else if (polled != -LibC.Eintr)
            {
                // libbpf's -errno from epoll_wait, or a callback's error: the run cannot go on as measured.
                throw new RingbenchException(ExitCode.KernelRefused, $"ring_buffer__poll ({_libbpf.Name}) failed: {LibC.ErrnoText(-polled)}");
            }
            TriggerIfBackToBack(ref counters);
        }
    }

    private void TriggerIfBackToBack(ref ConsumerCounters counters)
    {
        if (_backToBack)
        {
            counters.ConsumerTriggers++;
            _trigger();
        }
    }

    public void RequestStop() => _stopRequested = true;

    /// <summary>The epoll fd this libbpf build created; its /proc/self/fdinfo entry shows the registered event mask.</summary>
    public int EpollFd => _libbpf.EpollFd(_ringBuffer);

    public long DrainRemaining()
    {
        long total = 0;
        int consumed;
        while ((consumed = _libbpf.Consume(_ringBuffer)) > 0)
            total += consumed;
        return total;
    }

    public void Dispose()
    {
        _libbpf.Free(_ringBuffer);
        FreeLatencyContext();
    }
}
