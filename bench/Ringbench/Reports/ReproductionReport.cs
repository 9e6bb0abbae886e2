using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Scenarios;

namespace Ringbench.Reports;

/// <summary>reproduce.md and reproduce.csv: the reproduction (<see cref="Reproduction"/>) as the folder's model computed it, formatted and written.</summary>
public static class ReproductionReport
{
    /// <summary>The head of the rows tables (the patch's rows and the control rows share it; <see cref="Line"/> fills it).</summary>
    private const string TableHeader =
        "| scenario | patch old → new M/s | patch ratio | pair | measured before → after M/s | measured ratio [interval] | trials | outcome | why |\n" +
        "|---|---:|---:|---|---:|---:|---:|---|---|\n";

    public static string Markdown(FolderSummary folder)
    {
        IReadOnlyList<Reproduction.Row> rows = folder.Reproduction;
        MachineInfo reference = folder.Patch!.Machine;
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder("# Reproduction of the libbpf EPOLLET patch\n\n");
        md.AppendLine($"Measured: {folder.Machine.Description}").AppendLine();
        md.AppendLine($"Patch: {reference.CpuModel}, {reference.Cpus} threads, one run per row (kernel selftest bench).").AppendLine();
        double confidence = rows.Count > 0 ? rows[0].Confidence : folder.Confidence;
        md.AppendLine("Only ratios compare across machines: *patch* is the published new / old throughput; *measured* is after / before for " +
                      "each pair that ran: libbpf built from the distribution's source without and with the patch (the headline), then the " +
                      "C# ports et-seqcst / lt-release. The measured ratio is the ratio of the geometric means of the trial means, with a " +
                      $"{confidence:P1} t interval on the logarithms, paired by trial. Rule: the interval holds the patch's ratio and excludes " +
                      "no change = *reproduced*; it excludes the patch's ratio = *not reproduced* (smaller, absent, opposite or larger); it holds " +
                      $"both = *inconclusive*. Rows where the patch saw no change (within ±{VerdictRule.DefaultThreshold:P0}) and control rows " +
                      $"are *reproduced* when the interval lies within ±{VerdictRule.DefaultThreshold:P0}. Control rows are judged on the kernel " +
                      "bench's own consumer in both columns (an A/A check), as the patch's were.").AppendLine();
        md.AppendLine("Protocol: the headline pair's libbpf is built -O2, as distributions ship it; the patch's numbers come from the kernel bench, " +
                      "which the selftests build -O0 with its libbpf. Where they ran, libbpf built -O0 and the kernel's own bench at -O0 and -O2 are " +
                      "judged as pairs of their own.").AppendLine();
        md.Append(MatrixSummary.FindingsSection(folder.Findings));

        md.AppendLine("## The patch's rows").AppendLine();
        md.Append(TableHeader);
        foreach (Reproduction.Row r in rows.Where(r => !r.IsControl && ScenarioCatalog.QuietTwinOf(r.Scenario) is null))
            md.AppendLine(Line(r));
        md.AppendLine();
        foreach (var outcome in rows.Where(r => r.Headline && !r.IsControl && ScenarioCatalog.QuietTwinOf(r.Scenario) is null)
                     .GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()))
            md.AppendLine($"- {outcome.Key.Text()}: {outcome.Count()} ({string.Join(", ", outcome.Select(r => r.Scenario))})");
        md.AppendLine();

        var busy = rows.Where(r => ScenarioCatalog.QuietTwinOf(r.Scenario) is not null).ToList();
        if (busy.Count > 0)
        {
            md.AppendLine("## With a busy neighbour").AppendLine();
            md.AppendLine("The same rows with one CPU-bound thread beside the run (the busy-neighbour group), judged against the patch's " +
                          "quiet numbers: which of its verdicts survive a machine that is doing anything else.").AppendLine();
            md.AppendLine("| scenario | quiet outcome | busy outcome | busy ratio [interval] | why |");
            md.AppendLine("|---|---|---|---:|---|");
            foreach (Reproduction.Row r in busy.Where(r => r.Headline))
            {
                string quietId = ScenarioCatalog.QuietTwinOf(r.Scenario)!;
                Reproduction.Row? quiet = rows.FirstOrDefault(q => q.Scenario == quietId && q.Pair == r.Pair);
                md.AppendLine(inv, $"| {quietId} ({r.Pair}) | {quiet?.Outcome.Text() ?? "–"} | **{r.Outcome.Text()}** | {ReviewReport.RatioText(r)} | {r.Detail} |");
            }
            md.AppendLine();
        }

        md.Append(SplitSection(folder.Splits));

        var controls = rows.Where(r => r.IsControl).ToList();
        if (controls.Count > 0)
        {
            md.AppendLine("## Control rows").AppendLine();
            md.AppendLine("The kernel bench's consumer against itself (A/A: this machine's run-to-run noise), then the patched consumers' ratio, " +
                          "which there measures what the patch costs where the script ran its own consumer: back-to-back (the consumer fires " +
                          "each batch itself) on the sample-rate, reserve and output rows, and parallel producers under sampled notification " +
                          "on reserve-sampled and output-sampled. Each row's detail says which.").AppendLine();
            md.Append(TableHeader);
            foreach (Reproduction.Row r in controls)
                md.AppendLine(Line(r));
            md.AppendLine();
        }

        md.Append(HarnessAgainstBenchReport.Markdown(folder.AgainstBench, rows, folder.Pairs));

        if (folder.PatchNoise is { Rows: >= 2 } noise)
        {
            var (n, sd, min, max, bar) = (noise.Rows, noise.LogSd, noise.MinRatio, noise.MaxRatio, noise.Bar);
            IReadOnlyList<string> above = noise.ClaimsBeyond, below = noise.ClaimsWithin;
            md.AppendLine("## The patch's own noise").AppendLine();
            md.AppendLine(inv, $"The patch's {n} control rows ran one unchanged consumer before and after, so their ratios ({min:F2}x to {max:F2}x) are " +
                               $"run-to-run noise on its machine: a standard deviation of {sd:F3} on the log scale, so two runs of the same thing land " +
                               $"within {1 / bar:F2}x to {bar:F2}x of each other 95% of the time. Claims beyond that: {(above.Count == 0 ? "none" : string.Join(", ", above))}. " +
                               $"Claimed changes within it (not distinguishable from the patch machine's noise): {(below.Count == 0 ? "none" : string.Join(", ", below))}.");
            md.AppendLine();
        }
        if (folder.Designs.Any)
        {
            // The live question beside the 2023 patch: the designs upstream is choosing between in 2026.
            md.AppendLine("## Which consumer is correct and cheapest here").AppendLine();
            foreach (string line in DesignReport.Sentences(folder.Designs))
                md.AppendLine("- " + line);
            md.AppendLine().AppendLine($"The model's verdicts and every row's counters: [{DesignReport.FileName}]({DesignReport.FileName}).").AppendLine();
        }
        return md.ToString();
    }

    /// <summary>Where each effect comes from: the patch's two changes apart, where libbpf was built four ways.</summary>
    public static string SplitSection(IReadOnlyList<PatchSplit.Row> splits)
    {
        if (splits.Count == 0)
            return "";
        var md = new StringBuilder("## Where the effect comes from\n\n");
        md.AppendLine("libbpf built from source four ways: before, after, the store hunk alone (store-only: seq_cst, level-triggered) and the " +
                      "EPOLLET hunk alone (et-only: release, edge-triggered). The store's part is store-only / before; EPOLLET's part once the " +
                      "store is in is after / store-only (the two multiply to after / before); EPOLLET alone is et-only / before, with its stalls " +
                      "(a wait that timed out with records waiting: the lost wake-up the patch warns of).").AppendLine();
        md.AppendLine("| scenario | after / before | store: store-only / before | EPOLLET: after / store-only | EPOLLET alone: et-only / before | its stalls | where it comes from |");
        md.AppendLine("|---|---:|---:|---:|---:|---:|---|");
        foreach (PatchSplit.Row r in splits)
        {
            md.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Whole.Text()} | {r.Store.Text()} | {r.TriggerAfterStore.Text()} | " +
                $"{r.TriggerAlone.Text()} | {r.TriggerAloneStalls} | {r.Sentence} |");
        }
        return md.AppendLine().ToString();
    }

    private static string Line(Reproduction.Row r)
    {
        return string.Create(CultureInfo.InvariantCulture,
            $"| {r.Scenario}{(r.IsControl ? " (control)" : "")} | {r.PatchOld:F3} → {r.PatchNew:F3} | {r.PatchRatio:F2}x | {r.Pair} | " +
            $"{r.MeasuredOld:F3} → {r.MeasuredNew:F3} | {ReviewReport.RatioText(r)} | {r.Trials} | {(r.Headline ? $"**{r.Outcome.Text()}**" : r.Outcome.Text())} | {r.Detail} |");
    }

    /// <summary>Writes reproduce.md and reproduce.csv into a result folder from its summary (which must carry the patch's reference).</summary>
    public static IReadOnlyList<Reproduction.Row> Write(ResultFolder folder, FolderSummary summary)
    {
        string csv = folder.ReproduceCsv;
        File.Delete(csv);
        ResultCsv.Append(csv, summary.Reproduction);
        File.WriteAllText(folder.ReproduceMarkdown, Markdown(summary));
        File.Delete(folder.AgainstBenchCsv);
        if (summary.AgainstBench.Count > 0)
            ResultCsv.Append(folder.AgainstBenchCsv, summary.AgainstBench);
        return summary.Reproduction;
    }
}
