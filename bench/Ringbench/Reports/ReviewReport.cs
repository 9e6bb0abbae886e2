using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Scenarios;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>
/// The page to attach to a review, twice: report.txt, plain text wrapped at 72 columns for a
/// mail to the list, and report.md, the same words with the figures. Both open with the same
/// headline (<see cref="Headline"/>), whose first five lines say what a maintainer checks first:
/// the machine and the library built, what reproduced, the headline row, where the effect comes
/// from and the lost wake-ups. Then the setup (timing, attach, trials and why they stopped), the
/// reproduction table, what did not reproduce and why, and a glossary of the words the report
/// uses. report.md links everything else instead of inlining it.
/// </summary>
public static class ReviewReport
{
    /// <summary>The figures shown inline after the forest plot, in this order, where they exist.</summary>
    public static readonly string[] StoryFigures = ["twins", "overview", "multi-producer", "ceiling-share", "sample-rate"];

    /// <summary>Writes report.md (report.txt is written with the other text outputs, FolderOutputs.WriteText); returns report.md's path.</summary>
    public static string Write(ResultFolder folder, FolderSummary summary, IReadOnlyList<FigureSet.Written> figures)
    {
        var md = new StringBuilder();
        md.AppendLine($"# ringbench: {Path.GetFileName(folder.Directory)}").AppendLine();
        md.AppendLine(string.Join(" ", ConclusionText.Sentences(summary.Concluded))).AppendLine();
        foreach (string line in Headline(summary))
            md.AppendLine($"- {line}");
        md.AppendLine();

        var byName = figures.ToDictionary(f => f.Name);
        if (byName.TryGetValue("reproduction", out FigureSet.Written? forest))
            md.AppendLine($"![{forest.Title}]({forest.RelativePng})").AppendLine();
        if (NotReproducedWhy(summary) is { Count: > 0 } why)
        {
            md.AppendLine("## What did not reproduce, and why").AppendLine();
            foreach (string line in why)
                md.AppendLine($"- {line}");
            md.AppendLine();
        }
        if (summary.ReaderCosts.Count > 0)
        {
            md.AppendLine("## Readers in other processes, and why they cost what they do").AppendLine();
            foreach (Ring.VariantTraits reader in summary.ReaderCosts.Select(r => r.Reader).DistinctBy(r => r.Name))
                md.AppendLine($"- {ReaderCostReport.Describe(reader)}");
            foreach (string sentence in ReaderCostReport.Sentences(summary.ReaderCosts))
                md.AppendLine($"- {sentence}");
            md.AppendLine();
        }
        foreach (string name in StoryFigures.Where(byName.ContainsKey))
            md.AppendLine($"### {byName[name].Title}").AppendLine().AppendLine($"![{byName[name].Title}]({byName[name].RelativePng})").AppendLine();

        md.Append(MatrixSummary.FindingsSection(summary.Findings));
        md.AppendLine("## Words this report uses").AppendLine();
        foreach (var (term, meaning) in Glossary)
            md.AppendLine($"- **{term}**: {meaning}");
        md.AppendLine();
        md.AppendLine("## Everything else").AppendLine();
        md.AppendLine($"- [{Path.GetFileName(folder.ReportText)}]({Path.GetFileName(folder.ReportText)}): this report as plain text, for a mail");
        if (File.Exists(folder.ReproduceMarkdown))
            md.AppendLine($"- [{Path.GetFileName(folder.ReproduceMarkdown)}]({Path.GetFileName(folder.ReproduceMarkdown)}): every row against the patch, both pairs, the control rows' A/A check, the busy-neighbour rows and the patch's own noise");
        if (File.Exists(folder.RingOverPerfMarkdown))
            md.AppendLine($"- [{Path.GetFileName(folder.RingOverPerfMarkdown)}]({Path.GetFileName(folder.RingOverPerfMarkdown)}): the ring buffer over the perf buffer, row by row, against the benchmark's 2020 introduction");
        md.AppendLine("- [summary.md](summary.md): every scenario x variant with intervals and verdicts, port fidelity, trials, noise, wake-up accounting, latency, strategies");
        md.AppendLine("- [summary.txt](summary.txt): the kernel script's text (New, then Old) to paste beside the patch's blocks; [summary-variants.txt](summary-variants.txt): every variant with its trials");
        md.AppendLine("- results.csv, samples.csv, latency.csv, machine.json: the data everything here is made from");
        var rest = figures.Where(f => f.Name != "reproduction" && !StoryFigures.Contains(f.Name)).ToList();
        if (rest.Count > 0)
            md.AppendLine("- figures: " + string.Join(", ", rest.Select(f => $"[{f.Name}]({f.RelativePng})")));
        File.WriteAllText(folder.ReportMarkdown, md.ToString());
        return folder.ReportMarkdown;
    }

    /// <summary>
    /// The headline both reports open with, most important first: the machine and library; the
    /// outcomes against the patch; the headline row; where its effect comes from; lost wake-ups by
    /// variant; then the setup (timing, attach, trials and why they stopped) and port fidelity.
    /// </summary>
    public static IReadOnlyList<string> Headline(FolderSummary summary)
    {
        MachineInfo machine = summary.Machine;
        var inv = CultureInfo.InvariantCulture;
        var lines = new List<string> { MachineLine(machine) };
        var judged = JudgedRows(summary);
        if (judged.Count > 0)
        {
            lines.Add($"Against the patch ({judged[0].Pair} where it ran, {summary.Confidence.ToString("P0", inv)} intervals): of the patch's " +
                      $"{judged.Count} rows held here, " +
                      string.Join(", ", judged.GroupBy(r => r.Outcome).OrderByDescending(g => g.Count()).Select(g => $"{g.Count()} {g.Key.Text()}")) + ".");
            Reproduction.Row? parallel = judged.FirstOrDefault(r => r.Scenario == ScenarioCatalog.HeadlineScenario);
            if (parallel is not null)
                lines.Add(string.Create(inv, $"The headline row, parallel: the patch measured {parallel.PatchRatio:F2}x; here {parallel.Pair} gives " +
                                             $"{RatioText(parallel)} over {TrialSummary.CountText(parallel.Trials)}: {parallel.Outcome.Text()} ({parallel.Detail})."));
        }
        PatchSplit.Row? split = summary.Splits.FirstOrDefault(r => r.Scenario == ScenarioCatalog.HeadlineScenario) ?? summary.Splits.FirstOrDefault();
        if (split is not null)
            lines.Add($"Where it comes from ({split.Scenario}): {split.Sentence}");
        lines.Add(StallsLine(summary));
        if (ReaderCostReport.HeadlineLine(summary.ReaderCosts, summary.Confidence) is string readers)
            lines.Add(readers);
        lines.Add(SetupLine(summary));
        IReadOnlyList<TwinFidelity.Row> twins = summary.Twins;
        if (twins.Count > 0)
        {
            var off = twins.Where(t => t.Unfaithful).ToList();
            int settled = twins.Count(t => t.Faithful) + off.Count;
            lines.Add($"Port fidelity (C# port / libbpf built from source): {twins.Count(t => t.Faithful)} of {twins.Count} pairs within ±5%, " +
                      $"{off.Count} outside{(off.Count > 0 ? $" ({string.Join(", ", off.Select(t => string.Create(inv, $"{t.Port} on {t.Scenario} {t.Ratio.Ratio:F2}x")))})" : "")}, " +
                      $"{twins.Count - settled} not settled at these trials.");
        }
        return lines;
    }

    /// <summary>The machine, kernel and the libbpf builds: the system package and what was built from which source with which diff.</summary>
    private static string MachineLine(MachineInfo machine)
    {
        var builds = machine.LibbpfBuilds;
        string built = builds.Count == 0 ? ""
            // The seed's four flavours in one phrase.
            : machine.Seed is { } seed
                ? $"; {seed.Source} built from source without and with {seed.Diff}{(seed.Optimisation.Length > 0 ? ", " + seed.Optimisation : "")}" +
                  (seed.HunksApart ? " and with each of its two hunks alone" : "")
                : "; built from source: " + string.Join("; ", builds.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key} = {kv.Value}"));
        return $"Machine: {machine.ProcessorText}, {machine.Virtualization}, kernel {machine.Kernel}, system {machine.LibbpfText}{built}.";
    }

    /// <summary>
    /// Lost wake-ups where they count: stalls in the measured seconds, by variant, with the runs
    /// they came from. Waits over the whole run (warm-up, final drain) are said apart, and those
    /// of sampled notification are named for what they are: records left under the sample
    /// threshold at the end wait for a wake-up sampled mode never sends.
    /// </summary>
    private static string StallsLine(FolderSummary summary)
    {
        // The kernel bench's own process keeps no account and counts no waits: its runs say nothing either way.
        StallAccount account = summary.Stalls;
        string integrity = (account.IntegrityFailures.Count == 0 ? "every integrity check held" : "integrity FAILED in some runs: see summary.md") +
                           (account.RunsWithoutAccount > 0 ? $" (the {account.RunsWithoutAccount} runs of the kernel bench's own process have none, nor a count of waits)" : "") +
                           (account.RunsOfReaders > 0 ? $" (the {account.RunsOfReaders} runs of reader processes were checked, but their waits are not counted: no stall can be seen in them)" : "");
        var stalled = account.Variants.Where(v => v.Stalls > 0).OrderByDescending(v => v.Stalls).ToList();
        var clean = account.Variants.Where(v => v.Stalls == 0).ToList();
        string measured = stalled.Count == 0
            ? $"Lost wake-ups (stalls in the measured seconds): none in {account.RunsCounted} runs"
            : "Lost wake-ups (stalls in the measured seconds): " +
              string.Join(", ", stalled.Select(v => $"{v.Name} {v.Stalls} in {v.RunsStalled} of {v.Runs} runs")) +
              (clean.Count > 0 ? $"; none in the {clean.Sum(v => v.Runs)} runs of {string.Join(", ", clean.Select(v => v.Name))}" : "");
        long sampledEnd = account.EndWaitsSampled, otherEnd = account.EndWaitsOther;
        var outside = new List<string>();
        if (otherEnd > 0)
            outside.Add($"{otherEnd} more in warm-up and final drain");
        if (sampledEnd > 0)
            outside.Add($"{sampledEnd} end-of-run waits under sampled notification (records below the sample threshold wait for a wake-up that mode never sends; not lost)");
        return measured + (outside.Count > 0 ? $" ({string.Join("; ", outside)})" : "") + $"; {integrity}.";
    }

    /// <summary>Timing against the script's, the attach mode, and the trials with why they stopped.</summary>
    private static string SetupLine(FolderSummary summary)
    {
        MachineInfo machine = summary.Machine;
        MatrixSettings settings = machine.Settings;
        IReadOnlyList<ResultRow> rows = summary.Rows;
        var modes = rows.GroupBy(r => string.IsNullOrEmpty(r.AttachMode) ? "not recorded" : r.AttachMode)
            .Select(g => $"{g.Key} in {g.Count()} of {rows.Count}").ToList();
        bool fentryRefused = settings.AttachOrder.StartsWith("Fentry", StringComparison.OrdinalIgnoreCase) && rows.All(r => r.AttachMode != "fentry");
        string attach = $"producers attached by {string.Join(", ", modes)}" +
                        (fentryRefused ? " (fentry was tried first and refused; the kernel bench attaches by fentry)" : "");
        string timing = $"-w{settings.WarmupSeconds} -d{settings.DurationSeconds}" +
                        (settings.WarmupSeconds == 3 && settings.DurationSeconds == 10 ? " (the kernel script's timing)" : " (the kernel script runs -w3 -d10)");
        return $"Runs: {rows.Count} of {timing}, {attach}; {TrialsStopLine(summary)}.";
    }

    /// <summary>How many trials, and whether the data or the plan's end or the time budget stopped them.</summary>
    private static string TrialsStopLine(FolderSummary summary)
    {
        MatrixSettings settings = summary.Machine.Settings;
        if (settings.Looks.Count == 0)
            return $"{settings.Trials} trial(s) a row, fixed";
        var statuses = summary.TrialStatuses;
        var open = statuses.Where(s => s.Open).ToList();
        int last = settings.Looks.Max();
        string range = statuses.Count == 0 ? "" : $"{statuses.Min(s => s.Trials)} to {statuses.Max(s => s.Trials)} trials a row";
        string plan = $"looks at {string.Join(", ", settings.Looks)}";
        if (open.Count == 0)
            return $"{range} ({plan}): every verdict settled";
        var stoppedEarly = open.Where(s => s.Trials < last).ToList();
        string reason = stoppedEarly.Count > 0
            ? (settings.BudgetMinutes > 0 ? $"the {settings.BudgetMinutes:F0}-minute budget, not the data, ended the looks with {open.Count} verdict(s) open" : $"the run ended with {open.Count} verdict(s) open")
            : $"{open.Count} verdict(s) still open at the last look ({last} trials)";
        return $"{range} ({plan}); {reason}";
    }

    /// <summary>
    /// Each headline row that did not reproduce, with the rule's reason and, where the patch's two
    /// hunks ran apart on it, which hunk moved it.
    /// </summary>
    public static IReadOnlyList<string> NotReproducedWhy(FolderSummary summary)
    {
        var splits = summary.Splits.ToDictionary(s => s.Scenario);
        return JudgedRows(summary).Where(r => r.Outcome == Reproduction.NotReproduced)
            .Select(r => string.Create(CultureInfo.InvariantCulture, $"{r.Scenario}: patch {r.PatchRatio:F2}x, here {RatioText(r)}: {r.Detail}") +
                         // The mechanism from the counters measured, then where the effect comes from.
                         (summary.Concluded.EveryRow.TryGetValue(r.Scenario, out Conclusion.Claim? claim) ? $"; {ConclusionText.Counters(claim)}" : "") +
                         (splits.TryGetValue(r.Scenario, out PatchSplit.Row? split) ? $"; {split.Sentence}" : "."))
            .ToList();
    }

    /// <summary>The patch's rows judged on their headline pair (controls and busy-neighbour twins aside).</summary>
    public static IReadOnlyList<Reproduction.Row> JudgedRows(FolderSummary summary) =>
        summary.Reproduction.Where(r => r.Headline && !r.IsControl && ScenarioCatalog.QuietTwinOf(r.Scenario) is null).ToList();

    /// <summary>A reproduction row's ratio, spelt as every ratio is (<see cref="RatioInterval.Text(double, double, double, int)"/>).</summary>
    public static string RatioText(Reproduction.Row r) => RatioInterval.Text(r.MeasuredRatio, r.Low, r.High, r.Trials);

    /// <summary>The words the reports use that a reader of the patch's mail would not know.</summary>
    public static IReadOnlyList<(string Term, string Meaning)> Glossary { get; } =
    [
        ("ratio", "after / before throughput of the same workload in the same trials: the geometric mean of the per-trial ratios"),
        ("interval", "the range the true ratio lies in at the stated confidence (a t interval on the logs of the per-trial ratios)"),
        ("trial", "one pass over every variant of a scenario, in an order that rotates per trial; each variant runs once per trial"),
        ("looks", "the trial counts at which an adaptive run judges each row; each look spends part of the error rate, so an interval is wider than a single look's"),
        ("reproduced", "the interval holds the patch's ratio and excludes no change (or, where the patch saw no change, lies within ±5%)"),
        ("not reproduced", "the interval excludes the patch's ratio"),
        ("inconclusive", "the interval holds both the patch's ratio and no change: more trials are needed"),
        ("stall", "a wait that timed out while records were waiting in the ring: a lost or late wake-up"),
        ("port", "ringbench's C# consumer written to the same policy as a libbpf build (lt-release before, et-seqcst after)"),
        ("twin", "the libbpf build a C# port copies: libbpf-before for lt-release, libbpf-after for et-seqcst, and so on"),
        ("port fidelity", "a C# port against its twin, in the same trials: within ±5% is faithful"),
        ("(run N)", "after a count of stalls: N over the whole runs, warm-up and final drain included"),
        ("control row", "a row the patch ran with the kernel bench's own consumer, which the patch does not change"),
        ("A/A", "the same consumer run twice in each trial (kernel-bench against kernel-bench-2): the ratio this machine shows when nothing changed"),
        ("ceiling", "a reference without wake-ups: the producer asks for none and a C# consumer drains on a timer; it shows what wake-ups cost, but it is no hard bound: a variant can pass it where the timer's sleeps cost more than the wake-ups they replace, or within noise"),
        ("-wN -dN", "N seconds of warm-up, then N measured seconds, per run (the kernel bench's options)"),
    ];
}
