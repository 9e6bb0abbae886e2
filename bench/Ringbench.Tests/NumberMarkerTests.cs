using System.Text.RegularExpressions;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// Numbers in the README and docs keyed to the files they come from. A paragraph or table that
/// quotes measured ratios ends with a marker naming its sources,
/// <c>&lt;!-- numbers: results/FOLDER/report.txt results/FOLDER/designs.md --&gt;</c> (paths from the
/// repository's root), and every ratio ("1.88x") and interval ("[0.99, 3.57]") in it must be
/// found, as written, in one of those files: regenerate a folder and the paragraph that still
/// quotes the old numbers fails here, whatever its wording.
/// </summary>
public class NumberMarkerTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private static readonly Regex Marker = new(@"<!-- numbers: ([^>]+?) -->", RegexOptions.Compiled);
    private static readonly Regex Number = new(@"\d+\.\d+x|\[\d+\.\d+, \d+\.\d+\]", RegexOptions.Compiled);

    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Repo, "README.md"), Path.Combine(Repo, "results", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Repo, "docs"), "*.md").Order(StringComparer.Ordinal));

    /// <summary>Each marker with the block it closes: the lines above it back to the last blank line (a paragraph, a list item, a table).</summary>
    public static IEnumerable<(string Page, int Line, string Block, IReadOnlyList<string> Sources)> Marked(string page, string text)
    {
        string[] lines = text.Split('\n');
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = Marker.Match(lines[i]);
            if (!m.Success)
                continue;
            int start = i;
            while (start > 0 && lines[start - 1].Trim().Length > 0 && !Marker.IsMatch(lines[start - 1]))
                start--;
            string block = string.Join(" ", lines[start..i]) + " " + lines[i][..m.Index];
            yield return (page, i + 1, block, m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
        }
    }

    /// <summary>Every number of a marked block that none of its sources holds, as "page:line: number".</summary>
    public static List<string> Unfound(string page, string text)
    {
        var unfound = new List<string>();
        foreach (var (p, line, block, sources) in Marked(page, text))
        {
            var missing = sources.Where(s => !File.Exists(Path.Combine(Repo, s))).ToList();
            if (missing.Count > 0)
            {
                unfound.Add($"{p}:{line}: no such source {string.Join(", ", missing)}");
                continue;
            }
            // The sources as one text with runs of white space made one space: report.txt wraps at 72 columns.
            string haystack = Regex.Replace(string.Join(" ", sources.Select(s => File.ReadAllText(Path.Combine(Repo, s)))), @"\s+", " ");
            string flat = Regex.Replace(block, @"\s+", " ");
            unfound.AddRange(Number.Matches(flat).Select(n => n.Value).Distinct().Where(n => !haystack.Contains(n, StringComparison.Ordinal))
                .Select(n => $"{p}:{line}: {n} is in none of {string.Join(", ", sources)}"));
        }
        return unfound;
    }

    [Fact]
    public void EveryMarkedNumberIsInTheFilesItNames()
    {
        var unfound = Pages().SelectMany(p => Unfound(Path.GetRelativePath(Repo, p), File.ReadAllText(p))).ToList();
        Assert.True(unfound.Count == 0, string.Join("\n", unfound));
        int marked = Pages().Sum(p => Marked(p, File.ReadAllText(p)).Count());
        Assert.True(marked >= 8, $"only {marked} marked blocks");
    }

    [Fact]
    public void AStaleNumberUnderAMarkerIsCaught()
    {
        // The check can fail: the main job's parallel ratio as a paragraph quotes it, then one digit off.
        const string source = "results/2026-12-06-vm-b64f823/report.txt";
        string quoted = $"parallel 1.88x [0.99, 3.57] over 6 trials\n<!-- numbers: {source} -->\n";
        Assert.Empty(Unfound("planted.md", quoted));
        Assert.Single(Unfound("planted.md", quoted.Replace("3.57]", "3.58]")));
        Assert.Single(Unfound("planted.md", quoted.Replace(source, "results/no-such-folder/report.txt")));
    }
}
