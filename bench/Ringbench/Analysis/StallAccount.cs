using Ringbench.Results;

namespace Ringbench.Analysis;

/// <summary>
/// Lost wake-ups and the end-of-run account of a folder, counted once over the runs ringbench
/// counted itself (the kernel bench's process keeps neither: <see cref="ResultRow.ConsumerCounted"/>):
/// stalls per variant in the measured seconds and over whole runs, the end-of-run waits (those of
/// sampled notification apart: records below the sample threshold wait for a wake-up that mode
/// never sends), and the runs whose account did not balance. The analysers' findings and the
/// review's stall line both read it.
/// </summary>
public sealed record StallAccount(IReadOnlyList<StallAccount.Variant> Variants, int RunsCounted, int RunsWithoutAccount,
    long EndWaitsSampled, long EndWaitsOther, IReadOnlyList<ResultRow> IntegrityFailures)
{
    /// <summary>Runs of reader processes (reader-*): their account is checked, their waits are not counted.</summary>
    public int RunsOfReaders { get; init; }

    /// <summary>One variant's stalls: in the measured seconds, over whole runs, and in how many of its runs.</summary>
    public sealed record Variant(string Name, long Stalls, long StallsRunTotal, int RunsStalled, int Runs);

    /// <summary>Every variant that stalled at all (warm-up and final drain included), in table order.</summary>
    public IEnumerable<Variant> Stalled => Variants.Where(v => v.StallsRunTotal > 0);

    /// <summary>Counts <paramref name="summaries"/> over the runs ringbench counted, the variants in table order (<paramref name="order"/>).</summary>
    public static StallAccount Of(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<Ring.VariantTraits> order)
    {
        var position = order.Select((v, i) => (v.Name, i)).ToDictionary(x => x.Name, x => x.i);
        var runs = summaries.SelectMany(s => s.Trials).ToList();
        var counted = runs.Where(r => r.WaitsCounted).ToList();
        var variants = counted.GroupBy(r => r.Variant).Select(g => new Variant(g.Key, g.Sum(r => r.Stalls), g.Sum(r => r.StallsRunTotal),
            g.Count(r => r.Stalls > 0), g.Count())).OrderBy(v => position.GetValueOrDefault(v.Name, int.MaxValue)).ToList();
        return new StallAccount(variants, counted.Count, runs.Count(r => !r.ConsumerCounted),
            counted.Where(r => r.Sampled).Sum(r => r.StallsRunTotal - r.Stalls), counted.Where(r => !r.Sampled).Sum(r => r.StallsRunTotal - r.Stalls),
            runs.Where(r => !r.IntegrityOk).ToList())
        {
            RunsOfReaders = runs.Count(r => r.ConsumerCounted && !r.WaitsCounted),
        };
    }
}
