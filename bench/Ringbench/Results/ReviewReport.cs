using System.Text;
using Ringbench.Plots;

namespace Ringbench.Results;

/// <summary>
/// report.md: one file to attach to a review. The figures, the Markdown tables, the
/// reproduction verdicts when there are any, and the kernel-format text blocks for a
/// mailing-list reply. Links are relative to the result folder.
/// </summary>
public static class ReviewReport
{
    public static string Write(ResultFolder folder, IReadOnlyList<FigureSet.Written> figures)
    {
        var md = new StringBuilder();
        string summary = File.Exists(folder.SummaryMarkdown) ? File.ReadAllText(folder.SummaryMarkdown) : "";
        string reproduce = Path.Combine(folder.Directory, "reproduce.md");
        md.AppendLine("# ringbench report").AppendLine();
        md.AppendLine($"Result folder: `{Path.GetFileName(folder.Directory)}` (results.csv, samples.csv, machine.json).").AppendLine();
        md.AppendLine("## Figures").AppendLine();
        foreach (FigureSet.Written figure in figures)
            md.AppendLine($"### {figure.Title}").AppendLine().AppendLine($"![{figure.Title}]({figure.RelativePng})").AppendLine();
        if (File.Exists(reproduce))
            md.AppendLine(Demote(File.ReadAllText(reproduce)));
        md.AppendLine(Demote(summary));
        md.AppendLine("## Kernel-format text").AppendLine();
        md.AppendLine("For a mailing-list reply: the kernel script's format, one block per variant.").AppendLine();
        md.AppendLine(File.Exists(folder.SummaryText) ? File.ReadAllText(folder.SummaryText) : "");
        string path = Path.Combine(folder.Directory, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>Pushes a document's headings one level down so it nests under the report's.</summary>
    private static string Demote(string markdown) =>
        string.Join('\n', markdown.Split('\n').Select(line => line.StartsWith('#') ? "#" + line : line));
}
