using System.Globalization;
using System.Text;
using Ringbench.Compare;
using Ringbench.Plots;

namespace Ringbench.Results;

/// <summary>
/// report.md: the page to attach to a review, read as a reviewer would. A headline of at most
/// six lines (the machine; what reproduced and what did not; the main reason with its number;
/// where the effect comes from, where the patch's two hunks ran apart),
/// then the reproduction forest plot, then at most five figures that carry the story, then links
/// to everything else (summary.md, reproduce.md, the kernel-format text, every figure) instead
/// of inlining it.
/// </summary>
public static class ReviewReport
{
    /// <summary>The figures shown inline after the forest plot, in this order, where they exist.</summary>
    public static readonly string[] StoryFigures = ["twins", "overview", "multi-producer", "ceiling-share", "sample-rate"];

    public static string Write(ResultFolder folder, FolderSummary summary, IReadOnlyList<FigureSet.Written> figures)
    {
        var md = new StringBuilder();
        md.AppendLine($"# ringbench: {Path.GetFileName(folder.Directory)}").AppendLine();
        foreach (string line in Headline(summary))
            md.AppendLine($"- {line}");
        md.AppendLine();

        var byName = figures.ToDictionary(f => f.Name);
        if (byName.TryGetValue("reproduction", out FigureSet.Written? forest))
            md.AppendLine($"![{forest.Title}]({forest.RelativePng})").AppendLine();
        foreach (string name in StoryFigures.Where(byName.ContainsKey))
            md.AppendLine($"### {byName[name].Title}").AppendLine().AppendLine($"![{byName[name].Title}]({byName[name].RelativePng})").AppendLine();

        md.Append(MatrixSummary.FindingsSection(summary.Findings));
        md.AppendLine("## Everything else").AppendLine();
        if (File.Exists(Path.Combine(folder.Directory, "reproduce.md")))
            md.AppendLine("- [reproduce.md](reproduce.md): every row against the patch, both pairs, the control rows' A/A check, the busy-neighbour rows and the patch's own noise");
        md.AppendLine("- [summary.md](summary.md): every scenario x variant with intervals and verdicts, port fidelity, trials, noise, wake-up accounting, latency, strategies");
        md.AppendLine("- [summary.txt](summary.txt): the kernel script's text (New, then Old) to paste beside the patch's blocks; [summary-variants.txt](summary-variants.txt): every variant with its trials");
        md.AppendLine("- results.csv, samples.csv, latency.csv, machine.json: the data everything here is made from");
        var rest = figures.Where(f => f.Name != "reproduction" && !StoryFigures.Contains(f.Name)).ToList();
        if (rest.Count > 0)
            md.AppendLine("- figures: " + string.Join(", ", rest.Select(f => $"[{f.Name}]({f.RelativePng})")));
        string path = Path.Combine(folder.Directory, "report.md");
        File.WriteAllText(path, md.ToString());
        return path;
    }

    /// <summary>At most six lines: the machine, the outcomes, the main reason with its number, where it comes from, the twins, the stalls.</summary>
    public static IReadOnlyList<string> Headline(FolderSummary summary)
    {
        IReadOnlyList<ResultRow> rows = summary.Rows;
        MachineInfo machine = summary.Machine;
        IReadOnlyList<Reproduction.Row> reproduction = summary.Reproduction;
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string>
        {
            $"Machine: {machine.CpuModel} x{machine.Cpus}, {machine.Virtualization}, kernel {machine.Kernel}, libbpf {machine.LibbpfVersion}; " +
            $"{rows.Count} runs, {MatrixSummary.TrialsText(machine.Settings)}.",
        };
        var judged = reproduction.Where(r => r.Headline && !r.IsControl && !r.Scenario.EndsWith(Reproduction.BusySuffix, StringComparison.Ordinal)).ToList();
        if (judged.Count > 0)
        {
            lines.Add($"Against the patch ({judged[0].Pair} where it ran): " +
                      string.Join(", ", judged.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key}")) + ".");
            Reproduction.Row? parallel = judged.FirstOrDefault(r => r.Scenario == "parallel");
            if (parallel is not null)
                lines.Add(string.Create(inv, $"The headline row, parallel: the patch measured {parallel.PatchRatio:F2}x; here {parallel.Pair} gives " +
                                             $"{parallel.MeasuredRatio:F2}x [{parallel.Low:F2}, {parallel.High:F2}] over {parallel.Trials} trials: {parallel.Outcome} ({parallel.Detail})."));
        }
        PatchSplit.Row? split = summary.Splits.FirstOrDefault(r => r.Scenario == "parallel") ?? summary.Splits.FirstOrDefault();
        if (split is not null)
            lines.Add($"Where it comes from ({split.Scenario}): {split.Sentence}");
        IReadOnlyList<TwinFidelity.Row> twins = summary.Twins;
        if (twins.Count > 0)
        {
            var off = twins.Where(t => t.Unfaithful).ToList();
            int settled = twins.Count(t => t.Faithful) + off.Count;
            lines.Add($"Port fidelity (C# port / libbpf built from source): {twins.Count(t => t.Faithful)} of {twins.Count} pairs within ±5%, " +
                      $"{off.Count} outside{(off.Count > 0 ? $" ({string.Join(", ", off.Select(t => string.Create(inv, $"{t.Port} on {t.Scenario} {t.Ratio.Ratio:F2}x")))})" : "")}, " +
                      $"{twins.Count - settled} not settled at these trials.");
        }
        long stalls = rows.Sum(r => r.Stalls), stallsRun = rows.Sum(r => r.StallsRunTotal);
        var stalled = rows.Where(r => r.StallsRunTotal > 0).GroupBy(r => r.Variant).Select(g => $"{g.Key} {g.Sum(r => r.StallsRunTotal)}").ToList();
        lines.Add(stallsRun == 0 ? "No stalls (lost or late wake-ups) in any run; every integrity check held." + (rows.All(r => r.IntegrityOk) ? "" : " Except integrity: see summary.md.")
            : $"Stalls: {stalls} in the measured seconds, {stallsRun} over whole runs ({string.Join(", ", stalled)}); integrity {(rows.All(r => r.IntegrityOk) ? "held in every run" : "FAILED in some runs: see summary.md")}.");
        return lines.Take(6).ToList();
    }
}
