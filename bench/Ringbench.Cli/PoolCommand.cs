using System.CommandLine;
using Ringbench.Analysis;
using Ringbench.Reports;
using Ringbench.Results;

namespace Ringbench.Cli;

/// <summary><c>ringbench pool</c>: one verdict per row from several jobs of one machine and commit.</summary>
internal static class PoolCommand
{
    private static readonly Argument<string[]> FoldersArg = new("folders")
    {
        Description = "Two or more result folders of one machine and one commit (e.g. two runs of the main job).",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string?> OutOpt = new("--out", "-o")
    { Description = "Where to write pool.md and pool.csv (default: <first folder>-pooled beside it)." };
    private static readonly Option<string?> ReferenceOpt = new("--reference")
    { Description = "Patch reference folder the pooled rows are judged against (default: results/reference of this checkout)." };

    public static Command Build()
    {
        var command = new Command("pool",
            "Pool several jobs of one machine and commit into one verdict per row: each row's ratio is the mean of its jobs'\n" +
            "ratios, with an interval from the within-job spread plus a between-job component estimated from every row at once\n" +
            "(a job shares the machine's state across its trials, so its trials are not independent of each other's job). Judged\n" +
            "against the patch as reproduce is. Jobs of other machines or commits are refused: compare those with 'machines' or\n" +
            "'compare'. To add trials to one job instead, run 'matrix --resume FOLDER' with a larger --budget.")
        { FoldersArg, OutOpt, ReferenceOpt };
        command.SetAction(parsed => Commands.Guard(() =>
        {
            string[] paths = parsed.GetValue(FoldersArg)!;
            if (paths.Length < 2)
                throw new RingbenchException(ExitCode.Usage, "pool: give two or more result folders of one machine and commit");
            var jobs = paths.Select(p => FolderSummary.Load(ResultFolder.Open(p), null)).ToList();
            string? reference = parsed.GetValue(ReferenceOpt) ?? PatchReference.DefaultFolder();
            FolderSummary.ReferenceRun? patch = reference is null ? null : FolderSummary.ReferenceRun.Load(reference);
            JobPooling.Result pool = JobPooling.Compute(jobs);
            IReadOnlyList<JobPooling.Row> rows = pool.Rows(patch);
            string first = Path.GetFullPath(paths[0]).TrimEnd('/');
            string outDir = Path.GetFullPath(parsed.GetValue(OutOpt) ?? first + "-pooled");
            Directory.CreateDirectory(outDir);
            string markdown = PoolReport.Markdown(pool, rows);
            File.WriteAllText(Path.Combine(outDir, "pool.md"), markdown);
            string csv = Path.Combine(outDir, "pool.csv");
            File.Delete(csv);
            ResultCsv.Append(csv, rows);
            Console.Write(markdown);
            Console.Error.WriteLine($"ringbench: {jobs.Count} jobs, {rows.Count} rows pooled (job share {pool.JobShare:F2}) -> {Path.Combine(outDir, "pool.md")}, pool.csv");
            return 0;
        }));
        return command;
    }
}
