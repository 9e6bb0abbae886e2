using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>
/// report.txt: the review report as a mail to the list takes it, plain text wrapped at 72
/// columns: the headline (<see cref="ReviewReport.Headline"/>), the reproduction table, where
/// each effect comes from, what did not reproduce and why, and the glossary. Same facts and
/// words as report.md, without the figures.
/// </summary>
public static class ReviewText
{
    public const int Width = 72;

    public static string Render(ResultFolder folder, FolderSummary summary)
    {
        var text = new StringBuilder();
        text.AppendLine($"ringbench: {Path.GetFileName(folder.Directory)}").AppendLine();
        // The paragraph a maintainer quotes: the machine's scope, correctness, each claim with its mechanism, the 2026 designs.
        Wrap(text, string.Join(" ", ConclusionText.Sentences(summary.Concluded)), "", "");
        text.AppendLine();
        foreach (string line in ReviewReport.Headline(summary))
            Wrap(text, line, "- ", "  ");
        text.AppendLine();

        var judged = summary.Reproduction.Where(r => r.Headline).ToList();
        if (judged.Count > 0)
        {
            Section(text, "Against the patch");
            Wrap(text, $"Each row: the patch's new/old ratio, the measured after/before ratio with its " +
                       $"{summary.Confidence.ToString("P0", CultureInfo.InvariantCulture)} interval and trials, the outcome. " +
                       "Rows marked c are control rows (judged as an A/A check); -busy1 rows ran beside one CPU-bound thread.", "", "");
            text.AppendLine();
            text.AppendLine($"{"scenario",-22} {"patch",6} {"measured [interval]",-21} {"n",3}  outcome");
            foreach (Reproduction.Row r in judged)
            {
                string name = (r.IsControl ? "c " : "") + r.Scenario;
                text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                    $"{Truncate(name, 22),-22} {r.PatchRatio,5:F2}x {Interval(r),-21} {r.Trials,3}  {r.Outcome.Text()}"));
            }
            text.AppendLine();
        }

        IReadOnlyList<string> why = ReviewReport.NotReproducedWhy(summary);
        if (why.Count > 0)
        {
            Section(text, "What did not reproduce, and why");
            foreach (string line in why)
                Wrap(text, line, "- ", "  ");
            text.AppendLine();
        }

        // The split of each row the list above has not already explained with it.
        var explained = ReviewReport.JudgedRows(summary).Where(r => r.Outcome == Reproduction.NotReproduced).Select(r => r.Scenario).ToHashSet();
        var splits = summary.Splits.Where(s => !explained.Contains(s.Scenario)).ToList();
        if (splits.Count > 0)
        {
            Section(text, explained.Count > 0 ? "Where the effect comes from, on the other rows" : "Where the effect comes from");
            Wrap(text, "libbpf built from source four ways: before, after, the store hunk alone and the EPOLLET hunk alone.", "", "");
            text.AppendLine();
            foreach (PatchSplit.Row split in splits)
                Wrap(text, $"{split.Scenario}: {split.Sentence}", "- ", "  ");
            text.AppendLine();
        }

        if (summary.Designs.Any)
        {
            Section(text, "Which consumer is correct and cheapest here");
            foreach (string sentence in DesignReport.Sentences(summary.Designs))
                Wrap(text, sentence, "- ", "  ");
            Wrap(text, $"The model's interleavings and every row's counters: {DesignReport.FileName}.", "", "");
        }
        if (summary.ReaderCosts.Count > 0)
        {
            Section(text, "Readers in other processes");
            foreach (Ring.VariantTraits reader in summary.ReaderCosts.Select(r => r.Reader).DistinctBy(r => r.Name))
                Wrap(text, ReaderCostReport.Describe(reader), "- ", "  ");
            foreach (string sentence in ReaderCostReport.Sentences(summary.ReaderCosts))
                Wrap(text, sentence, "- ", "  ");
            text.AppendLine();
        }

        Section(text, "Words this report uses");
        foreach (var (term, meaning) in ReviewReport.Glossary)
            Wrap(text, $"{term}: {meaning}", "- ", "  ");
        text.AppendLine();
        Wrap(text, "Every figure, table and the data are in the folder: report.md, reproduce.md, summary.md, results.csv.", "", "");
        return text.ToString();
    }

    private static void Section(StringBuilder text, string title) =>
        text.AppendLine(title).AppendLine(new string('-', title.Length));

    private static string Interval(Reproduction.Row r) => double.IsNaN(r.Low)
        ? string.Create(CultureInfo.InvariantCulture, $"{r.MeasuredRatio:F2}x [none]")
        : string.Create(CultureInfo.InvariantCulture, $"{r.MeasuredRatio:F2}x [{r.Low:F2}, {r.High:F2}]");

    private static string Truncate(string s, int width) => s.Length <= width ? s : s[..(width - 1)] + "~";

    /// <summary>Greedy word wrap at <see cref="Width"/>, the first line after <paramref name="first"/>, the rest after <paramref name="rest"/>.</summary>
    public static void Wrap(StringBuilder text, string paragraph, string first, string rest)
    {
        var line = new StringBuilder(first);
        bool empty = true;
        foreach (string word in paragraph.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            if (!empty && line.Length + 1 + word.Length > Width)
            {
                text.AppendLine(line.ToString());
                line.Clear().Append(rest);
                empty = true;
            }
            if (!empty)
                line.Append(' ');
            line.Append(word);
            empty = false;
        }
        if (!empty)
            text.AppendLine(line.ToString());
    }
}
