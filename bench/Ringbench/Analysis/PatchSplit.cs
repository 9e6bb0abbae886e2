using System.Globalization;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Analysis;

/// <summary>
/// The patch is two changes, and where libbpf was built four ways (bpf-progs/libbpf-flavours/:
/// before, after, the store hunk alone, the EPOLLET hunk alone) the data can tell them apart:
/// the store's part is store-only / before (a seq_cst store, still level-triggered), the
/// trigger's part once the store is in is after / store-only, and the trigger alone on the old
/// release store is et-only / before, with the stalls the patch's message warns of (a lost
/// wake-up: the release store lets the consumer's last look at producer_pos pass the kernel's
/// look at consumer_pos, kernel/bpf/ringbuf.c bpf_ringbuf_commit, and with EPOLLET nobody
/// wakes it again). Each part is a paired ratio with the folder's interval.
/// </summary>
public static class PatchSplit
{
    public sealed record Row(string Scenario, RatioInterval Whole, RatioInterval Store, RatioInterval TriggerAfterStore,
        RatioInterval TriggerAlone, long TriggerAloneStalls, int TriggerAloneTrials)
    {
        /// <summary>Where the effect comes from, in one plain sentence.</summary>
        public string Sentence => Explain(this);
    }

    /// <summary>Every scenario where the four seed flavours ran.</summary>
    public static IReadOnlyList<Row> Compute(IReadOnlyList<TrialSummary> summaries, double confidence)
    {
        var rows = new List<Row>();
        foreach (var scenario in summaries.GroupBy(s => s.Scenario))
        {
            TrialSummary? Flavour(StoreOrdering store, TriggerMode trigger) => scenario.FirstOrDefault(s =>
                s.Traits.Kind == ConsumerKind.Libbpf && s.Traits.Build == VariantTraits.SeedBuild
                && s.Traits.Store == store && s.Traits.Trigger == trigger && s.Traits.Notify == NotifyRequest.Default);
            TrialSummary? before = Flavour(StoreOrdering.Release, TriggerMode.Level), after = Flavour(StoreOrdering.SeqCst, TriggerMode.Edge);
            TrialSummary? storeOnly = Flavour(StoreOrdering.SeqCst, TriggerMode.Level), edgeOnly = Flavour(StoreOrdering.Release, TriggerMode.Edge);
            if (before is null || after is null || storeOnly is null || edgeOnly is null)
                continue;
            rows.Add(new Row(scenario.Key, RatioInterval.Of(before, after, confidence), RatioInterval.Of(before, storeOnly, confidence),
                RatioInterval.Of(storeOnly, after, confidence), RatioInterval.Of(before, edgeOnly, confidence), edgeOnly.Stalls, edgeOnly.Trials.Count));
        }
        return rows;
    }

    /// <summary>
    /// The sentence: which part moves throughput (a part whose verdict is faster or slower, or
    /// slightly so), which does not (same), and which the data cannot tell yet; the EPOLLET-alone
    /// stalls where there were any.
    /// </summary>
    public static string Explain(Row row)
    {
        string Part(string name, RatioInterval r) => VerdictRule.Decide(r) switch
        {
            Verdict.Faster or Verdict.SlightlyFaster => $"{name} makes it faster ({Text(r)})",
            Verdict.Slower or Verdict.SlightlySlower => $"{name} makes it slower ({Text(r)})",
            Verdict.Same => $"{name} changes nothing beyond ±{VerdictRule.DefaultThreshold:P0} ({Text(r)})",
            _ => $"{name}: not settled ({Text(r)})",
        };
        string sentence = $"{Part("the seq_cst store", row.Store)}; {Part("EPOLLET on top of it", row.TriggerAfterStore)}";
        if (row.TriggerAloneStalls > 0)
            sentence += string.Create(CultureInfo.InvariantCulture,
                $"; EPOLLET without the store stalls ({row.TriggerAloneStalls} lost wake-ups in {TrialSummary.CountText(row.TriggerAloneTrials)}, {Text(row.TriggerAlone)})");
        return sentence + ".";
    }

    private static string Text(RatioInterval r) => r.Text();
}
