using System.Text.RegularExpressions;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>The README and docs/: short enough to read, every link resolves, the variants page is the registry's.</summary>
public class DocsTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    private static IEnumerable<string> Pages() =>
        new[] { Path.Combine(Repo, "README.md"), Path.Combine(Repo, "results", "README.md") }
            .Concat(Directory.GetFiles(Path.Combine(Repo, "docs"), "*.md"));

    [Fact]
    public void TheReadmeIsAtMostTwoHundredLines() =>
        Assert.InRange(File.ReadAllLines(Path.Combine(Repo, "README.md")).Length, 20, 200);

    [Fact]
    public void EveryRelativeLinkInTheReadmeAndDocsResolves()
    {
        var broken = new List<string>();
        foreach (string page in Pages())
        {
            foreach (Match m in Regex.Matches(File.ReadAllText(page), @"\]\(([^)#\s]+)(#[^)]*)?\)"))
            {
                string target = m.Groups[1].Value;
                if (target.Contains("://", StringComparison.Ordinal) || target.StartsWith("mailto:", StringComparison.Ordinal))
                    continue;
                string resolved = Path.GetFullPath(Path.Combine(Path.GetDirectoryName(page)!, target));
                if (!File.Exists(resolved) && !Directory.Exists(resolved))
                    broken.Add($"{Path.GetRelativePath(Repo, page)}: {target}");
            }
        }
        Assert.True(broken.Count == 0, "broken links:\n" + string.Join("\n", broken));
    }

    [Fact]
    public void TheVariantsPageIsTheRegistrysAndNamesEveryVariantTheParserTakes()
    {
        var readers = Directory.GetDirectories(Path.Combine(Repo, "bpf-progs", "readers")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList();
        string expected = Ring.VariantsDocument.Render(readers);
        string page = File.ReadAllText(Path.Combine(Repo, "docs", "variants.md"));
        Assert.True(expected == page, "docs/variants.md is not the registry's: regenerate it with './run-bench.sh list --markdown > docs/variants.md'");
        // Flavours and readers found on disk are written from what the set-up builds by default (checked here by name).
        foreach (Ring.ConsumerVariant v in Ring.ConsumerVariants.Listing.SelectMany(g => g.Variants)
                     .Where(v => !v.Name.StartsWith(Ring.ConsumerVariants.ReaderPrefix, StringComparison.Ordinal)
                                 && (!v.Name.StartsWith("libbpf-", StringComparison.Ordinal) || v.Name.StartsWith("libbpf-timed-", StringComparison.Ordinal))))
            Assert.Contains($"`{v.Name}`", page);
        foreach (string flavour in Ring.ConsumerVariants.SeedFlavours.Concat(Ring.ConsumerVariants.DesignFlavours).Select(f => f.Flavour))
            Assert.Contains($"`{Ring.ConsumerVariants.FlavourName(flavour)}`", page);
        foreach (Ring.ConsumerVariant v in Ring.ConsumerVariants.DesignPorts)
            Assert.Contains($"`{v.Name}`", page);
    }

    [Fact]
    public void TheReadmeNamesTheTwoCommandsTheFirstFileAndFiveRecipes()
    {
        string readme = File.ReadAllText(Path.Combine(Repo, "README.md"));
        Assert.Contains("`./run-bench.sh test`", readme);
        Assert.Contains("`./run-bench.sh`", readme);
        Assert.Contains("**`report.txt`**", readme);
        Assert.Equal(5, Regex.Matches(readme, @"^\*\*\d\. ", RegexOptions.Multiline).Count);
        // One command name: nothing tells a user to type a bare 'ringbench COMMAND'.
        Assert.DoesNotMatch(@"`ringbench [a-z]", readme);
    }
}
