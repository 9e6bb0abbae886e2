using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>
/// Every output of a result folder, rendered from one <see cref="FolderSummary"/> (the folder read
/// once) in one order: the summaries (summary.txt, summary-variants.txt, summary.md), the
/// reproduction against the patch where a reference is at hand, the ring-over-perf reproduction
/// against the benchmark's 2020 introduction where the perf buffer ran, the figures, and report.md, which
/// links them. The matrix calls this when it ends and `ringbench report` calls it on any folder,
/// so both write the same thing.
/// </summary>
public static class FolderOutputs
{
    /// <summary>What was written: the reproduction's rows, the figures, report.md's path and summary.txt's text (what the matrix prints).</summary>
    public sealed record Written(IReadOnlyList<Reproduction.Row> Reproduction, IReadOnlyList<FigureSet.Written> Figures, string Report, string SummaryText);

    public static Written Write(ResultFolder folder, string? referenceFolder)
    {
        FolderSummary summary = FolderSummary.Load(folder, referenceFolder, IntroReference.DefaultFolder());
        string summaryText = WriteText(folder, summary);
        IReadOnlyList<FigureSet.Written> figures = FigureSet.Draw(folder, summary);
        return new Written(summary.Reproduction, figures, ReviewReport.Write(folder, summary, figures), summaryText);
    }

    /// <summary>
    /// Every text output (the summaries, the reproductions, reader-costs.csv and report.txt): all
    /// but the figures and report.md, which links them. What a regenerated folder is compared by.
    /// Returns summary.txt's text.
    /// </summary>
    public static string WriteText(ResultFolder folder, FolderSummary summary)
    {
        string summaryText = MatrixSummary.Text(summary);
        File.WriteAllText(folder.SummaryText, summaryText);
        File.WriteAllText(folder.VariantsText, MatrixSummary.VariantsText(summary));
        File.WriteAllText(folder.SummaryMarkdown, MatrixSummary.Markdown(summary));
        if (summary.Patch is not null)
            ReproductionReport.Write(folder, summary);
        RingOverPerfReport.Write(folder, summary);
        File.Delete(folder.ReaderCostsCsv);
        if (summary.ReaderCosts.Count > 0)
            ResultCsv.Append(folder.ReaderCostsCsv, summary.ReaderCosts.Select(ReaderCost.ToCsv));
        DesignReport.Write(folder, summary);
        File.WriteAllText(folder.ReportText, ReviewText.Render(folder, summary));
        return summaryText;
    }
}
