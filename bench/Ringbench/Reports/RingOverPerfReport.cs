using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>reproduce-2020.md and reproduce-2020.csv: the ring against the perf buffer (<see cref="RingOverPerf"/>), formatted and written.</summary>
public static class RingOverPerfReport
{
    public static string Markdown(FolderSummary folder, MachineInfo reference)
    {
        var inv = CultureInfo.InvariantCulture;
        IReadOnlyList<RingOverPerf.Row> rows = folder.RingOverPerf;
        var md = new StringBuilder("# The ring buffer over the perf buffer, against the benchmark's 2020 introduction\n\n");
        md.AppendLine($"Measured: {folder.Machine.Description}").AppendLine();
        md.AppendLine($"2020: {reference.CpuModel}, {reference.Cpus} threads, one -w3 -d10 run per row; {reference.Commit}.").AppendLine();
        double confidence = rows.Count > 0 ? rows[0].Confidence : folder.Confidence;
        md.AppendLine("Each pair is the kernel bench's ring consumer over its perf consumer on one row: rb-libbpf / pb-libbpf (libbpf's " +
                      "ring_buffer and perf_buffer) and rb-custom / pb-custom (the bench's own readers). The measured ratio is the ratio " +
                      $"of the geometric means of the trial means, with a {confidence:P1} t interval on the logarithms, paired by trial; " +
                      "the rule is the patch reproduction's: the interval holds 2020's ratio and excludes 1 = *reproduced*; it excludes " +
                      "2020's ratio = *not reproduced*; it holds both = *inconclusive*.").AppendLine();
        md.AppendLine("| scenario | pair | 2020 ring / perf M/s | 2020 ratio | measured ring / perf M/s | measured ratio [interval] | trials | outcome | why |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---|---|");
        foreach (RingOverPerf.Row r in rows)
        {
            md.AppendLine(inv, $"| {r.Scenario} | {r.Pair} ({r.RingVariant} / {r.PerfVariant}) | {r.ReferenceRing:F3} / {r.ReferencePerf:F3} | " +
                               $"{r.ReferenceRatio:F2}x | {r.MeasuredRing:F3} / {r.MeasuredPerf:F3} | {RatioInterval.Text(r.MeasuredRatio, r.Low, r.High, r.Trials)} | {r.Trials} | " +
                               $"**{r.Outcome.Text()}** | {r.Detail} |");
        }
        md.AppendLine();
        foreach (var outcome in rows.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()))
            md.AppendLine($"- {outcome.Key.Text()}: {outcome.Count()} ({string.Join(", ", outcome.Select(r => $"{r.Scenario} {r.Pair}"))})");
        return md.ToString();
    }

    /// <summary>Writes reproduce-2020.md and reproduce-2020.csv when the folder has rows to set beside 2020's; removes stale ones otherwise.</summary>
    public static void Write(ResultFolder folder, FolderSummary summary)
    {
        File.Delete(folder.RingOverPerfCsv);
        File.Delete(folder.RingOverPerfMarkdown);
        if (summary.Intro is null || summary.RingOverPerf.Count == 0)
            return;
        ResultCsv.Append(folder.RingOverPerfCsv, summary.RingOverPerf);
        File.WriteAllText(folder.RingOverPerfMarkdown, Markdown(summary, summary.Intro.Machine));
    }
}
