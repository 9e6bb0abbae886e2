using System.Runtime.CompilerServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// pb-custom: the kernel bench's own perf buffer reader (bench_ringbufs.c, perfbuf_custom_consumer),
/// in C#. libbpf opens the per-CPU perf events and maps them (<see cref="PerfBuffer"/>, as the
/// bench's setup does); the reader registers each CPU's event fd in an epoll of its own
/// (level-triggered EPOLLIN, as libbpf registers them: <see cref="MultiRingConsumer{TReader}"/>),
/// and after each wait walks the rings that were reported, counting samples, and hands the space
/// back with one data_tail store per ring. The bench's reader counts samples only; this one also
/// adds up the losses the kernel reports (PERF_RECORD_LOST), to set beside the drops the producer counted.
/// </summary>
public static class PerfBufferReader
{
    public static IRingConsumer Create(ConsumerSetup setup)
    {
        var perf = new PerfBuffer(setup.Perf ?? throw new InvalidOperationException("pb-custom needs the perf buffer's setup"), setup.Counters);
        try
        {
            var rings = Enumerable.Range(0, perf.BufferCount).Select(perf.Ring).ToArray();
            var fds = Enumerable.Range(0, perf.BufferCount).Select(perf.BufferFd).ToList();
            return new MultiRingConsumer<PerfRingsReader>(setup, new PerfRingsReader(rings), fds, LibC.EpollIn, owner: perf);
        }
        catch
        {
            perf.Dispose();
            throw;
        }
    }
}

/// <summary>The perf buffer's per-CPU rings, each walked from data_tail to data_head.</summary>
public readonly unsafe struct PerfRingsReader(PerfRingView[] rings) : IRingSetReader
{
    private const uint PerfRecordLost = 2;   // enum perf_event_type, include/uapi/linux/perf_event.h
    private const uint PerfRecordSample = 9;
    private const int RecordHeaderSize = 8;  // struct perf_event_header: u32 type, u16 misc, u16 size
    private const int LostCountOffset = 16;  // PERF_RECORD_LOST: header, u64 id, u64 lost

    public int Count => rings.Length;

    /// <summary>
    /// Walks one CPU's ring from data_tail to data_head and gives the space back. Records are
    /// 8-byte aligned and at least a header long, so a header never straddles the end of the data
    /// area, and a sample's body is never read: the bench's reader only counts.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public long Drain(int index, ref ConsumerCounters counters)
    {
        ref readonly PerfRingView ring = ref rings[index];
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
}
