using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// A ring laid out exactly like the kernel's mapping (consumer page, producer page, data
/// area mapped twice in a row) but in this process's memory (a memfd), with the producer's
/// half of the protocol: reserve (header with BUSY, producer_pos advanced with release),
/// commit (BUSY cleared with a full barrier) or discard. For protocol tests and simulation;
/// the benchmark path always uses the kernel's ring.
/// </summary>
public sealed unsafe class InMemoryRing : IDisposable
{
    private readonly FileDescriptorHandle _memfd;
    private readonly MemoryMapping _reservation;
    private readonly int _page;

    public InMemoryRing(uint dataSize)
    {
        _page = LibC.PageSize;
        if (dataSize == 0 || (dataSize & (dataSize - 1)) != 0 || dataSize % _page != 0)
            throw new ArgumentException($"ring size {dataSize} must be a power of two and a multiple of the page size {_page}");

        int fd = LibC.memfd_create("ringbench-ring", 0);
        if (fd < 0)
            throw new RingbenchException(ExitCode.Environment, $"memfd_create failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        _memfd = new FileDescriptorHandle(fd);
        long fileSize = 2L * _page + dataSize;
        if (LibC.ftruncate(fd, fileSize) != 0)
            throw new RingbenchException(ExitCode.Environment, $"ftruncate of the ring memfd failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");

        // Reserve one span of address space, then place the file in it twice over: the
        // pages [0, 2 pages + data) and, right after, the data pages again.
        nuint total = (nuint)(2L * _page + 2L * dataSize);
        _reservation = MemoryMapping.Map(0, total, 0, LibC.MapPrivate | LibC.MapAnonymous, -1, 0, "address space for the in-memory ring");
        int rw = LibC.ProtRead | LibC.ProtWrite;
        MapFixed(_reservation.Address, (nuint)fileSize, rw, fd, 0);
        MapFixed(_reservation.Address + (nint)fileSize, dataSize, rw, fd, 2L * _page);

        byte* baseAddress = (byte*)_reservation.Address;
        View = new RingView((ulong*)baseAddress, (ulong*)(baseAddress + _page), baseAddress + 2 * _page, dataSize);
    }

    public RingView View { get; }

    public ulong ProducerPosition => Volatile.Read(ref *View.ProducerPosition);

    public ulong ConsumerPosition => Volatile.Read(ref *View.ConsumerPosition);

    /// <summary>
    /// Reserves a record of <paramref name="length"/> bytes with BUSY set, as
    /// __bpf_ringbuf_reserve does; returns its position, or null if the ring lacks space.
    /// Single producer: callers serialise reservations (the kernel holds a spinlock).
    /// </summary>
    public ulong? Reserve(uint length)
    {
        ulong span = RecordHeader.Span(length);
        ulong producer = *View.ProducerPosition;
        // Acquire: pairs with the consumer's store of consumer_pos, so its reads of the
        // space we are about to reuse are complete.
        ulong consumer = Volatile.Read(ref *View.ConsumerPosition);
        if (producer - consumer + span > View.DataSize)
            return null;
        uint* header = (uint*)(View.Data + (producer & View.Mask));
        header[0] = length | RecordHeader.BusyBit;
        header[1] = 0;
        // Release: the BUSY header is visible before the new producer_pos that covers it.
        Volatile.Write(ref *View.ProducerPosition, producer + span);
        return producer;
    }

    /// <summary>Where the record at <paramref name="position"/> keeps its payload.</summary>
    public Span<byte> Payload(ulong position, uint length) =>
        new(View.Data + (position & View.Mask) + RecordHeader.Size, (int)length);

    /// <summary>Clears BUSY (and maybe sets DISCARD) with a full barrier, as bpf_ringbuf_commit's xchg.</summary>
    public void Commit(ulong position, bool discard = false)
    {
        int* header = (int*)(View.Data + (position & View.Mask));
        uint length = RecordHeader.PayloadLength((uint)*header);
        Interlocked.Exchange(ref *header, (int)(discard ? length | RecordHeader.DiscardBit : length));
    }

    /// <summary>Reserve, write, commit: one whole record. Returns false if the ring was full.</summary>
    public bool Write(ReadOnlySpan<byte> payload, bool discard = false)
    {
        ulong? position = Reserve((uint)payload.Length);
        if (position is null)
            return false;
        payload.CopyTo(Payload(position.Value, (uint)payload.Length));
        Commit(position.Value, discard);
        return true;
    }

    public void Dispose()
    {
        _reservation.Dispose();
        _memfd.Dispose();
    }

    private static void MapFixed(nint at, nuint length, int prot, int fd, long offset)
    {
        nint got = LibC.mmap(at, length, prot, LibC.MapShared | LibC.MapFixed, fd, (nint)offset);
        if (got != at)
            throw new RingbenchException(ExitCode.Environment, $"mmap of the in-memory ring failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
    }
}
