using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// A BPF_MAP_TYPE_RINGBUF map mapped into this process the way libbpf maps it: the consumer
/// page read-write at offset 0; from offset one page, read-only, the producer page followed
/// by the data area twice (the kernel maps its pages twice in a row), so a record that wraps
/// the end of the data area reads as one contiguous span.
/// </summary>
public sealed unsafe class MappedRing : IDisposable
{
    private readonly MemoryMapping _consumerPage;
    private readonly MemoryMapping _producerSide;

    public MappedRing(int mapFd, uint dataSize)
    {
        int page = LibC.PageSize;
        _consumerPage = MemoryMapping.Map(0, (nuint)page, LibC.ProtRead | LibC.ProtWrite, LibC.MapShared, mapFd, 0, "the ring's consumer page");
        try
        {
            _producerSide = MemoryMapping.Map(0, (nuint)(page + 2 * (long)dataSize), LibC.ProtRead, LibC.MapShared, mapFd, page,
                "the ring's producer page and data");
        }
        catch
        {
            _consumerPage.Dispose();
            throw;
        }
        View = new RingView((ulong*)_consumerPage.Address, (ulong*)_producerSide.Address,
            (byte*)_producerSide.Address + page, dataSize);
    }

    public RingView View { get; }

    public void Dispose()
    {
        _producerSide.Dispose();
        _consumerPage.Dispose();
    }
}
