namespace Ringbench.Results;

/// <summary>
/// The end-of-run accounting: after the producers stop and the ring is drained, every record
/// the BPF program tried to write was either consumed or dropped, exactly once. A run ringbench
/// cannot see into (the kernel bench's own process) has no account: <see cref="Checked"/> is
/// false there, and it neither holds nor fails.
/// </summary>
public sealed record Integrity(long Produced, long Consumed, long Dropped)
{
    /// <summary>The counts as a run that keeps no account reports them: produced unknown (-1 in results.csv).</summary>
    public static Integrity Unchecked(long consumed, long dropped) => new(-1, consumed, dropped);

    public bool Checked => Produced >= 0;

    /// <summary>The account balances, or there is none to balance (<see cref="Checked"/>).</summary>
    public bool Holds => !Checked || Consumed + Dropped == Produced;

    /// <summary>The outcome in one word or two, as every output says it: "ok", "FAILED", or "not checked".</summary>
    public string Outcome => !Checked ? "not checked" : Holds ? "ok" : "FAILED";

    public override string ToString() =>
        !Checked ? $"{Outcome} (the process keeps no account; it reports consumed {Consumed:N0}, dropped {Dropped:N0})"
        : Holds ? $"{Outcome} (consumed {Consumed:N0} + dropped {Dropped:N0} = produced {Produced:N0})"
        : $"{Outcome} (consumed {Consumed:N0} + dropped {Dropped:N0} != produced {Produced:N0}, off by {Consumed + Dropped - Produced:N0})";
}
