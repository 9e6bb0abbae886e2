using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Plots;

/// <summary>Draws every figure of a result folder into its plots/ folder: one copy, beside the data it is drawn from.</summary>
public static class FigureSet
{
    public sealed record Written(string Name, string Title, string RelativePng);

    public static IReadOnlyList<Written> Draw(ResultFolder folder, FolderSummary summary)
    {
        if (summary.Rows.Count == 0)
            throw new RingbenchException(ExitCode.Usage, $"{folder.ResultsCsv} holds no rows: nothing to plot");

        var targets = new List<string> { Path.Combine(folder.Directory, "plots") };

        // Every figure is drawn anew from the data: one the data no longer supports (a sweep with
        // fewer than three points, say) must not linger beside the new ones from an older drawing.
        foreach (string target in targets.Where(Directory.Exists))
            foreach (string old in Directory.EnumerateFiles(target).Where(f => f.EndsWith(".png", StringComparison.Ordinal) || f.EndsWith(".svg", StringComparison.Ordinal)))
                File.Delete(old);
        var written = new List<Written>();
        foreach (var (name, title, plot) in new ResultCharts(summary).All())
        {
            Figure.Save(plot, name, targets);
            written.Add(new Written(name, title, $"plots/{name}.png"));
        }
        return written;
    }
}
