namespace Ringbench.Kernel;

/// <summary>The BPF producer's cumulative counters (its .bss), read at one instant.</summary>
public readonly record struct ProducerCounters(long Triggers, long Attempted, long Dropped)
{
    public static ProducerCounters operator -(ProducerCounters a, ProducerCounters b) =>
        new(a.Triggers - b.Triggers, a.Attempted - b.Attempted, a.Dropped - b.Dropped);
}
