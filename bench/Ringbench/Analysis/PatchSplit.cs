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

    /// <summary>
    /// Every scenario where the four seed flavours ran: the whole is the folder's libbpf pair
    /// (<paramref name="pairs"/>, computed once), the hunks alone are that pair's family members
    /// with the other two stores and triggers.
    /// </summary>
    public static IReadOnlyList<Row> Compute(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<PairResult> pairs, double confidence)
    {
        var rows = new List<Row>();
        foreach (PairResult whole in pairs.Where(p => p.Pair == PatchPair.LibbpfName))
        {
            var scenario = summaries.Where(s => s.Scenario == whole.Scenario).ToList();
            var family = PatchPair.Libbpf.Members(scenario.Select(s => s.Traits)).ToList();
            TrialSummary? Flavour(StoreOrdering store, TriggerMode trigger) =>
                family.FirstOrDefault(v => v.Store == store && v.Trigger == trigger) is { } v ? scenario.First(s => s.Variant == v.Name) : null;
            TrialSummary? storeOnly = Flavour(StoreOrdering.SeqCst, TriggerMode.Level), edgeOnly = Flavour(StoreOrdering.Release, TriggerMode.Edge);
            if (storeOnly is null || edgeOnly is null)
                continue;
            TrialSummary before = whole.Before, after = whole.After;
            rows.Add(new Row(whole.Scenario, whole.Ratio, RatioInterval.Of(before, storeOnly, confidence),
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
