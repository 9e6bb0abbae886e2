using System.Runtime.InteropServices;
using Ringbench.Kernel;
using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>
/// pb-custom's walk of a perf ring, outside the kernel: a ring laid out in native memory as
/// perf_event_mmap_page and its data area are, with samples and PERF_RECORD_LOST records placed
/// by hand, one of them wrapping the end of the data area. The kernel test (PerfBufferTests)
/// cannot choose where a loss record lands; this one can.
/// </summary>
public sealed unsafe class PerfRecordParsingTests : IDisposable
{
    private const int DataSize = 4096;
    private readonly byte* _control = (byte*)NativeMemory.AllocZeroed(2 * 4096);
    private readonly byte* _data = (byte*)NativeMemory.AllocZeroed(DataSize);

    public void Dispose()
    {
        NativeMemory.Free(_control);
        NativeMemory.Free(_data);
    }

    /// <summary>Writes a record at ring position <paramref name="at"/> (wrapping as the kernel does): header, then u64 words.</summary>
    private ulong Put(ulong at, uint type, params ulong[] words)
    {
        ushort size = (ushort)(8 + 8 * words.Length);
        byte[] bytes = new byte[size];
        BitConverter.GetBytes(type).CopyTo(bytes, 0);
        BitConverter.GetBytes(size).CopyTo(bytes, 6);
        for (int i = 0; i < words.Length; i++)
            BitConverter.GetBytes(words[i]).CopyTo(bytes, 8 + 8 * i);
        for (int i = 0; i < size; i++)
            _data[(at + (ulong)i) & (DataSize - 1)] = bytes[i];
        return at + size;
    }

    [Fact]
    public void SamplesAreCountedAndLossesAddedUpEvenWhereALossRecordWraps()
    {
        var ring = new PerfRingView(_control, _data, DataSize - 1);
        // Start 16 bytes before the end: the first loss record's header and id fill them, its count wraps to offset 0.
        ulong start = 10 * (ulong)DataSize - 16;
        ulong at = start;
        at = Put(at, 2, 0xabc, 7);          // PERF_RECORD_LOST: id, lost = 7 (the count wrapped)
        at = Put(at, 9, 1, 2);              // PERF_RECORD_SAMPLE: u32 size + payload, never read
        at = Put(at, 3, 0);                 // another type (PERF_RECORD_COMM, say): skipped by its size
        at = Put(at, 9, 3, 4, 5);
        at = Put(at, 2, 0xabc, 5);
        *ring.DataTail = start;
        *ring.DataHead = at;
        ConsumerCounters[] counters = ConsumerSetup.NewCounters();
        var reader = new PerfRingsReader([ring]);
        Assert.Equal(2, reader.Drain(0, ref counters[0]));
        Assert.Equal(2, counters[0].Records);
        Assert.Equal(12, counters[0].LostReported);
        Assert.Equal(at, *ring.DataTail);
        // Nothing new: nothing counted, the tail stays.
        Assert.Equal(0, reader.Drain(0, ref counters[0]));
        Assert.Equal(at, *ring.DataTail);
    }

    [Fact]
    public void ARecordShorterThanItsHeaderIsACorruptRingNotALoop()
    {
        var ring = new PerfRingView(_control, _data, DataSize - 1);
        _data[6] = 4; // size 4 < the 8-byte header
        *ring.DataTail = 0;
        *ring.DataHead = 8;
        ConsumerCounters[] counters = ConsumerSetup.NewCounters();
        var error = Assert.Throws<RingbenchException>(() => new PerfRingsReader([ring]).Drain(0, ref counters[0]));
        Assert.Contains("perf ring corrupt", error.Message);
    }
}
