using System.CommandLine;
using Ringbench.Ring;
using Ringbench.Scenarios;
using Spectre.Console;

namespace Ringbench.Cli;

/// <summary><c>ringbench list</c>: the scenarios of the matrix, and every consumer variant, set and name family (ConsumerVariants.Listing).</summary>
internal static class ListCommand
{
    public static Command Build()
    {
        var command = new Command("list", "List the scenarios (with their kernel bench flags), every consumer variant this build can run, grouped, " +
                                          "the sets that name several, and the name families (durations, +notify, @headline, your libbpf diff, your reader).");
        var markdown = new Option<bool>("--markdown") { Description = "Print docs/variants.md instead: every variant, set and family from the registry, the same on every machine." };
        command.Options.Add(markdown);
        command.SetAction(parsed =>
        {
            if (parsed.GetValue(markdown))
            {
                Console.Write(Ring.VariantsDocument.Render(ReadersBuiltByDefault()));
                return 0;
            }
            CommonOptions.WideTablesWhenRedirected();
            var scenarios = new Table().AddColumns("id", "group", "kernel flags", "control");
            foreach (Scenario s in ScenarioCatalog.All)
                scenarios.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Group), Markup.Escape(s.KernelFlags), s.IsControl ? "yes" : "");
            AnsiConsole.Write(scenarios);
            var variants = new Table().AddColumns("variant", "what it is");
            foreach (ConsumerVariants.ListedGroup group in ConsumerVariants.Listing)
            {
                variants.AddRow(new Text(""), new Markup($"[bold]{Markup.Escape(group.Title)}[/]"));
                foreach (ConsumerVariant v in group.Variants)
                {
                    // A variant that cannot run here (not built, no source package) says why in its row.
                    string why = v.Unsupported(new BenchSettings()) is string missing ? $" [not here: {missing}]" : "";
                    variants.AddRow(Markup.Escape(v.Name), Markup.Escape(v.Description + why));
                }
            }
            foreach (var (name, why) in ExternalReader.Unavailable.Where(u => !ExternalReader.Known.ContainsKey(u.Key)))
                variants.AddRow(Markup.Escape(ConsumerVariants.ReaderPrefix + name), Markup.Escape($"not built here: {why}"));
            AnsiConsole.Write(variants);
            var sets = new Table().AddColumns("set", "the variants it names");
            foreach (ConsumerVariants.ListedSet set in ConsumerVariants.Sets)
                sets.AddRow(Markup.Escape(set.Name), Markup.Escape(string.Join(", ", set.Members.Select(m => m.Spelling))));
            AnsiConsole.Write(sets);
            AnsiConsole.WriteLine("Names that take a parameter:");
            foreach (string family in ConsumerVariants.ListedFamilies)
                AnsiConsole.WriteLine("  " + family);
            return 0;
        });
        return command;
    }

    /// <summary>The readers the set-up builds: the folders of bpf-progs/readers/ in the checkout (none outside one).</summary>
    internal static IReadOnlyList<string> ReadersBuiltByDefault() =>
        Results.MachineInfo.RepositoryRoot() is string repo && Directory.Exists(Path.Combine(repo, "bpf-progs", "readers"))
            ? Directory.GetDirectories(Path.Combine(repo, "bpf-progs", "readers")).Select(Path.GetFileName).OfType<string>().Order(StringComparer.Ordinal).ToList()
            : [];
}
