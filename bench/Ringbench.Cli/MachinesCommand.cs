using System.CommandLine;
using System.Globalization;
using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Results;
using Spectre.Console;
using Ringbench.Reports;

namespace Ringbench.Cli;

/// <summary><c>ringbench machines</c>: result folders from different machines, compared by what compares across machines.</summary>
internal static class MachinesCommand
{
    private static readonly Argument<string[]> FoldersArg = new("folders")
    {
        Description = "Result folders, one per machine, or a fleet run's folder (results/fleet/<run>/) holding one per host.",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string?> OutOpt = new("--out", "-o")
    { Description = "Where to write machines.md, machines.csv and machines.png/.svg (default: the fleet run's folder when one folder of folders is given, else machines-<A>+<B>... beside the first folder, never the current directory)." };

    private static readonly Option<string?> TitleOpt = new("--title") { Description = "The comparison's title (default: the fleet run's name, or the machines' names)." };

    public static Command Build()
    {
        var command = new Command("machines",
            "Compare machines: per scenario, each machine's after / before ratio (libbpf built from source and the C# ports) with its\n" +
            "interval over that machine's trials, and each variant's share of its own machine's ceiling; raw M/s side by side,\n" +
            "never judged across machines. The header names what differs (CPU, cores, kernel, virtualization, libbpf, attach mode).")
        { FoldersArg, OutOpt, TitleOpt };
        command.SetAction(parsed => Commands.Guard(() =>
        {
            string[] paths = parsed.GetValue(FoldersArg)!;
            MachineComparison comparison = MachineComparison.Of(MachineComparison.Load(paths));
            bool oneFleet = paths.Length == 1 && !File.Exists(Path.Combine(paths[0], ResultFolder.ResultsFile));
            string outDir = Path.GetFullPath(parsed.GetValue(OutOpt) ?? (oneFleet ? paths[0] : BesideFirst(paths)));
            Directory.CreateDirectory(outDir);
            string title = parsed.GetValue(TitleOpt) ?? (oneFleet ? Path.GetFileName(Path.GetFullPath(paths[0]).TrimEnd('/')) : string.Join(", ", comparison.Machines.Select(m => m.Name)));
            File.WriteAllText(Path.Combine(outDir, ResultFolder.MachinesMarkdownFile), MachineComparisonReport.Markdown(comparison, title));
            string csv = Path.Combine(outDir, ResultFolder.MachinesCsvFile);
            File.Delete(csv);
            ResultCsv.Append(csv, comparison.Rows);
            if (comparison.Rows.Count > 0)
                Figure.Save(MachineChart.Draw(comparison), "machines", [outDir]);
            Print(comparison);
            Console.Error.WriteLine($"ringbench: {comparison.Machines.Count} machine(s) -> {Path.Combine(outDir, ResultFolder.MachinesMarkdownFile)}, {ResultFolder.MachinesCsvFile}" +
                                    (comparison.Rows.Count > 0 ? ", machines.png" : " (no scenario had a before/after pair: no figure)"));
            return 0;
        }));
        return command;
    }

    /// <summary>Plain folders: machines-&lt;A&gt;+&lt;B&gt;... in the folder that holds the first, so the outputs sit beside their data.</summary>
    private static string BesideFirst(string[] paths)
    {
        string first = Path.GetFullPath(paths[0]).TrimEnd('/');
        return Path.Combine(Path.GetDirectoryName(first) ?? ".", "machines-" + string.Join("+", paths.Select(p => Path.GetFileName(Path.GetFullPath(p).TrimEnd('/')))));
    }

    private static void Print(MachineComparison c)
    {
        CommonOptions.WideTablesWhenRedirected();
        foreach (var (fact, values, differs) in c.Facts.Where(f => f.Differs))
            AnsiConsole.MarkupLine(Markup.Escape($"differs: {fact}: {string.Join(" / ", values)}"));
        var table = new Table().AddColumns("scenario", "machine", "pair", "before M/s", "after M/s", "after / before", "verdict on that machine");
        foreach (MachineComparison.PairRow r in c.Rows)
        {
            table.AddRow(Markup.Escape(r.Scenario), Markup.Escape(r.Machine), Markup.Escape(r.Pair),
                r.BeforeMps.ToString("F3", CultureInfo.InvariantCulture), r.AfterMps.ToString("F3", CultureInfo.InvariantCulture),
                Markup.Escape(r.Interval.Text()), Markup.Escape(r.Verdict));
        }
        AnsiConsole.Write(table);
    }
}
