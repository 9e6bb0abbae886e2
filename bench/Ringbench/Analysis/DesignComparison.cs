using Ringbench.Model;
using Ringbench.Ring;

namespace Ringbench.Analysis;

/// <summary>
/// Which consumer design is correct and which is cheapest here: every port and libbpf build of
/// a consumer design in a folder (the 2023 patch, its positive control, the 2026 barrier fix,
/// the lazy fence, batched publication), with the model check's verdict for its design, the
/// stalls its runs showed, and its throughput against libbpf as shipped (the seed's unpatched
/// build, else the system library) with the folder's interval and the counters that say why.
/// Designs are recognised by their traits (store and trigger), never by name.
/// </summary>
public static class DesignComparison
{
    /// <summary>The model design a variant's store and trigger are, or null for one that is not a consumer design of the model.</summary>
    public static ConsumerDesign? DesignOf(VariantTraits v)
    {
        if (v.Kind is not (ConsumerKind.Port or ConsumerKind.Libbpf))
            return null;
        // A libbpf built from a user's diff claims only its store and trigger; its fences are not
        // known, so it is no model design (it is judged against its own before-build instead).
        if (IsUserBuild(v) && v.Store is StoreOrdering.Release or StoreOrdering.SeqCst)
            return null;
        return (v.Store, v.Trigger) switch
        {
            (StoreOrdering.Release, TriggerMode.Level) => ConsumerDesigns.Shipped,
            (StoreOrdering.Release, TriggerMode.Edge) => ConsumerDesigns.EdgeOnly,
            // libbpf built with the 2023 patch keeps a release store on its callback bail-out path; the port does not.
            (StoreOrdering.SeqCst, TriggerMode.Edge) => v.Kind == ConsumerKind.Libbpf ? ConsumerDesigns.Patch2023AsBuilt : ConsumerDesigns.Patch2023,
            (StoreOrdering.SeqCst, TriggerMode.Level) => ConsumerDesigns.StoreOnly,
            (StoreOrdering.ReleaseThenBarrier, TriggerMode.Level) => ConsumerDesigns.Barrier,
            (StoreOrdering.ReleaseThenBarrier, TriggerMode.Edge) => ConsumerDesigns.BarrierEdge,
            (StoreOrdering.ReleaseLazyFence, TriggerMode.Edge) => ConsumerDesigns.LazyEdge,
            (StoreOrdering.OncePerPassFenced, TriggerMode.Edge) => ConsumerDesigns.BatchEdge,
            (StoreOrdering.ReleaseOncePerPass, TriggerMode.Level) => ConsumerDesigns.KernelBench,
            _ => null,
        };
    }

    /// <summary>
    /// The positive control: EPOLLET with a release store per record and no fence, the design that
    /// must stall where the race is hit (libbpf-et-only, et-release). The one predicate stress, the
    /// designs' section and the report's conclusion all ask; a user's build is never it (its fences are not known).
    /// </summary>
    public static bool IsPositiveControl(VariantTraits v) => DesignOf(v) == ConsumerDesigns.EdgeOnly;

    /// <summary>A libbpf built here from a user's diff by libbpf-patch FILE NAME: builds NAME-before and NAME-after (the seed's -O0 builds are before-o0 and after-o0).</summary>
    public static bool IsUserBuild(VariantTraits v) =>
        v.Kind == ConsumerKind.Libbpf && (v.Build.EndsWith(BeforeSuffix, StringComparison.Ordinal) || v.Build.EndsWith(AfterSuffix, StringComparison.Ordinal));

    /// <summary>
    /// A user's diff as libbpf-patch builds it: NAME-before (the source as shipped) and NAME-after
    /// (with the diff), on one scenario: the ratio after/before, the verdict, the stalls on each side.
    /// </summary>
    public sealed record UserPair(string Name, string Scenario, VariantTraits Before, VariantTraits After, RatioInterval Ratio, Verdict Verdict,
        long StallsBefore, long StallsAfter, int Runs, ReaderCost.Mechanism BeforeSide, ReaderCost.Mechanism AfterSide);

    private const string BeforeSuffix = "-before", AfterSuffix = "-after";

    /// <summary>Every NAME-before/NAME-after pair of builds that ran on a scenario, paired by trial.</summary>
    public static IReadOnlyList<UserPair> UserPairs(IReadOnlyList<TrialSummary> summaries, double confidence)
    {
        var pairs = new List<UserPair>();
        var byBuild = summaries.Where(s => IsUserBuild(s.Traits)).GroupBy(s => s.Scenario);
        foreach (var scenario in byBuild)
        {
            foreach (TrialSummary after in scenario.Where(s => s.Traits.Build.EndsWith(AfterSuffix, StringComparison.Ordinal)))
            {
                string name = after.Traits.Build[..^AfterSuffix.Length];
                if (scenario.FirstOrDefault(s => s.Traits.Build == name + BeforeSuffix) is not TrialSummary before)
                    continue;
                RatioInterval ratio = RatioInterval.Of(before, after, confidence);
                pairs.Add(new UserPair(name, scenario.Key, before.Traits, after.Traits, ratio, VerdictRule.Decide(ratio),
                    before.Stalls, after.Stalls, after.Trials.Count, ReaderCost.Mechanism.Of(before), ReaderCost.Mechanism.Of(after)));
            }
        }
        return pairs;
    }

    /// <summary>The 2026 designs: the ones this section is about (the rest are there to be compared with).</summary>
    public static bool Is2026Design(ConsumerDesign d) => d.Name is "barrier-lt" or "barrier-et" or "lazy-et" or "batch-et";

    /// <summary>One variant on one scenario against libbpf as shipped.</summary>
    public sealed record Row(string Scenario, int Bound, VariantTraits Variant, ConsumerDesign Design, bool ModelLosesWakeup,
        long Stalls, int RunsWithStalls, int Runs, ReaderCost.Mechanism Side, ReaderCost.Mechanism? Baseline, RatioInterval? Ratio, Verdict? Verdict);

    /// <summary>One variant over the folder: its design, the model's verdicts and every stall its runs showed.</summary>
    public sealed record Standing(VariantTraits Variant, ConsumerDesign Design, bool ModelLosesUnbounded, bool ModelLosesBounded,
        long Stalls, int RunsWithStalls, int Runs, bool IsPositiveControl)
    {
        /// <summary>The model finds no lost wake-up and no run stalled.</summary>
        public bool CorrectHere => !ModelLosesUnbounded && !ModelLosesBounded && Stalls == 0;
    }

    public sealed record Result(VariantTraits? Baseline, int WaitTimeoutMs, IReadOnlyList<Standing> Standings, IReadOnlyList<Row> Rows,
        IReadOnlyList<UserPair> UserPairs)
    {
        public bool Any => Standings.Any(s => Is2026Design(s.Design)) || UserPairs.Count > 0;

        /// <summary>The positive control's stalls in this folder.</summary>
        public long ControlStalls => Standings.Where(s => s.IsPositiveControl).Sum(s => s.Stalls);

        /// <summary>The positive control stalled in this folder (or there was none to say so).</summary>
        public bool? ControlStalled => Standings.Where(s => s.IsPositiveControl).Select(s => (bool?)(s.Stalls > 0)).DefaultIfEmpty(null).Max();
    }

    public static Result Compute(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<VariantTraits> variants, double confidence)
    {
        VariantTraits? baseline = variants.FirstOrDefault(v => v.Kind == ConsumerKind.Libbpf && v.Build == VariantTraits.SeedBuild && v.IsBeforePatch)
                                  ?? variants.FirstOrDefault(v => v.Kind == ConsumerKind.Libbpf && v.Build == VariantTraits.SystemBuild);
        var byRun = summaries.ToDictionary(s => (s.Scenario, s.Variant));
        var verdicts = new Dictionary<(string, int?), bool>();
        bool Loses(ConsumerDesign d, int? bound)
        {
            if (!verdicts.TryGetValue((d.Name, bound), out bool loses))
                verdicts[(d.Name, bound)] = loses = TsoWakeupModel.Check(d, bound).CanLoseWakeup;
            return loses;
        }
        var rows = new List<Row>();
        foreach (TrialSummary s in summaries)
        {
            if (DesignOf(s.Traits) is not ConsumerDesign design)
                continue;
            int bound = s.Trials[0].ConsumerBound;
            TrialSummary? b = baseline is null || baseline.Name == s.Variant ? null : byRun.GetValueOrDefault((s.Scenario, baseline.Name));
            RatioInterval? ratio = b is null ? null : RatioInterval.Of(b, s, confidence);
            rows.Add(new Row(s.Scenario, bound, s.Traits, design, Loses(design, bound > 0 ? bound : null),
                // Stalls in the measured seconds, as every other output counts them.
                s.Stalls, s.Trials.Count(t => t.Stalls > 0), s.Trials.Count, ReaderCost.Mechanism.Of(s),
                b is null ? null : ReaderCost.Mechanism.Of(b), ratio, ratio is null ? null : VerdictRule.Decide(ratio)));
        }
        var standings = rows.GroupBy(r => r.Variant.Name).Select(g => new Standing(g.First().Variant, g.First().Design,
            Loses(g.First().Design, null), Loses(g.First().Design, 1), g.Sum(r => r.Stalls), g.Sum(r => r.RunsWithStalls), g.Sum(r => r.Runs),
            IsPositiveControl(g.First().Variant))).ToList();
        int timeout = summaries.SelectMany(s => s.Trials).Select(t => t.WaitTimeoutMs).DefaultIfEmpty(0).Max();
        return new Result(baseline, timeout, standings, rows, UserPairs(summaries, confidence));
    }

    /// <summary>Per scenario, the correct 2026 design with the highest throughput ratio, and that row.</summary>
    public static IReadOnlyList<Row> CheapestCorrect(Result result) =>
        result.Rows.Where(r => Is2026Design(r.Design) && r.Ratio is not null
                               && result.Standings.First(s => s.Variant.Name == r.Variant.Name).CorrectHere)
            .GroupBy(r => r.Scenario).Select(g => g.MaxBy(r => r.Ratio!.Ratio)!).ToList();
}
