using Ringbench.Ring;

namespace Ringbench.Running;

/// <summary>
/// The order runs happen in within one scenario: every trial runs every variant, and the
/// order rotates from trial to trial (A B C, B C A, C A B, ...), so slow drift and noisy
/// neighbours land on every variant alike instead of always on the one that runs last.
/// </summary>
public static class TrialSchedule
{
    public readonly record struct Slot(int Trial, int Position, ConsumerVariant Variant);

    public static IEnumerable<Slot> For(IReadOnlyList<ConsumerVariant> variants, int trials)
    {
        for (int trial = 0; trial < trials; trial++)
        {
            for (int position = 0; position < variants.Count; position++)
                yield return new Slot(trial, position, variants[(trial + position) % variants.Count]);
        }
    }
}
