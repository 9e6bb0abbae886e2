using System.CommandLine;
using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Cli;

/// <summary><c>ringbench reproduce</c> and <c>ringbench import-reference</c>: the run against the patch's published numbers.</summary>
internal static class ReproduceCommand
{
    private static readonly Argument<string> FolderArg = new("folder") { Description = "A result folder written by './run-bench.sh matrix'." };
    private static readonly Option<string?> ReferenceOpt = new("--reference")
    { Description = "Folder with the patch's numbers in the results schema (default: results/reference of this checkout)." };

    public static Command Build()
    {
        var command = new Command("reproduce",
            "Set each scenario's measured after / before ratio (with its interval over trials) beside the patch's new / old ratio\n" +
            "and judge whether the effect reproduced: libbpf built from source without and with the patch first (the headline),\n" +
            "then the C# ports (et-seqcst / lt-release), and the kernel bench's consumer against itself on the control rows; where\n" +
            "the patch's two hunks ran apart, where the effect comes from. Writes reproduce.md and reproduce.csv into the folder.")
        { FolderArg, ReferenceOpt };
        command.SetAction(parsed => Commands.Guard(() =>
        {
            ResultFolder folder = ResultFolder.Open(parsed.GetValue(FolderArg)!);
            string reference = parsed.GetValue(ReferenceOpt) ?? PatchReference.DefaultFolder()
                ?? throw new RingbenchException(ExitCode.Usage, "no results/reference in this checkout: pass --reference, or create it with './run-bench.sh import-reference'");
            IReadOnlyList<Reproduction.Row> rows = ReproductionReport.Write(folder, FolderSummary.Load(folder, reference));
            if (rows.Count == 0)
                throw new RingbenchException(ExitCode.Usage, $"{folder.ResultsCsv}: no scenario has a before / after pair (libbpf-before and libbpf-after, or lt-release and et-seqcst), nothing to compare with the patch");
            Console.Write(File.ReadAllText(folder.ReproduceMarkdown));
            return 0;
        }));
        return command;
    }

    private static readonly Argument<string> PublishedArg = new("csv")
    { Description = "The published numbers: the patch's (../shared/reference/patch-ryzen9-7950x.csv), or with --intro the 2020 introduction's (results/reference-2020/published.csv)." };
    private static readonly Option<bool> IntroOpt = new("--intro")
    { Description = "The CSV is the benchmark's 2020 introduction (ring buffer and perf buffer, one column per kernel bench: rb-libbpf, rb-custom, pb-libbpf, pb-custom)." };
    private static readonly Option<string?> OutOpt = new("--out")
    { Description = "Where to write them (default results/reference, or results/reference-2020 with --intro)." };

    public static Command BuildImport()
    {
        var command = new Command("import-reference", "Convert published numbers into a result folder (results.csv + machine.json): the patch's, or with --intro the 2020 introduction's.")
        { PublishedArg, IntroOpt, OutOpt };
        command.SetAction(parsed => Commands.Guard(() =>
        {
            bool intro = parsed.GetValue(IntroOpt);
            string output = parsed.GetValue(OutOpt) ?? (intro ? Path.Combine("results", IntroReference.FolderName) : "results/reference");
            if (intro)
                IntroReference.Import(parsed.GetValue(PublishedArg)!, output);
            else
                PatchReference.Import(parsed.GetValue(PublishedArg)!, output);
            Console.Error.WriteLine($"ringbench: wrote {output}/results.csv and machine.json");
            return 0;
        }));
        return command;
    }
}
