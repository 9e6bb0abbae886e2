namespace Ringbench.Ring;

/// <summary>
/// The 8-byte header in front of every ring record (kernel/bpf/ringbuf.c, struct
/// bpf_ringbuf_hdr): a 32-bit length whose top two bits are flags, then a 32-bit page
/// offset the consumer does not need.
/// </summary>
public static class RecordHeader
{
    public const int Size = 8;

    /// <summary>Reserved, not yet committed: the consumer must stop here and wait.</summary>
    public const uint BusyBit = 1u << 31;

    /// <summary>Committed but discarded: the consumer skips it (and still frees its space).</summary>
    public const uint DiscardBit = 1u << 30;

    public static uint PayloadLength(uint lengthWord) => lengthWord & ~(BusyBit | DiscardBit);

    /// <summary>Bytes the record occupies in the ring: header plus payload, rounded up to 8.</summary>
    public static ulong Span(uint lengthWord) => (PayloadLength(lengthWord) + Size + 7UL) & ~7UL;
}
