namespace Ringbench.Results;

/// <summary>
/// The end-of-run accounting: after the producers stop and the ring is drained, every record
/// the BPF program tried to write was either consumed or dropped, exactly once.
/// </summary>
public sealed record Integrity(long Produced, long Consumed, long Dropped)
{
    public bool Holds => Consumed + Dropped == Produced;

    public override string ToString() => Holds
        ? $"ok (consumed {Consumed:N0} + dropped {Dropped:N0} = produced {Produced:N0})"
        : $"FAILED (consumed {Consumed:N0} + dropped {Dropped:N0} != produced {Produced:N0}, off by {Consumed + Dropped - Produced:N0})";
}
