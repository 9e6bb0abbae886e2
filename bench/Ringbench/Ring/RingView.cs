namespace Ringbench.Ring;

/// <summary>
/// Raw pointers into a mapped ring: the consumer position (on a page this process may
/// write), the producer position (on a read-only page), and the data area, which is
/// mapped twice back to back so that a record wrapping the end is contiguous in memory.
/// A plain struct so the hot loop reads fields, not properties of an object.
/// </summary>
public readonly unsafe struct RingView(ulong* consumerPosition, ulong* producerPosition, byte* data, ulong dataSize)
{
    public readonly ulong* ConsumerPosition = consumerPosition;
    public readonly ulong* ProducerPosition = producerPosition;
    public readonly byte* Data = data;
    /// <summary>Data size minus one; the size is a power of two, so position &amp; Mask is the offset.</summary>
    public readonly ulong Mask = dataSize - 1;

    public ulong DataSize => Mask + 1;
}
