using System.Globalization;
using System.Text;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>pool.md: several jobs of one machine and commit, each row's ratio per job and pooled, judged against the patch.</summary>
public static class PoolReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    public static string Markdown(JobPooling.Result pool, IReadOnlyList<JobPooling.Row> rows)
    {
        var m = pool.Jobs[0].Machine;
        var md = new StringBuilder("# Pooled over jobs\n\n");
        md.AppendLine($"Machine: {m.ProcessorText}, {m.Virtualization}, kernel {m.Kernel}, {m.LibbpfText}; ringbench {m.Commit}. " +
                      $"{pool.Jobs.Count} jobs, each its own result folder:").AppendLine();
        foreach (FolderSummary job in pool.Jobs)
            md.AppendLine($"- `{job.Name}`: started {job.Machine.StartedAt:yyyy-MM-dd HH:mm}, {job.Rows.Count} runs, {job.Machine.Settings.TrialsText}");
        md.AppendLine();
        md.AppendLine(string.Create(Inv,
            $"Each row's pooled ratio is the mean of its jobs' mean log ratios, its {pool.Confidence:P0} interval (the jobs' own level) " +
            $"from the within-job spread and a between-job component: between these jobs a row's log ratio moved with " +
            $"{pool.JobShare:F2} times its within-job variance (estimated from {pool.RowsForShare} rows at once; 0 would mean the jobs " +
            $"agree as well as their trials predict). Pooling the trials as one job would ignore that component; the suite's " +
            $"simulation measures the coverage of both (`./run-bench.sh stats-check`, docs/statistics.md)."));
        md.AppendLine();
        md.AppendLine("| scenario | pair | " + string.Join(" | ", pool.Jobs.Select(j => j.Name)) + " | pooled | trials | verdict | patch | outcome |");
        md.AppendLine("|---|---|" + string.Concat(pool.Jobs.Select(_ => "---:|")) + "---:|---:|---|---:|---|");
        for (int i = 0; i < pool.Pooled.Count; i++)
        {
            PairResult p = pool.Pooled[i];
            JobPooling.Row row = rows[i];
            var perJob = pool.PerJob[i].PerJob;
            md.AppendLine(string.Create(Inv,
                $"| {p.Scenario} | {PatchPair.Named(p.Pair)?.Short ?? p.Pair} | {string.Join(" | ", perJob.Select(r => r.Text()))} | {p.Ratio.Text()} | " +
                $"{p.Ratio.Trials} | {row.Verdict} | {(double.IsNaN(row.PatchRatio) ? "" : row.PatchRatio.ToString("F2", Inv) + "x")} | " +
                $"{row.Outcome}{(row.Detail.Length > 0 ? ": " + row.Detail : "")} |"));
        }
        md.AppendLine();
        var headline = rows.Where(r => r.Headline).ToList();
        if (headline.Count > 0)
            md.AppendLine($"Against the patch, pooled, of the {headline.Count} rows held here (each scenario's headline pair): " +
                          string.Join(", ", headline.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}")) + ".").AppendLine();
        return md.ToString();
    }
}
