using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Plots;

/// <summary>Draws every figure of a result folder into its plots/ folder (and, for a run committed under results/, into the repository's plots/ too).</summary>
public static class FigureSet
{
    public sealed record Written(string Name, string Title, string RelativePng);

    public static IReadOnlyList<Written> Draw(ResultFolder folder, FolderSummary summary)
    {
        if (summary.Rows.Count == 0)
            throw new RingbenchException(ExitCode.Usage, $"{folder.ResultsCsv} holds no rows: nothing to plot");

        var targets = new List<string> { Path.Combine(folder.Directory, "plots") };
        if (RepositoryPlotsFolder(folder) is string repoPlots)
            targets.Add(repoPlots);

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

    /// <summary>plots/&lt;run folder name&gt;/ of the checkout, when the run lives in its results/.</summary>
    private static string? RepositoryPlotsFolder(ResultFolder folder)
    {
        string? repo = MachineInfo.RepositoryRoot();
        if (repo is null)
            return null;
        string results = Path.Combine(repo, "results") + Path.DirectorySeparatorChar;
        return folder.Directory.StartsWith(results, StringComparison.Ordinal)
            ? Path.Combine(repo, "plots", Path.GetFileName(folder.Directory))
            : null;
    }
}
