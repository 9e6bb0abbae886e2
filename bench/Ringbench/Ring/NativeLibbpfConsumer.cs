using System.Diagnostics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// A libbpf consumer object with a C callback that counts records, as the kernel bench's libbpf
/// consumers do: a ring_buffer of one libbpf build (the system libbpf, the native baseline, or a
/// flavour built from source with or without a patch: the C# ports' native twins), or the
/// system libbpf's perf_buffer (the bench's pb-libbpf). Whatever that object does inside its
/// poll (epoll mode, store, per-CPU reads) is what this variant measures; the loop around it is
/// the same harness code for all of them, and they differ only in the three calls held here.
/// With a poll interval it is the native timed poll instead: sleep (the same <see cref="TimedPoll"/>
/// the C# strategies use), then consume, never epoll.
/// In latency mode (ring buffers only) the C callback also times the stamped records (one in N)
/// and hands just those to the run's <see cref="LatencyRecorder"/>, so the per-record path stays in C.
/// </summary>
public sealed unsafe class NativeLibbpfConsumer : IRingConsumer
{
    private readonly string _name;
    private readonly nint _buffer;
    private readonly delegate* unmanaged<nint, int, int> _poll;
    private readonly delegate* unmanaged<nint, int> _consume;
    private readonly Action _free;
    private readonly LibbpfBuild? _libbpf;
    private readonly ConsumerCounters[] _counters;
    private readonly int _timeoutMs;
    private readonly bool _backToBack;
    private readonly Action _trigger;
    private readonly bool _timed;
    private readonly StallRecorder? _stalls;
    private TimedPoll _timer;
    private readonly NativeShim.LatencyContext* _latencyContext;
    private readonly NativeShim.BoundedCount* _bounded;
    private GCHandle _latencyRecorder;
    private volatile bool _stopRequested;

    /// <summary>A ring_buffer of <paramref name="libbpf"/> on the ring map.</summary>
    public NativeLibbpfConsumer(ConsumerSetup setup, LibbpfBuild libbpf, TimeSpan? pollInterval = null) : this(setup, pollInterval)
    {
        _libbpf = libbpf;
        _name = libbpf.Name;
        _poll = libbpf.Poll;
        _consume = libbpf.Consume;
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
            _buffer = libbpf.New(setup.RingFd, NativeShim.CountAndTimeRecordCallback, _latencyContext, 0);
        }
        else if (setup.RecordBound > 0)
        {
            // The bounded consumer: the C callback ends each call at the bound (one ring, not sharded).
            _bounded = (NativeShim.BoundedCount*)NativeMemory.Alloc((nuint)sizeof(NativeShim.BoundedCount));
            *_bounded = new NativeShim.BoundedCount { Records = records, Bound = setup.RecordBound };
            _buffer = libbpf.New(setup.RingFd, NativeShim.CountRecordBoundedCallback, _bounded, 0);
        }
        else
        {
            // Sharded rings: the first shard makes the ring_buffer, ring_buffer__add brings in the rest.
            _buffer = libbpf.New(setup.Shards.Count > 0 ? setup.Shards[0].Fd : setup.RingFd, NativeShim.CountRecordCallback, records, 0);
        }
        if (_buffer == 0)
        {
            int errno = Marshal.GetLastSystemError();
            FreeLatencyContext();
            throw new RingbenchException(ExitCode.KernelRefused, $"ring_buffer__new ({libbpf.Name}) failed: {LibC.ErrnoText(errno)}");
        }
        nint ring = _buffer;
        _free = () => libbpf.Free(ring);
        for (int i = 1; i < setup.Shards.Count; i++)
        {
            int err = libbpf.Add == null ? -LibC.Enotsup : libbpf.Add(_buffer, setup.Shards[i].Fd, NativeShim.CountRecordCallback, records);
            if (err != 0)
            {
                _free();
                throw new RingbenchException(ExitCode.KernelRefused, $"ring_buffer__add of shard {i} ({libbpf.Name}) failed: {LibC.ErrnoText(-err)}");
            }
        }
    }

    /// <summary>The system libbpf's perf_buffer (pb-libbpf): perf_buffer__poll and __consume over the per-CPU rings.</summary>
    public NativeLibbpfConsumer(ConsumerSetup setup, PerfBuffer perfBuffer) : this(setup, pollInterval: null)
    {
        _name = $"perf_buffer, system libbpf {LibBpf.Version}";
        _buffer = perfBuffer.Handle;
        // Called through the library's own entry points, as the ring_buffer calls of a LibbpfBuild are.
        nint libbpf = NativeLibrary.Load(LibBpf.Lib, typeof(LibBpf).Assembly, null);
        _poll = (delegate* unmanaged<nint, int, int>)NativeLibrary.GetExport(libbpf, "perf_buffer__poll");
        _consume = (delegate* unmanaged<nint, int>)NativeLibrary.GetExport(libbpf, "perf_buffer__consume");
        _free = perfBuffer.Dispose;
    }

    private NativeLibbpfConsumer(ConsumerSetup setup, TimeSpan? pollInterval)
    {
        _name = "";
        _free = () => { };
        _timed = pollInterval is not null;
        _timer = TimedPoll.Create(setup with { Tuning = WaitTuning.FixedPoll(pollInterval ?? TimeSpan.Zero) });
        _counters = setup.Counters;
        _timeoutMs = setup.WaitTimeoutMs;
        _backToBack = setup.BackToBack;
        _trigger = setup.Trigger ?? (() => { });
        _stalls = setup.Stalls;
    }

    /// <summary>Called from the C callback for each stamped record, on the consumer thread.</summary>
    [UnmanagedCallersOnly]
    private static void RecordLatency(long nanoseconds, nint state) =>
        ((LatencyRecorder)GCHandle.FromIntPtr(state).Target!).Add(nanoseconds);

    private void FreeLatencyContext()
    {
        if (_bounded != null)
            NativeMemory.Free(_bounded);
        if (_latencyContext != null)
            NativeMemory.Free(_latencyContext);
        if (_latencyRecorder.IsAllocated)
            _latencyRecorder.Free();
    }

    /// <summary>The mode is chosen once, here: libbpf's own poll, or the timer; each loop is that mode alone.</summary>
    public void Run()
    {
        if (_timed)
            RunOnTimer();
        else
            RunPolled();
    }

    /// <summary>The native timed poll: sleep on the same timer as the C# strategies, then consume; never epoll.</summary>
    private void RunOnTimer()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            WaitOutcome slept = _timer.Wait(_timeoutMs);
            counters.CountWait(slept, ConsumeCounted(ref counters));
            TriggerIfBackToBack(ref counters);
        }
    }

    /// <summary>libbpf's poll (ring_buffer__poll or perf_buffer__poll): its epoll, its store, its callback.</summary>
    private void RunPolled()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            long started = Stopwatch.GetTimestamp();
            if (_bounded != null)
                _bounded->InCall = 0;
            int polled = _poll(_buffer, _timeoutMs);
            if (_bounded != null && (polled > 0 || polled == NativeShim.BoundReached))
            {
                // The bounded consumer drains, a call of at most N records at a time, before it waits again.
                counters.Wakeups++;
                _stalls?.Look(WaitOutcome.Woken);
                ConsumeCounted(ref counters);
            }
            else if (polled > 0)
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
                long late = ConsumeCounted(ref counters);
                _stalls?.Drained(look, late);
                counters.CountWait(timedOut ? WaitOutcome.TimedOut : WaitOutcome.Woken, late);
            }
            else if (polled != -LibC.Eintr)
            {
                // libbpf's -errno from epoll_wait, or a callback's error: the run cannot go on as measured.
                throw new RingbenchException(ExitCode.KernelRefused, $"poll ({_name}) failed: {LibC.ErrnoText(-polled)}");
            }
            TriggerIfBackToBack(ref counters);
        }
    }

    /// <summary>
    /// Consumes what is there; returns the records it counted. Read from the counter, not the
    /// return value: ring_buffer__consume returns records, perf_buffer__consume only 0 or an error.
    /// The callback counts on this thread, so a plain read before and after sees every increment.
    /// </summary>
    private long ConsumeCounted(ref ConsumerCounters counters)
    {
        long before = counters.Records;
        if (_bounded != null)
        {
            // Bounded calls until one finds nothing; -E2BIG is the callback's bound, not an error.
            int got;
            do
            {
                _bounded->InCall = 0;
                got = _consume(_buffer);
            } while (got > 0 || got == NativeShim.BoundReached);
            if (got < 0)
                throw new RingbenchException(ExitCode.KernelRefused, $"consume ({_name}) failed: {LibC.ErrnoText(-got)}");
            return counters.Records - before;
        }
        int err = _consume(_buffer);
        if (err < 0)
            throw new RingbenchException(ExitCode.KernelRefused, $"consume ({_name}) failed: {LibC.ErrnoText(-err)}");
        return counters.Records - before;
    }

    /// <summary>This consumer stops a call at the record bound when the setup asks for one.</summary>
    public bool StopsAtRecordBound => true;

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
    public int EpollFd => _libbpf is { } build ? build.EpollFd(_buffer) : throw new InvalidOperationException("a perf buffer's epoll fd is libbpf's own");

    public long DrainRemaining()
    {
        long total = 0, consumed;
        while ((consumed = ConsumeCounted(ref _counters[0])) > 0)
            total += consumed;
        return total;
    }

    public void Dispose()
    {
        _free();
        FreeLatencyContext();
    }
}
