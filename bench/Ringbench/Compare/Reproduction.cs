using System.Globalization;
using System.Text;
using CsvHelper.Configuration.Attributes;
using Ringbench.Results;

namespace Ringbench.Compare;

/// <summary>
/// Did a run reproduce the patch? Only ratios travel across machines, so for each scenario
/// the patch's new/old ratio is set beside the measured et-seqcst / lt-release ratio and its
/// bootstrap interval over trials, and judged by one rule (see <see cref="Judge"/>).
/// </summary>
public static class Reproduction
{
    public sealed record Row
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("group")] public string Group { get; init; } = "";
        [Name("is_control")] public bool IsControl { get; init; }
        [Name("patch_old_mps")] public double PatchOld { get; init; }
        [Name("patch_new_mps")] public double PatchNew { get; init; }
        [Name("patch_ratio")] public double PatchRatio { get; init; }
        [Name("expected")] public string Expected { get; init; } = "";
        [Name("measured_old_mps")] public double MeasuredOld { get; init; }
        [Name("measured_new_mps")] public double MeasuredNew { get; init; }
        [Name("measured_ratio")] public double MeasuredRatio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("trials")] public int Trials { get; init; }
        [Name("measured")] public string Measured { get; init; } = "";
        [Name("outcome")] public string Outcome { get; init; } = "";
    }

    public const string Reproduced = "reproduced";
    public const string DirectionOnly = "direction reproduced, size differs";
    public const string NotReproduced = "not reproduced";
    public const string TooNoisy = "too noisy";
    public const string NeedsTrials = "needs trials";

    public static List<Row> Compute(IReadOnlyList<ResultRow> measured, IReadOnlyList<ResultRow> reference, double threshold = VerdictRule.DefaultThreshold)
    {
        var runs = TrialSummary.From(measured).ToDictionary(s => (s.Scenario, s.Variant));
        var rows = new List<Row>();
        foreach (var scenario in MatrixSummary.InCatalogOrder(TrialSummary.From(reference)).GroupBy(s => s.Scenario))
        {
            TrialSummary? patchOld = scenario.FirstOrDefault(s => s.Variant == MatrixSummary.Before);
            TrialSummary? patchNew = scenario.FirstOrDefault(s => s.Variant == MatrixSummary.After);
            if (patchOld is null || patchNew is null
                || !runs.TryGetValue((scenario.Key, MatrixSummary.Before), out TrialSummary? old)
                || !runs.TryGetValue((scenario.Key, MatrixSummary.After), out TrialSummary? @new))
                continue;
            double patchRatio = patchNew.PooledThroughput.Mean / patchOld.PooledThroughput.Mean;
            // Controls ran the kernel bench's own consumer in the patch: no effect is expected whatever the noise said.
            Verdict expected = patchOld.IsControl ? Verdict.Same : VerdictRule.Expected(patchRatio, threshold);
            RatioInterval interval = RatioInterval.Of(old.TrialMeans, @new.TrialMeans);
            Verdict verdict = VerdictRule.Decide(interval, threshold);
            rows.Add(new Row
            {
                Scenario = scenario.Key, Group = patchOld.Group, IsControl = patchOld.IsControl,
                PatchOld = patchOld.PooledThroughput.Mean, PatchNew = patchNew.PooledThroughput.Mean, PatchRatio = patchRatio,
                Expected = VerdictRule.Text(expected),
                MeasuredOld = old.PooledThroughput.Mean, MeasuredNew = @new.PooledThroughput.Mean, MeasuredRatio = interval.Ratio,
                Low = interval.Low, High = interval.High, Trials = Math.Min(old.Trials.Count, @new.Trials.Count),
                Measured = VerdictRule.Text(verdict),
                Outcome = Judge(expected, verdict, interval, patchRatio),
            });
        }
        return rows;
    }

    /// <summary>
    /// The rule: an undecidable interval decides nothing ("too noisy", "needs trials").
    /// Otherwise the direction must match the patch's (up, down, or flat within the
    /// threshold); it is "reproduced" when the patch's ratio also lies inside the interval,
    /// "direction reproduced, size differs" when it does not.
    /// </summary>
    public static string Judge(Verdict expected, Verdict measured, RatioInterval interval, double patchRatio)
    {
        if (measured == Verdict.NeedsTrials) return NeedsTrials;
        if (measured == Verdict.TooNoisy) return TooNoisy;
        if (Direction(measured) != Direction(expected)) return NotReproduced;
        return patchRatio >= interval.Low && patchRatio <= interval.High ? Reproduced : DirectionOnly;
    }

    private static int Direction(Verdict v) => v switch
    {
        Verdict.Faster or Verdict.SlightlyFaster => 1,
        Verdict.Slower or Verdict.SlightlySlower => -1,
        _ => 0,
    };

    public static string Markdown(IReadOnlyList<Row> rows, MachineInfo machine, MachineInfo reference)
    {
        var md = new StringBuilder("# Reproduction of the libbpf EPOLLET patch\n\n");
        md.AppendLine($"Measured: {MatrixSummary.MachineLine(machine)}").AppendLine();
        md.AppendLine($"Patch: {reference.CpuModel}, {reference.Cpus} threads, one run per row (kernel selftest bench).").AppendLine();
        md.AppendLine("Only ratios compare across machines: *patch* is the published new / old throughput, *measured* is et-seqcst / lt-release " +
                      "with a 95% bootstrap interval over trial means. Rule: an interval that holds 1 and reaches past the ±5% threshold is " +
                      "*too noisy*; otherwise the direction (up, down, flat within ±5%) must match the patch's, and the row is *reproduced* " +
                      "when the patch's ratio also lies in the interval. Control rows (the kernel script's own consumer) expect no change.").AppendLine();
        md.AppendLine("| scenario | patch old → new M/s | patch ratio | expected | measured old → new M/s | measured ratio [95% CI] | trials | measured | outcome |");
        md.AppendLine("|---|---:|---:|---|---:|---:|---:|---|---|");
        foreach (Row r in rows)
        {
            string ci = double.IsNaN(r.Low) ? "–" : string.Create(CultureInfo.InvariantCulture, $"[{r.Low:F2}, {r.High:F2}]");
            md.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"| {r.Scenario}{(r.IsControl ? " (control)" : "")} | {r.PatchOld:F3} → {r.PatchNew:F3} | {r.PatchRatio:F2}x | {r.Expected} | " +
                $"{r.MeasuredOld:F3} → {r.MeasuredNew:F3} | {r.MeasuredRatio:F2}x {ci} | {r.Trials} | {r.Measured} | **{r.Outcome}** |"));
        }
        md.AppendLine();
        foreach (var outcome in rows.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()))
            md.AppendLine($"- {outcome.Key}: {outcome.Count()} ({string.Join(", ", outcome.Select(r => r.Scenario))})");
        return md.ToString();
    }

    /// <summary>Writes reproduce.md and reproduce.csv into a result folder.</summary>
    public static IReadOnlyList<Row> Write(ResultFolder folder, string referenceFolder)
    {
        IReadOnlyList<ResultRow> reference = ResultCsv.Read<ResultRow>(Path.Combine(referenceFolder, "results.csv"));
        MachineInfo referenceMachine = MachineInfo.Load(Path.Combine(referenceFolder, "machine.json"));
        MachineInfo machine = MachineInfo.Load(folder.MachineJson);
        List<Row> rows = Compute(folder.Completed(), reference);
        string csv = Path.Combine(folder.Directory, "reproduce.csv");
        File.Delete(csv);
        ResultCsv.Append(csv, rows);
        File.WriteAllText(Path.Combine(folder.Directory, "reproduce.md"), Markdown(rows, machine, referenceMachine));
        return rows;
    }
}
