using Ringbench.Compare;
using Ringbench.Plots;

namespace Ringbench.Results;

/// <summary>
/// Every output of a result folder, made from its CSVs in one pass and in one order: the summaries
/// (summary.txt, summary-variants.txt, summary.md), the reproduction against the patch where a
/// reference is at hand, the figures, and report.md, which links them. The matrix calls this when
/// it ends and `ringbench report` calls it on any folder, so both write the same thing.
/// </summary>
public static class FolderOutputs
{
    public sealed record Written(IReadOnlyList<Reproduction.Row> Reproduction, IReadOnlyList<FigureSet.Written> Figures, string Report);

    public static Written Write(ResultFolder folder, string? referenceFolder)
    {
        Running.MatrixRun.WriteSummaries(folder, MachineInfo.Load(folder.MachineJson));
        IReadOnlyList<Reproduction.Row> reproduction = referenceFolder is null ? [] : Compare.Reproduction.Write(folder, referenceFolder);
        IReadOnlyList<FigureSet.Written> figures = FigureSet.Draw(folder, referenceFolder);
        return new Written(reproduction, figures, ReviewReport.Write(folder, figures));
    }
}
