using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// Reads one of several rings on request: the perf buffer's per-CPU rings, or the sharded ring
/// buffers. A struct the consumer holds by value, so the drain is a direct, inlinable call.
/// </summary>
public interface IRingSetReader
{
    /// <summary>How many rings there are (epoll reports ring i with data i).</summary>
    int Count { get; }

    /// <summary>Consumes what ring <paramref name="index"/> holds now, counting into <paramref name="counters"/>; returns the records consumed.</summary>
    long Drain(int index, ref ConsumerCounters counters);

    /// <summary>After the last drain: whatever the reader still holds back (a merge's queues) is let go.</summary>
    void Finish(ref ConsumerCounters counters) { }
}

/// <summary>
/// A consumer of several rings through one epoll, as libbpf's ring_buffer (with ring_buffer__add)
/// and perf_buffer are: every ring's fd registered with the same flags and its index as data;
/// after a wake-up only the rings epoll reported are drained, after a timeout all of them (so a
/// missed wake-up costs one timeout and is counted as a stall, as on the single ring).
/// </summary>
public sealed unsafe class MultiRingConsumer<TReader> : IRingConsumer where TReader : struct, IRingSetReader
{
    private readonly FileDescriptorHandle _epoll;
    private readonly LibC.EpollEvent* _events;
    private readonly ConsumerCounters[] _counters;
    private readonly int _timeoutMs;
    private readonly bool _backToBack;
    private readonly Action _trigger;
    private readonly IDisposable? _owner;
    private TReader _reader;
    private volatile bool _stopRequested;

    /// <param name="fds">Ring i's fd at index i.</param>
    /// <param name="epollEvents">The registration: EPOLLIN (level), EPOLLIN|EPOLLET (edge).</param>
    /// <param name="owner">What holds the rings (a perf buffer), disposed with the consumer.</param>
    public MultiRingConsumer(ConsumerSetup setup, TReader reader, IReadOnlyList<int> fds, uint epollEvents, IDisposable? owner = null)
    {
        _reader = reader;
        _counters = setup.Counters;
        _timeoutMs = setup.WaitTimeoutMs;
        _backToBack = setup.BackToBack;
        _trigger = setup.Trigger ?? (() => { });
        int epfd = LibC.epoll_create1(LibC.EpollCloexec);
        if (epfd < 0)
            throw new RingbenchException(ExitCode.Environment, $"epoll_create1 failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        _epoll = new FileDescriptorHandle(epfd);
        for (int i = 0; i < fds.Count; i++)
        {
            var registration = new LibC.EpollEvent { Events = epollEvents, Data = (ulong)i };
            if (LibC.epoll_ctl(epfd, LibC.EpollCtlAdd, fds[i], &registration) != 0)
            {
                int errno = Marshal.GetLastPInvokeError();
                _epoll.Dispose();
                throw new RingbenchException(ExitCode.KernelRefused, $"epoll_ctl(ADD) on ring {i} of {fds.Count} failed: {LibC.ErrnoText(errno)}");
            }
        }
        _events = (LibC.EpollEvent*)NativeMemory.Alloc((nuint)(Math.Max(1, fds.Count) * sizeof(LibC.EpollEvent)));
        _owner = owner;
    }

    public void Run()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            int ready = LibC.epoll_wait(_epoll.Fd, _events, _reader.Count, _timeoutMs);
            if (ready > 0)
            {
                long consumed = 0;
                for (int i = 0; i < ready; i++)
                    consumed += _reader.Drain((int)_events[i].Data, ref counters);
                counters.CountWait(WaitOutcome.Woken, consumed);
            }
            else if (ready == 0)
            {
                counters.CountWait(WaitOutcome.TimedOut, DrainAll(ref counters));
            }
            else
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.Eintr)
                    throw new RingbenchException(ExitCode.KernelRefused, $"epoll_wait on {_reader.Count} rings failed: {LibC.ErrnoText(errno)}");
            }
            if (_backToBack)
            {
                counters.ConsumerTriggers++;
                _trigger();
            }
        }
    }

    private long DrainAll(ref ConsumerCounters counters)
    {
        long consumed = 0;
        for (int i = 0; i < _reader.Count; i++)
            consumed += _reader.Drain(i, ref counters);
        return consumed;
    }

    public void RequestStop() => _stopRequested = true;

    public long DrainRemaining()
    {
        long total = 0, consumed;
        while ((consumed = DrainAll(ref _counters[0])) > 0)
            total += consumed;
        _reader.Finish(ref _counters[0]);
        return total;
    }

    public void Dispose()
    {
        _epoll.Dispose();
        NativeMemory.Free(_events);
        _owner?.Dispose();
    }
}

/// <summary>
/// The sharded ring buffers, each drained as the single ring is (<see cref="RingDrain"/>, with
/// the variant's store of consumer_pos): the shards are independent rings, so every ordering
/// argument of the single ring holds for each.
/// </summary>
public readonly struct RingShardsReader<TStore>(RingView[] rings) : IRingSetReader where TStore : struct, IPublicationPolicy
{
    public int Count => rings.Length;

    public long Drain(int index, ref ConsumerCounters counters) => RingDrain.DrainAvailable<TStore>(in rings[index], ref counters.Records);
}
