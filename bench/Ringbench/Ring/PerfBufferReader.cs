using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// pb-custom: the kernel bench's own perf buffer reader (bench_ringbufs.c, perfbuf_custom_consumer),
/// in C#. libbpf opens the per-CPU perf events and maps them (<see cref="PerfBuffer"/>, as the
/// bench's setup does); this reader registers each CPU's event fd in an epoll of its own
/// (level-triggered EPOLLIN, as libbpf registers them), and after each wait walks the rings that
/// were reported, counting samples, and hands the space back with one data_tail store per ring.
/// The bench's reader counts samples only; this one also adds up the losses the kernel reports
/// (PERF_RECORD_LOST), to set beside the drops the producer counted.
/// </summary>
public sealed unsafe class PerfBufferReader : IRingConsumer
{
    private const uint PerfRecordLost = 2;   // enum perf_event_type, include/uapi/linux/perf_event.h
    private const uint PerfRecordSample = 9;
    private const int RecordHeaderSize = 8;  // struct perf_event_header: u32 type, u16 misc, u16 size
    private const int LostCountOffset = 16;  // PERF_RECORD_LOST: header, u64 id, u64 lost

    private readonly PerfBuffer _perf;
    private readonly PerfRingView[] _rings;
    private readonly FileDescriptorHandle _epoll;
    private readonly LibC.EpollEvent* _events;
    private readonly ConsumerCounters[] _counters;
    private readonly int _timeoutMs;
    private readonly bool _backToBack;
    private readonly Action _trigger;
    private volatile bool _stopRequested;

    public PerfBufferReader(ConsumerSetup setup)
    {
        _counters = setup.Counters;
        _timeoutMs = setup.WaitTimeoutMs;
        _backToBack = setup.BackToBack;
        _trigger = setup.Trigger ?? (() => { });
        _perf = new PerfBuffer(setup.Perf ?? throw new InvalidOperationException("pb-custom needs the perf buffer's setup"), setup.Counters);
        try
        {
            _rings = new PerfRingView[_perf.BufferCount];
            int epfd = LibC.epoll_create1(LibC.EpollCloexec);
            if (epfd < 0)
                throw new RingbenchException(ExitCode.Environment, $"epoll_create1 failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
            _epoll = new FileDescriptorHandle(epfd);
            for (int i = 0; i < _rings.Length; i++)
            {
                _rings[i] = _perf.Ring(i);
                var registration = new LibC.EpollEvent { Events = LibC.EpollIn, Data = (ulong)i };
                if (LibC.epoll_ctl(epfd, LibC.EpollCtlAdd, _perf.BufferFd(i), &registration) != 0)
                {
                    throw new RingbenchException(ExitCode.KernelRefused,
                        $"epoll_ctl(ADD) on perf buffer {i} failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
                }
            }
            _events = (LibC.EpollEvent*)NativeMemory.Alloc((nuint)(_rings.Length * sizeof(LibC.EpollEvent)));
        }
        catch
        {
            _epoll?.Dispose();
            _perf.Dispose();
            throw;
        }
    }

    public void Run()
    {
        ref ConsumerCounters counters = ref _counters[0];
        while (!_stopRequested)
        {
            counters.Waits++;
            int ready = LibC.epoll_wait(_epoll.Fd, _events, _rings.Length, _timeoutMs);
            if (ready > 0)
            {
                long consumed = 0;
                for (int i = 0; i < ready; i++)
                    consumed += Drain(in _rings[(int)_events[i].Data], ref counters);
                counters.CountWait(WaitOutcome.Woken, consumed);
            }
            else if (ready == 0)
            {
                // A timeout: look at every ring anyway, so a missed wake-up costs one timeout and
                // is counted as a stall (the bench's reader waits forever instead).
                counters.CountWait(WaitOutcome.TimedOut, DrainAll(ref counters));
            }
            else
            {
                int errno = Marshal.GetLastPInvokeError();
                if (errno != LibC.Eintr)
                    throw new RingbenchException(ExitCode.KernelRefused, $"epoll_wait on the perf buffer failed: {LibC.ErrnoText(errno)}");
            }
            if (_backToBack)
            {
                counters.ConsumerTriggers++;
                _trigger();
            }
        }
    }

    /// <summary>
    /// Walks one CPU's ring from data_tail to data_head and gives the space back. Records are
    /// 8-byte aligned and at least a header long, so a header never straddles the end of the data
    /// area, and a sample's body is never read: the bench's reader only counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Drain(in PerfRingView ring, ref ConsumerCounters counters)
    {
        // Acquire: pairs with the kernel's smp_wmb() in perf_output_put_handle, between writing
        // the records and publishing data_head (tools' ring_buffer_read_head is the same load).
        // Every record below the head we read is written.
        ulong head = Volatile.Read(ref *ring.DataHead);
        // Plain load: only this reader writes data_tail, so it reads its own last store.
        ulong tail = *ring.DataTail;
        long samples = 0;
        while (tail != head)
        {
            byte* record = ring.Data + (tail & ring.Mask);
            uint type = *(uint*)record;
            ushort size = *(ushort*)(record + 6);
            if (size < RecordHeaderSize)
                throw new RingbenchException(ExitCode.KernelRefused, $"perf ring corrupt: a record of {size} bytes at {tail}");
            if (type == PerfRecordSample)
            {
                // Per sample and atomic, as the bench's reader counts (atomic_inc of its hit counter).
                Interlocked.Increment(ref counters.Records);
                samples++;
            }
            else if (type == PerfRecordLost)
            {
                // Read by this thread only until the sampler's once-a-second snapshot.
                counters.LostReported += (long)*(ulong*)(ring.Data + ((tail + LostCountOffset) & ring.Mask));
            }
            tail += size;
        }
        // Release: pairs with the kernel's smp_mb() in perf_output_begin before it reads
        // data_tail (tools' ring_buffer_write_tail is the same store): our reads of these
        // records are done before the kernel may write over their space.
        Volatile.Write(ref *ring.DataTail, tail);
        return samples;
    }

    private long DrainAll(ref ConsumerCounters counters)
    {
        long consumed = 0;
        for (int i = 0; i < _rings.Length; i++)
            consumed += Drain(in _rings[i], ref counters);
        return consumed;
    }

    public void RequestStop() => _stopRequested = true;

    public long DrainRemaining() => DrainAll(ref _counters[0]);

    public void Dispose()
    {
        _epoll.Dispose();
        NativeMemory.Free(_events);
        _perf.Dispose();
    }
}
