using System.CommandLine;
using Ringbench.Ring;
using Ringbench.Scenarios;
using Spectre.Console;

namespace Ringbench.Cli;

/// <summary><c>ringbench list</c>: the scenarios of the matrix and the consumer variants.</summary>
internal static class ListCommand
{
    public static Command Build()
    {
        var command = new Command("list", "List the scenarios (with their kernel bench flags), the consumer variants and the strategies.");
        command.SetAction(_ =>
        {
            CommonOptions.WideTablesWhenRedirected();
            var scenarios = new Table().AddColumns("id", "group", "kernel flags", "control");
            foreach (Scenario s in ScenarioCatalog.All)
                scenarios.AddRow(Markup.Escape(s.Id), Markup.Escape(s.Group), Markup.Escape(s.KernelFlags), s.IsControl ? "yes" : "");
            AnsiConsole.Write(scenarios);
            var variants = new Table().AddColumns("variant", "what it is");
            foreach (ConsumerVariant v in ConsumerVariants.All.Concat(ConsumerVariants.Twins).Concat(ConsumerVariants.Strategies).DistinctBy(v => v.Name))
                variants.AddRow(Markup.Escape(v.Name), Markup.Escape(v.Description));
            // Reader processes: the ones built here, each with its library, and the ones the build could not make, with why.
            foreach (ConsumerVariant v in ConsumerVariants.Readers)
                variants.AddRow(Markup.Escape(v.Name), Markup.Escape(v.Description));
            foreach (var (name, why) in ExternalReader.Unavailable.Where(u => !ExternalReader.Known.ContainsKey(u.Key)))
                variants.AddRow(Markup.Escape(ConsumerVariants.ReaderPrefix + name), Markup.Escape($"not built here: {why}"));
            AnsiConsole.Write(variants);
            AnsiConsole.WriteLine("Any duration works in timed-<T>, hybrid-<T> and libbpf-timed-<T> (T like 250us or 2ms); timed-0us busy-polls. " +
                                  "A +<notify> suffix (default, sampled:N, never, every:N) sets the producer's notification, e.g. et-seqcst+every:500. " +
                                  "'all', 'twins' (the four ports and their libbpf twins) and 'strategies' name the sets above. " +
                                  "'./run-bench.sh libbpf-patch FILE NAME' builds libbpf-NAME-before and libbpf-NAME-after from any diff against libbpf. " +
                                  "--reader NAME=COMMAND runs a reader process of your own as reader-NAME (docs/reader-protocol.md); 'readers' names every reader.");
            return 0;
        });
        return command;
    }
}
