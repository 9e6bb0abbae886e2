using System.CommandLine;
using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Cli;

/// <summary><c>ringbench plot</c> and <c>ringbench report</c>: figures and the review report from a result folder's CSVs.</summary>
internal static class PlotCommand
{
    private static readonly Argument<string> FolderArg = new("folder") { Description = "A result folder written by './run-bench.sh matrix' (from any machine)." };
    private static readonly Option<string?> ReferenceOpt = new("--reference")
    { Description = "Patch reference folder for the markers and the ratio chart (default: results/reference of this checkout)." };

    public static Command Build() => Make("plot",
        "Draw the figures (PNG and SVG, 1200x800) of a result folder into its plots/ folder.\n" +
        "Made from the CSVs alone; nothing reruns.",
        report: false);

    public static Command BuildReport() => Make("report",
        "Write report.md into a result folder: the figures, the tables, the reproduction verdicts and the\n" +
        "kernel-format text, ready to attach to a review. Rewrites the summaries and draws the figures first.",
        report: true);

    private static readonly Option<bool> TextOnlyOpt = new("--text-only")
    { Description = "Rewrite the text outputs only (summaries, reproductions, designs.md, report.txt), not the figures nor report.md, which links them." };

    private static Command Make(string name, string description, bool report)
    {
        var command = new Command(name, description) { FolderArg, ReferenceOpt };
        if (report)
            command.Options.Add(TextOnlyOpt);
        command.SetAction(parsed => Commands.Guard(() =>
        {
            ResultFolder folder = ResultFolder.Open(parsed.GetValue(FolderArg)!);
            string? reference = parsed.GetValue(ReferenceOpt) ?? PatchReference.DefaultFolder();
            if (report && parsed.GetValue(TextOnlyOpt))
            {
                FolderOutputs.WriteText(folder, FolderSummary.Load(folder, reference, IntroReference.DefaultFolder()));
                Console.Error.WriteLine($"ringbench: {folder.ReportText}");
                return 0;
            }
            if (report)
            {
                // Every output is a view of the CSVs: rewrite them all with this ringbench, as the matrix does at its end.
                Console.Error.WriteLine($"ringbench: {FolderOutputs.Write(folder, reference).Report}");
                return 0;
            }
            foreach (FigureSet.Written f in FigureSet.Draw(folder, FolderSummary.Load(folder, reference)))
                Console.Error.WriteLine($"ringbench: {Path.Combine(folder.Directory, f.RelativePng)} (and .svg)");
            return 0;
        }));
        return command;
    }

}
