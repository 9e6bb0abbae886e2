using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Analysis;

/// <summary>
/// What a folder concludes, as facts for the report's first paragraph: the machine against the
/// patch's (what such a box can and cannot say), the correctness claim (stalls with the EPOLLET
/// hunk alone, none with both, the wait timeout), each performance claim with the counters that
/// explain it (sleeps, drops, consumer CPU per record, the store's share from the split), and
/// the 2026 designs (<see cref="DesignComparison"/>). Computed once; the reports only word it.
/// </summary>
public static class Conclusion
{
    /// <summary>The machine as it is, beside the patch's.</summary>
    public sealed record Scope(MachineInfo Machine, MachineInfo? Patch)
    {
        public bool Virtualised => Machine.Virtualised;

        /// <summary>Fewer than half the patch machine's CPUs: the many-producer rows oversubscribe it.</summary>
        public bool FewerCpus => Patch is not null && Machine.Cpus * 2 <= Patch.Cpus;
    }

    /// <summary>One variant's lost wake-ups in the measured seconds.</summary>
    public sealed record Stalls(string Variant, long Count, int RunsStalled, int Runs, IReadOnlyList<string> Scenarios);

    /// <summary>The correctness claim: EPOLLET without the seq_cst store (the positive control) against the patched consumer.</summary>
    public sealed record Correctness(IReadOnlyList<Stalls> EdgeWithoutStore, IReadOnlyList<Stalls> Patched, int WaitTimeoutMs);

    /// <summary>One performance claim of the patch, judged here, with both sides' counters.</summary>
    public sealed record Claim(Reproduction.Row Row, ReaderCost.Mechanism Before, ReaderCost.Mechanism After, PatchSplit.Row? Split);

    /// <summary>
    /// The kernel's own bench beside ringbench's pair on the headline row: the bench's after/before
    /// (<paramref name="Pair"/>, its rb-libbpf built <paramref name="Level"/>), ringbench over the
    /// bench on each side of the patch (<paramref name="Sides"/>), and over every headline row how
    /// many of those comparisons fell within the tolerance.
    /// </summary>
    public sealed record BenchBeside(PairResult Pair, BuildLevel Level, Reproduction.Row? Against, IReadOnlyList<HarnessAgainstBench.Row> Sides, int Within, int Compared);

    /// <summary>The facts; <paramref name="EveryRow"/> holds every judged row's claim with its counters, <paramref name="Claims"/> the ones the paragraph states.</summary>
    public sealed record Facts(Scope Scope, Correctness? Correctness, IReadOnlyList<Claim> Claims, DesignComparison.Result Designs,
        IReadOnlyDictionary<string, Claim> EveryRow)
    {
        /// <summary>The kernel's own bench on the headline row, where its pair ran there (null otherwise).</summary>
        public BenchBeside? Bench { get; init; }
    }

    /// <summary>The rows the patch's message claims on, in the order a reply would take them.</summary>
    public static readonly IReadOnlyList<string> ClaimRows = ["parallel", "parallel-sampled", "b2b", "multi-producer-4", "multi-producer-12"];

    public static Facts Of(FolderSummary summary)
    {
        var scope = new Scope(summary.Machine, summary.Patch?.Machine);
        // The patch's first hunk alone (the positive control, EdgeOnly) and both hunks (Patch2023, libbpf's as built), libbpf or port.
        Stalls Of(StallAccount.Variant v) => new(v.Name, v.Stalls, v.RunsStalled, v.Runs,
            summary.Summaries.Where(s => s.Variant == v.Name && s.Stalls > 0).Select(s => s.Scenario).ToList());
        var traits = summary.Variants.ToDictionary(v => v.Name);
        // By the model design each variant is (DesignComparison.DesignOf): a build of a user's diff claims its
        // store and trigger, not its fences, so it is no design and no evidence either way here.
        Model.ConsumerDesign? Design(StallAccount.Variant v) => traits.TryGetValue(v.Name, out VariantTraits? t) ? DesignComparison.DesignOf(t) : null;
        var control = summary.Stalls.Variants.Where(v => Design(v) == Model.ConsumerDesigns.EdgeOnly).Select(Of).ToList();
        var patched = summary.Stalls.Variants.Where(v => Design(v) is { } d && (d == Model.ConsumerDesigns.Patch2023 || d == Model.ConsumerDesigns.Patch2023AsBuilt))
            .Select(Of).ToList();
        int timeout = summary.Rows.Select(r => r.WaitTimeoutMs).DefaultIfEmpty(0).Max();
        Correctness? correctness = control.Count + patched.Count > 0 ? new Correctness(control, patched, timeout) : null;

        var every = new Dictionary<string, Claim>();
        foreach (Reproduction.Row row in summary.Reproduction.Where(r => r.Headline && !r.IsControl))
        {
            TrialSummary? before = summary.Find(row.Scenario, row.BeforeVariant), after = summary.Find(row.Scenario, row.AfterVariant);
            if (before is not null && after is not null)
                every[row.Scenario] = new Claim(row, ReaderCost.Mechanism.Of(before), ReaderCost.Mechanism.Of(after),
                    summary.Splits.FirstOrDefault(s => s.Scenario == row.Scenario));
        }
        var claims = ClaimRows.Where(every.ContainsKey).Select(s => every[s]).ToList();
        return new Facts(scope, correctness, claims, summary.Designs, every) { Bench = BenchOf(summary) };
    }

    /// <summary>
    /// The bench's pair on the headline scenario, -O2 (the level of ringbench's headline libbpf, so
    /// the two harnesses share a library) before -O0 (the patch's protocol); with ringbench over the
    /// bench where ringbench's libbpf of that level ran beside it.
    /// </summary>
    private static BenchBeside? BenchOf(FolderSummary summary)
    {
        foreach (var (pairName, level) in new[] { (PatchPair.KernelBenchO2Name, BuildLevel.O2), (PatchPair.KernelBenchO0Name, BuildLevel.O0) })
        {
            if (summary.Pairs.FirstOrDefault(p => p.Scenario == ScenarioCatalog.HeadlineScenario && p.Pair == pairName) is not { } pair)
                continue;
            bool OfThisPair(HarnessAgainstBench.Row r) => summary.Pairs.Any(p => p.Scenario == r.Scenario && p.Pair == pairName &&
                                                                                 (p.Before.Variant == r.BenchVariant || p.After.Variant == r.BenchVariant));
            var headlineRows = summary.AgainstBench.Where(r => ScenarioCatalog.HeadlineIds.Contains(r.Scenario) && OfThisPair(r)).ToList();
            var sides = headlineRows.Where(r => r.Scenario == ScenarioCatalog.HeadlineScenario)
                .OrderBy(r => r.BenchVariant == pair.Before.Variant ? 0 : 1).ToList();
            var against = summary.Reproduction.FirstOrDefault(r => r.Scenario == pair.Scenario && r.Pair == pairName);
            return new BenchBeside(pair, level, against, sides, headlineRows.Count(r => r.IsWithin), headlineRows.Count);
        }
        return null;
    }
}
