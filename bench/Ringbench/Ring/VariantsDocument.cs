using System.Text;

namespace Ringbench.Ring;

/// <summary>
/// docs/variants.md, written from the registry (<see cref="ConsumerVariants.Listing"/>, its sets
/// and name families), so the page can never leave out a variant the parser takes. What a build
/// finds on disk (libbpf flavours, reader processes) is written from what the repository builds
/// by default, by name and summary, so the page is the same on every machine;
/// `./run-bench.sh list` shows what this machine has built.
/// </summary>
public static class VariantsDocument
{
    public static string Render(IReadOnlyList<string> readersBuiltByDefault)
    {
        var md = new StringBuilder();
        md.AppendLine("# Consumer variants").AppendLine();
        md.AppendLine("Every variant ringbench takes in `--variants`, grouped, with the sets that name several and the");
        md.AppendLine("name families. Written from the registry by `./run-bench.sh list --markdown`; a test keeps this page");
        md.AppendLine("equal to it. `./run-bench.sh list` shows what this machine has built and why a variant cannot run here.");
        foreach (ConsumerVariants.ListedGroup group in ConsumerVariants.Listing)
        {
            if (group.Variants.Any(v => v.Name.StartsWith(ConsumerVariants.FlavourName(""), StringComparison.Ordinal)
                                        && !v.Name.StartsWith("libbpf-timed-", StringComparison.Ordinal))
                || group.Variants.Any(v => v.Name.StartsWith(ConsumerVariants.ReaderPrefix, StringComparison.Ordinal)))
                continue;
            Group(md, group.Title, group.Variants.Select(v => (v.Name, v.Description)));
        }
        var flavours = ConsumerVariants.SeedFlavours.Select(f => f.Flavour)
            .Concat(ConsumerVariants.SeedFlavours.Where(f => f.Flavour is "before" or "after").Select(f => f.Flavour + "-o0"))
            .Concat(ConsumerVariants.DesignFlavours.Select(f => f.Flavour));
        Group(md, "libbpf built from the distribution's source (built by the set-up): the seed patch's flavours, -o0 as the kernel bench builds it, " +
                  "the 2026 designs; and any diff built with `./run-bench.sh libbpf-patch FILE NAME`",
            flavours.Select(f => (ConsumerVariants.FlavourName(f), ConsumerVariants.FlavourSummary(f))));
        Group(md, "Readers in other processes (built by the set-up from bpf-progs/readers/; `--reader NAME=COMMAND` adds yours; docs/reader-protocol.md)",
            readersBuiltByDefault.Select(r => (ConsumerVariants.ReaderPrefix + r, "a reader process: its manifest, written by the build, says what it is")));
        md.AppendLine().AppendLine("## Sets").AppendLine();
        md.AppendLine("| set | what it names |").AppendLine("|---|---|");
        foreach (ConsumerVariants.ListedSet set in ConsumerVariants.Sets.Where(s => s.Name != ConsumerVariants.ReadersSet))
            md.AppendLine($"| `{set.Name}` | {string.Join(", ", set.Members.Select(m => m.Spelling))} |");
        md.AppendLine($"| `{ConsumerVariants.ReadersSet}` | every reader process |");
        md.AppendLine().AppendLine("## Names that take a parameter").AppendLine();
        foreach (string family in ConsumerVariants.ListedFamilies)
            md.AppendLine("- " + family);
        return md.ToString();
    }

    private static void Group(StringBuilder md, string title, IEnumerable<(string Name, string Description)> variants)
    {
        md.AppendLine().AppendLine("## " + title).AppendLine();
        md.AppendLine("| variant | what it is |").AppendLine("|---|---|");
        foreach (var (name, description) in variants)
            md.AppendLine($"| `{name}` | {description.Replace("|", "\\|")} |");
    }
}
