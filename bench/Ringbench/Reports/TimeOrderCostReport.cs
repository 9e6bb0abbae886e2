using System.Globalization;
using System.Text;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>summary.md's section on the time-order merge (<see cref="TimeOrderCost"/>), formatted.</summary>
public static class TimeOrderCostReport
{
    public static string Markdown(IReadOnlyList<TimeOrderCost.Row> rows, TimeOrderCost.Totals totals, double confidence)
    {
        if (rows.Count == 0)
            return "";
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder("## Putting the shards back in time order\n\n");
        md.Append("The merging reader (shards-merged) over the same reader without the merge (shards-et-seqcst): the ratio of the trial means' ")
            .Append(inv, $"geometric means, paired by trial, with a {confidence:P1} interval. ")
            .AppendLine("Out of order: merged runs that let a record out older than one before it, and the share of that run's consumed records " +
                        "that were; a producer preempted between its reserve and its stamp holds a later time than the records behind it in its " +
                        "shard, so the merge counts them rather than hides them.").AppendLine();
        md.AppendLine(inv, $"Over the folder: {OutOfOrderText(totals.RunsOutOfOrder, totals.MergedRuns, totals.LeastShare, totals.MostShare)}.").AppendLine();
        md.AppendLine("| scenario | merged / unmerged | trials | merged runs out of order | share out of order |");
        md.AppendLine("|---|---:|---:|---:|---:|");
        foreach (TimeOrderCost.Row r in rows)
            md.AppendLine(inv, $"| {r.Scenario} | {r.Ratio.Text()} | {r.Ratio.Trials} | {r.RunsOutOfOrder} of {r.MergedRuns} | {ShareText(r.LeastShare, r.MostShare)} |");
        md.AppendLine();
        return md.ToString();
    }

    private static string OutOfOrderText(int outOfOrder, int runs, double least, double most) =>
        outOfOrder == 0 ? $"no record out of order in {runs} merged runs"
            : $"{outOfOrder} of {runs} merged runs let records out of order, {ShareText(least, most)} of their records";

    private static string ShareText(double least, double most) =>
        double.IsNaN(least) ? "–"
        : least == most ? Percent(least)
        : $"{Percent(least)} to {Percent(most)}";

    private static string Percent(double share) => string.Create(CultureInfo.InvariantCulture, $"{share * 100:F2}%");
}
