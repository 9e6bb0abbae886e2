using Ringbench.Results;
using Ringbench.Ring;

namespace Ringbench.Analysis;

/// <summary>
/// What putting sharded rings back in time order costs, where the merging reader ran beside the
/// same reader without the merge (<see cref="ConsumerVariants.ShardsMerged"/> over
/// <see cref="ConsumerVariants.ShardsEdgeSeqCst"/>): per scenario the paired ratio, and how many
/// merged runs let a record out older than one before it, with the share of the records that
/// were (a producer preempted between its reserve and its stamp holds a later time than the
/// records behind it in its shard; the merge counts such records, it does not hide them).
/// </summary>
public static class TimeOrderCost
{
    public sealed record Row(string Scenario, RatioInterval Ratio, int MergedRuns, int RunsOutOfOrder, double LeastShare, double MostShare);

    /// <summary>Over the folder: merged runs, those with a record out of order, and the least and most share among those (NaN where none).</summary>
    public sealed record Totals(int MergedRuns, int RunsOutOfOrder, double LeastShare, double MostShare);

    public static IReadOnlyList<Row> Compute(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<ResultRow> rows, double confidence)
    {
        var byRun = summaries.ToDictionary(s => (s.Scenario, s.Variant));
        var result = new List<Row>();
        foreach (string scenario in summaries.Select(s => s.Scenario).Distinct())
        {
            if (!byRun.TryGetValue((scenario, ConsumerVariants.ShardsMerged.Name), out TrialSummary? merged) ||
                !byRun.TryGetValue((scenario, ConsumerVariants.ShardsEdgeSeqCst.Name), out TrialSummary? plain))
                continue;
            var runs = rows.Where(r => r.Scenario == scenario && r.Variant == merged.Variant).ToList();
            var (count, least, most) = OutOfOrder(runs);
            result.Add(new Row(scenario, RatioInterval.Of(plain, merged, confidence), runs.Count, count, least, most));
        }
        return result;
    }

    public static Totals Total(IReadOnlyList<ResultRow> rows)
    {
        var runs = rows.Where(r => r.Variant == ConsumerVariants.ShardsMerged.Name).ToList();
        var (count, least, most) = OutOfOrder(runs);
        return new Totals(runs.Count, count, least, most);
    }

    /// <summary>The runs with a record out of order, and the least and most share of consumed records among them.</summary>
    private static (int Count, double Least, double Most) OutOfOrder(IReadOnlyList<ResultRow> runs)
    {
        var shares = runs.Where(r => r.OutOfOrder > 0 && r.Consumed > 0).Select(r => (double)r.OutOfOrder / r.Consumed).ToList();
        return shares.Count == 0 ? (0, double.NaN, double.NaN) : (shares.Count, shares.Min(), shares.Max());
    }
}
