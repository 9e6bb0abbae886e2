using System.Text.RegularExpressions;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// Numbers in the README and docs keyed to the files they come from. A paragraph, list or table
/// that quotes a measurement ends with a marker naming its sources,
/// <c>&lt;!-- numbers: results/FOLDER/report.txt results/FOLDER/designs.md --&gt;</c> (paths from the
/// repository's root), and every measured figure in it must be found in one of those files: a
/// ratio ("1.88x") and an interval ("[0.99, 3.57]") as written, a rate ("17.446 M/s"), a share
/// ("0.77%") or a cost ("6.162 ns/record") as the same number standing alone there. Regenerate a
/// folder and the paragraph that still quotes the old numbers fails here, whatever its wording;
/// and a block that quotes such a figure with no marker fails too, so a number cannot be added
/// to the docs unkeyed.
/// </summary>
public class NumberMarkerTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private static readonly Regex Marker = new(@"<!-- numbers: ([^>]+?) -->", RegexOptions.Compiled);

    /// <summary>What counts as a measured figure: ratios and intervals exactly; rates, shares and per-record costs by their number.</summary>
    private static readonly Regex Number = new(@"\d+\.\d+x|\[\d+\.\d+, \d+\.\d+\]|(?<value>\d+(?:\.\d+)?) ?(?:M/s|ns/record)|(?<value>\d+\.\d+) ?%",
        RegexOptions.Compiled);

    /// <summary>
    /// Inside a marked block also whole percentages and times ("79%", "94.1 ns", "6.87 us", "7,000 ns"),
    /// looked for as numbers: a marked block quotes measurements, while elsewhere "±5%" or "100us" is a
    /// setting, so an unmarked block is held to the figures above only.
    /// </summary>
    private static readonly Regex MarkedNumber = new(@"(?<![\d.]|\d,)(?<value>\d+(?:,\d{3})*(?:\.\d+)?) ?(?:%|ns\b|us\b|µs\b)", RegexOptions.Compiled);

    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Repo, "README.md"), Path.Combine(Repo, "results", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Repo, "docs"), "*.md").Order(StringComparer.Ordinal));

    /// <summary>One block of a page: a paragraph, list or table (lines up to a blank line), or the lines a marker closes; its sources where a marker closes it.</summary>
    public sealed record Block(string Page, int Line, string Text, IReadOnlyList<string>? Sources);

    public static IEnumerable<Block> Blocks(string page, string text)
    {
        string[] lines = text.Split('\n');
        var current = new List<string>();
        int start = 0;
        for (int i = 0; i < lines.Length; i++)
        {
            Match m = Marker.Match(lines[i]);
            if (m.Success)
            {
                current.Add(lines[i][..m.Index]);
                yield return new Block(page, i + 1, string.Join(" ", current), m.Groups[1].Value.Split(' ', StringSplitOptions.RemoveEmptyEntries));
                current.Clear();
                continue;
            }
            if (lines[i].Trim().Length == 0)
            {
                if (current.Count > 0)
                    yield return new Block(page, start, string.Join(" ", current), null);
                current.Clear();
                continue;
            }
            if (current.Count == 0)
                start = i + 1;
            current.Add(lines[i]);
        }
        if (current.Count > 0)
            yield return new Block(page, start, string.Join(" ", current), null);
    }

    /// <summary>The measured figures of a block, each with how it is looked for: the whole text, or its number standing alone.</summary>
    private static IEnumerable<(string Figure, Regex Lookup)> Figures(string block, bool marked)
    {
        string flat = Regex.Replace(block, @"\s+", " ");
        var found = Number.Matches(flat).AsEnumerable();
        if (marked)
            found = found.Concat(MarkedNumber.Matches(flat));
        return found.Select(n => (n.Value, n.Groups["value"].Success ? Standing(n.Groups["value"].Value) : new Regex(Regex.Escape(n.Value))))
            .DistinctBy(f => f.Item1);
    }

    /// <summary>The number alone, not part of a longer one; "7,000" also as "7000".</summary>
    private static Regex Standing(string value) =>
        new($@"(?<![\d.])(?:{Regex.Escape(value)}|{Regex.Escape(value.Replace(",", ""))})(?![\d])");

    /// <summary>Every figure of a marked block that none of its sources holds, and every block with a figure but no marker, as "page:line: ...".</summary>
    public static List<string> Unfound(string page, string text)
    {
        var unfound = new List<string>();
        foreach (Block block in Blocks(page, text))
        {
            var figures = Figures(block.Text, marked: block.Sources is not null).ToList();
            if (block.Sources is null)
            {
                if (figures.Count > 0)
                    unfound.Add($"{page}:{block.Line}: {string.Join(", ", figures.Select(f => f.Figure))} quoted with no <!-- numbers: ... --> marker");
                continue;
            }
            var missing = block.Sources.Where(s => !File.Exists(Path.Combine(Repo, s))).ToList();
            if (missing.Count > 0)
            {
                unfound.Add($"{page}:{block.Line}: no such source {string.Join(", ", missing)}");
                continue;
            }
            // The sources as one text with runs of white space made one space: report.txt wraps at 72 columns.
            string haystack = Regex.Replace(string.Join(" ", block.Sources.Select(s => File.ReadAllText(Path.Combine(Repo, s)))), @"\s+", " ");
            unfound.AddRange(figures.Where(f => !f.Lookup.IsMatch(haystack))
                .Select(f => $"{page}:{block.Line}: {f.Figure} is in none of {string.Join(", ", block.Sources)}"));
        }
        return unfound;
    }

    [Fact]
    public void EveryMeasuredFigureIsKeyedAndInTheFilesItNames()
    {
        var unfound = Pages().SelectMany(p => Unfound(Path.GetRelativePath(Repo, p), File.ReadAllText(p))).ToList();
        Assert.True(unfound.Count == 0, string.Join("\n", unfound));
        int marked = Pages().Sum(p => Blocks(p, File.ReadAllText(p)).Count(b => b.Sources is not null));
        Assert.True(marked >= 30, $"only {marked} marked blocks");
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

    [Fact]
    public void ARateOrShareIsLookedForAsANumberAndAnUnkeyedOneFails()
    {
        // A rate and a share as the folder prints them pass; a rounded rate is not the folder's number.
        const string source = "results/2026-11-29-vm-perfbuf/summary-variants.txt";
        string quoted = $"pb-libbpf moves 0.150 M/s in parallel, 4.397 M/s sampled\n<!-- numbers: {source} -->\n";
        Assert.Empty(Unfound("planted.md", quoted));
        Assert.Single(Unfound("planted.md", quoted.Replace("4.397 M/s", "4.4 M/s")));
        // The same sentence without its marker: every figure in it is reported, once.
        var unkeyed = Unfound("planted.md", "pb-libbpf moves 0.150 M/s in parallel, with 0.77% out of order.\n");
        Assert.Contains("0.150 M/s, 0.77% quoted with no", Assert.Single(unkeyed));
        // Plain counts and settings are not measured figures: no marker needed.
        Assert.Empty(Unfound("planted.md", "36 scenarios, -w1 -d1, a 512 KiB ring, 4 trials, within ±5%, timed-100us.\n"));
        // In a marked block a whole share or a time is a measurement too: 98% is in the folder, 97% is not.
        const string why = "results/2026-11-29-vm-why/summary.md";
        Assert.Empty(Unfound("planted.md", $"off its CPU 98% of the run, 94.1 ns a record\n<!-- numbers: {why} -->\n"));
        Assert.Single(Unfound("planted.md", $"off its CPU 96% of the run, 94.1 ns a record\n<!-- numbers: {why} -->\n"));
    }
}
