using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Scenarios;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>
/// summary.txt and summary.md from results rows alone (so a folder from any machine works).
/// The text is the kernel script's, one block of groups per variant like the patch mail's
/// "New:" and "Old:", with the between-trial spread beside each line. The Markdown adds the
/// et-seqcst / lt-release ratio with its interval and verdict, the noise report and the
/// wake-up accounting.
/// </summary>
public static class MatrixSummary
{
    /// <summary>
    /// summary.txt: exactly what the kernel script prints, to paste beside the patch's blocks: a
    /// "New:" block (after) then an "Old:" block (before), the script's 36 rows in its order with its
    /// labels and headings, each row from the scenario's headline pair (<see cref="PairsFor"/>).
    /// Each New and Old is the pair's mean as its ratio divides it (<see cref="RatioInterval.BaselineMean"/>:
    /// the geometric mean of the paired trial means), so New / Old is the ratio reproduce.md states;
    /// each ± is one run's stddev of its per-second rates (the median over trials), as the patch's ± is.
    /// Nothing else: every variant's text with the trial annotations is in summary-variants.txt.
    /// </summary>
    public static string Text(FolderSummary folder)
    {
        // Each scenario's headline: the first pair it is judged on (the folder's pairs are in that order).
        var chosen = ScenarioCatalog.KernelScript
            .Select(scenario => (Scenario: scenario, Pair: folder.Pairs.FirstOrDefault(p => p.Scenario == scenario.Id)))
            .Where(c => c.Pair is not null)
            .Select(c => (c.Scenario, Before: c.Pair!.Before, After: c.Pair.After, c.Pair.Ratio))
            .ToList();
        var text = new StringBuilder();
        foreach (var (heading, after) in new[] { ("New:", true), ("Old:", false) })
        {
            if (chosen.Count == 0)
                break;
            text.AppendLine(heading);
            foreach (var group in chosen.GroupBy(c => c.Scenario.Group))
            {
                // run_common.sh's header(): a blank line, the group name, then '=' under it.
                text.AppendLine().AppendLine(KernelFormat.Heading(group.Key));
                foreach (var c in group)
                {
                    TrialSummary s = after ? c.After : c.Before;
                    double mean = after ? c.Ratio.CandidateMean : c.Ratio.BaselineMean;
                    // A run of one measured second has no spread of its own: the ± is then the spread between trial means.
                    text.AppendLine(KernelFormat.Line(c.Scenario.Label, mean,
                        s.OneSampleRuns ? s.BetweenTrials.StdDev : s.TypicalRunStdDev, s.DropsMean,
                        s.OneSampleRuns ? s.DropsBetweenTrials.StdDev : s.TypicalRunDropsStdDev));
                }
            }
            text.AppendLine();
        }
        if (chosen.Count > 0)
        {
            // Provenance after the blocks, so the blocks still paste beside the patch's as the script prints them.
            MachineInfo m = folder.Machine;
            bool oneSecond = chosen.All(c => c.After.OneSampleRuns && c.Before.OneSampleRuns);
            string pairs = string.Join(", ", chosen.Where(c => !c.Scenario.IsControl).Select(c => $"{c.After.Variant} / {c.Before.Variant}").Distinct());
            string controls = string.Join(", ", chosen.Where(c => c.Scenario.IsControl).Select(c => $"{c.After.Variant} / {c.Before.Variant}").Distinct());
            text.AppendLine($"# ringbench {m.Commit} on {m.ProcessorText} ({m.Virtualization}), kernel {m.Kernel}; -w{m.Settings.WarmupSeconds} -d{m.Settings.DurationSeconds}, {m.Settings.TrialsText}.");
            text.AppendLine($"# New / Old: {pairs}{(controls.Length > 0 ? $"; on the control rows {controls} (the A/A check: the patch ran its own consumer there)" : "")}. Each is the geometric mean over paired trials: New / Old is reproduce.md's ratio.");
            text.AppendLine(oneSecond
                ? "# ±: the standard deviation between the trials' means (each run measured one second, so a run has no spread of its own)."
                : "# ±: one run's standard deviation of its per-second rates (the median over the trials), as the script's ± means.");
        }
        return text.ToString();
    }

    /// <summary>summary-variants.txt: every variant's block in the kernel format, each line with its trials' spread and latency.</summary>
    public static string VariantsText(FolderSummary folder)
    {
        MachineInfo machine = folder.Machine;
        var text = new StringBuilder();
        text.AppendLine($"# ringbench on {machine.Hostname} ({machine.CpuModel}, {machine.Cpus} CPUs, kernel {machine.Kernel}, " +
                        $"virtualization {machine.Virtualization}), commit {machine.Commit}, -w{machine.Settings.WarmupSeconds} " +
                        $"-d{machine.Settings.DurationSeconds}, {machine.Settings.TrialsText} per row");
        text.AppendLine("# each line: mean ± stddev of all measured seconds of all trials; [...] = the trial means and their spread");
        foreach (Finding finding in folder.Findings)
            text.AppendLine(finding.Comment);
        foreach (string variant in folder.Variants.Select(v => v.Name))
        {
            text.AppendLine().AppendLine($"{variant}:");
            foreach (var group in folder.Summaries.Where(s => s.Variant == variant).GroupBy(s => s.Group))
            {
                text.AppendLine(KernelFormat.Heading(group.Key));
                foreach (TrialSummary s in group)
                    text.AppendLine(KernelFormat.Line(s.Label, s.PooledThroughput, s.PooledDrops) + TrialSpread(s) + LatencyNote(folder.Latency, s));
                text.AppendLine();
            }
        }
        return text.ToString();
    }

    /// <summary>p50 / p99 delivery latency appended to a kernel-format line, where the run measured it.</summary>
    private static string LatencyNote(IReadOnlyList<LatencyRow> latency, TrialSummary s)
    {
        var run = latency.Where(l => l.Scenario == s.Scenario && l.Variant == s.Variant).ToList();
        if (run is not { Count: > 0 })
            return "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  latency p50 {LatencyRow.MedianAt(run, 0.5):F1} p99 {LatencyRow.MedianAt(run, 0.99):F1} us");
    }

    /// <summary>The between-trial spread appended to a kernel-format line; nothing for a single trial.</summary>
    public static string TrialSpread(TrialSummary s) => s.Trials.Count < 2 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"  [{s.Trials.Count} trials {s.BetweenTrials.Min:F3}..{s.BetweenTrials.Max:F3}, between-trial CV {s.BetweenTrialCv:P0}]");

    public static string Markdown(FolderSummary folder)
    {
        var md = new StringBuilder();
        MachineInfo machine = folder.Machine;
        List<string> variants = folder.Variants.Select(v => v.Name).ToList();
        var pairs = folder.PatchPairsPresent;
        double confidence = folder.Confidence;
        IReadOnlyList<TrialSummary> summaries = folder.Summaries;

        md.AppendLine($"# ringbench results: {machine.Hostname}").AppendLine();
        md.AppendLine(machine.Description).AppendLine();
        md.Append(FindingsSection(folder.Findings));
        md.AppendLine("Throughput and drops: mean ± sample stddev of all measured per-second rates of all trials, in M/s. " +
                      "CV: between-trial coefficient of variation (stddev / mean of the trial means). " +
                      "Ratio: after / before throughput for each pair of the patch present (libbpf built from source, then the C# ports): the ratio " +
                      $"of the geometric means of the trial means with a {confidence:P1} t interval on the logarithms, paired by trial " +
                      "(both variants of a trial share the machine's state); the verdict " +
                      $"uses a ±{VerdictRule.DefaultThreshold:P0} threshold (an interval holding both 1 and the threshold is *too noisy*; trial means " +
                      $"in two modes get no verdict before {TrialModality.TrustedFromTrials} trials). " +
                      "Control rows are those the kernel script measured with its own consumer; the patch expects no change there.").AppendLine();

        foreach (var group in summaries.GroupBy(s => s.Group))
        {
            md.AppendLine($"## {group.Key}").AppendLine();
            md.Append("| scenario | row |");
            foreach (string v in variants) md.Append($" {v} M/s | CV | drops M/s | stalls |");
            foreach (var pair in pairs) md.Append($" {pair.After.Name} / {pair.Before.Name} [{confidence:P1}] | verdict |");
            md.AppendLine();
            md.Append("|---|---|").Append(string.Concat(Enumerable.Repeat("---:|---:|---:|---:|", variants.Count)));
            md.AppendLine(string.Concat(Enumerable.Repeat("---:|---|", pairs.Count)));
            foreach (var scenario in group.GroupBy(s => s.Scenario))
            {
                TrialSummary first = scenario.First();
                md.Append($"| {scenario.Key}{(first.IsControl ? " (control)" : "")} | {first.Label} |");
                foreach (string v in variants)
                {
                    TrialSummary? s = scenario.FirstOrDefault(x => x.Variant == v);
                    md.Append(s is null ? " – | – | – | – |" : string.Create(CultureInfo.InvariantCulture,
                        $" {s.PooledThroughput.Mean:F3} ± {s.PooledThroughput.StdDev:F3} | {Percent(s.BetweenTrialCv)}{(s.NoiseFlag ? " ⚠" : "")} | " +
                        $"{s.PooledDrops.Mean:F3} ± {s.PooledDrops.StdDev:F3} | {s.StallsText}{(s.IntegrityOk ? "" : " ⚠ integrity")} |"));
                }
                foreach (var pair in pairs)
                {
                    md.Append(folder.Pairs.FirstOrDefault(p => p.Scenario == scenario.Key && p.Pair == pair.Pair.Name) is PairResult r
                        ? $" {r.Ratio.Text()} | {VerdictRule.Text(r.Verdict)} |" : " – | – |");
                }
                md.AppendLine();
            }
            md.AppendLine();
        }
        md.Append(AdaptiveTrialsSection(folder));
        md.Append(RunLengthSection(folder));
        md.Append(CostSection(folder));
        md.Append(BufferChoiceReport.Markdown(folder.BufferChoices, confidence));
        md.Append(TimeOrderCostReport.Markdown(folder.TimeOrderCosts, folder.TimeOrderTotals, confidence));
        md.Append(WakeupFitSection(folder));
        md.Append(TwinFidelityReport.Markdown(folder.Twins));
        md.Append(ReaderCostReport.Markdown(folder.ReaderCosts, confidence));
        md.Append(LatencyTable(folder.Latency));
        md.Append(StrategyReport.Markdown(folder.Strategies, folder.StrategyRecommendations, machine));
        md.Append(NoiseReport(summaries));
        md.Append(WakeupAccounting(summaries));
        md.Append(Overhead(folder.Harness));
        return md.ToString();
    }

    /// <summary>The analysers' findings as a Markdown section (reproduce.md and report.md show the same list); empty when there are none.</summary>
    public static string FindingsSection(IReadOnlyList<Finding> findings) => findings.Count == 0 ? ""
        : "## Findings\n\n" + string.Concat(findings.Select(f => f.Markdown + "\n")) + "\n";

    /// <summary>Under --trials auto: each scenario's trials and why it stopped there.</summary>
    private static string AdaptiveTrialsSection(FolderSummary folder)
    {
        MachineInfo machine = folder.Machine;
        if (machine.Settings.Looks.Count == 0)
            return "";
        IReadOnlyList<ResultRow> rows = folder.Rows;
        var statuses = folder.TrialStatuses;
        int cap = machine.Settings.Looks[^1];
        var md = new StringBuilder("## Trials per scenario (adaptive)\n\n");
        string budget = machine.Settings.BudgetMinutes > 0
            ? string.Create(CultureInfo.InvariantCulture, $", as the budget ({machine.Settings.BudgetMinutes:0.#} min) allowed") : "";
        md.Append(CultureInfo.InvariantCulture, $"Every scenario ran {machine.Settings.Looks[0]} trials; then, look by look " +
                  $"({string.Join(", ", machine.Settings.Looks)}), the pair whose verdict was still open got more trials, those closest to settling first{budget}, " +
                  $"with every interval at {machine.Settings.Confidence:P2} so that the looks cost no error rate.\n\n");
        md.Append("| scenario | trials | stopped because | verdict |\n|---|---:|---|---|\n");
        foreach (var s in statuses)
        {
            string why = !s.Open ? "settled" : s.Trials >= cap ? "open at the last look"
                : s.TrialsToSettle is int n ? $"open: budget or interruption (about {n} trials would settle it)" : "open: budget or interruption (more trials may not settle it)";
            md.Append(CultureInfo.InvariantCulture, $"| {s.Scenario} | {s.Trials} | {why} | {s.Why} |\n");
        }
        md.Append(CultureInfo.InvariantCulture, $"\n{statuses.Count(s => !s.Open)} of {statuses.Count} scenarios settled, {rows.Count} runs in all.\n\n");
        return md.ToString();
    }

    /// <summary>The run-length check per scenario: the median over its variants of each spread and of the best length.</summary>
    private static string RunLengthSection(FolderSummary folder)
    {
        if (folder.RunLengths.Count == 0)
            return "";
        var md = new StringBuilder("## Run length\n\n");
        md.Append(string.Create(CultureInfo.InvariantCulture,
            $"A trial mean's variance is s_b² + s_w²/d (between runs, and within a run over d measured seconds) at a cost of w + d + o seconds " +
            $"(o = {folder.RunOverheadSeconds:F2} s here, the median gap between runs beyond w + d). s_w is the spread of log(one second's rate), " +
            $"from the two halves of every measured second; s_b the spread of the log trial means less that. *Best d* minimises variance x cost; " +
            $"*efficiency* is the precision per minute this folder's d got against the best d (1 = none lost). *Warm-up*: the last warm-up " +
            $"second's rate over the measured mean (near 1: the run had settled before measuring began; the range is over the variants). " +
            $"Medians over each scenario's variants.\n\n"));
        md.Append("| scenario | trials | s_w (1 s) | s_b (run) | best d | efficiency of d | warm-up / measured |\n|---|---:|---:|---:|---:|---:|---|\n");
        foreach (RunLength.ScenarioRow r in folder.RunLengthsByScenario)
        {
            string warmup = double.IsNaN(r.LeastWarmupRatio) ? "no warm-up"
                : string.Create(CultureInfo.InvariantCulture, $"{r.LeastWarmupRatio:F2}-{r.MostWarmupRatio:F2}");
            md.Append(CultureInfo.InvariantCulture,
                $"| {r.Scenario} | {r.Trials} | {r.WithinLogSd:F3} | {r.BetweenLogSd:F3} | {r.BestSeconds:0.#} | " +
                $"{r.Efficiency:P0} | {warmup} |\n");
        }
        return md.Append('\n').ToString();
    }

    /// <summary>What each scenario x variant cost the producer and the consumer (schema 6 folders), means over trials.</summary>
    private static string CostSection(FolderSummary folder)
    {
        var rows = folder.Summaries.Where(s => s.Costs.Count > 0).ToList();
        if (rows.Count == 0)
            return "";
        var md = new StringBuilder("## What the runs cost\n\n");
        md.Append("Over the time the producers ran, per record handled (consumed + dropped), mean over trials: the BPF producer's run time " +
                  "(the kernel's run-time statistics, on for each run through an fd), the producer threads' CPU time (in back-to-back mode the " +
                  "consumer fires the batches and pays for them), irq-work (IWI: a commit's wake-up) and rescheduling (RES) interrupts per " +
                  "thousand records on the producers' CPUs (/proc/interrupts), the consumer thread's context switches per wake-up, and the " +
                  "share of the run it was off its CPU (asleep in its wait, or preempted). n/a: not measured (see the run's text).\n\n");
        md.Append("| scenario | variant | BPF ns/record | producer CPU ns/record | IWI / 1k records | RES / 1k records | consumer switches / wake-up | consumer off CPU |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---:|\n");
        string F(double v, string format) => double.IsNaN(v) ? "n/a" : v.ToString(format, CultureInfo.InvariantCulture);
        foreach (TrialSummary s in rows)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {s.Scenario} | {s.Variant} | {F(s.MeanCost(c => c.BpfNsPerRecord), "F1")} | {F(s.MeanCost(c => c.ProducerCpuNsPerRecord), "F1")} | " +
                $"{F(s.MeanCost(c => c.ProducerIrqWorkPerThousand), "F2")} | {F(s.MeanCost(c => c.ProducerReschedulingPerThousand), "F2")} | " +
                $"{F(s.MeanCost(c => c.SwitchesPerWakeup), "F2")} | {F(s.MeanCost(c => c.ConsumerOffCpuShare) * 100, "F0")}% |\n");
        }
        var missing = rows.SelectMany(s => s.Costs).Select(c => c.Unavailable).Where(u => u.Length > 0).Distinct().ToList();
        if (missing.Count > 0)
            md.Append('\n').Append("Not measured here: ").Append(string.Join("; ", missing)).Append(".\n");
        return md.Append('\n').ToString();
    }

    /// <summary>Each scenario's runs against their wake-ups: the fitted line, what it explains, what one wake-up costs.</summary>
    private static string WakeupFitSection(FolderSummary folder)
    {
        if (folder.WakeupFits.Count == 0)
            return "";
        var md = new StringBuilder("## Runs explained by their wake-ups\n\n");
        md.Append("Every run of a scenario (all variants, all trials) as ns per record consumed against wake-ups per record, fitted by least " +
                  "squares: ns/record = base + cost x wake-ups/record. *R²*: the share of the run-to-run spread in ns/record the wake-ups " +
                  "explain; *cost of a wake-up*: the slope; *CV*: the spread being explained. Runs that stalled are left out (a stall is a " +
                  "whole wait timeout, not a wake-up). Figures: wakeups-&lt;scenario&gt;.\n\n");
        md.Append("| scenario | runs | stalled runs left out | base ns/record | cost of a wake-up | R² | CV of ns/record | R² on the producer's BPF ns/record |\n|---|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (WakeupFit.Fit f in folder.WakeupFits)
        {
            md.Append(CultureInfo.InvariantCulture,
                $"| {f.Scenario} | {f.Points.Count} | {f.StalledRunsLeftOut} | {f.BaseNs:F1} | {WakeupCost(f)} | {f.RSquared:F2} | {f.SpreadCv:P0} | " +
                $"{(double.IsNaN(f.ProducerRSquared) ? "–" : f.ProducerRSquared.ToString("F2", CultureInfo.InvariantCulture))} |\n");
        }
        return md.Append('\n').ToString();
    }

    /// <summary>The slope as a price, only where the line explains something (R² at least <see cref="WakeupFit.NotWakeups"/>) and can be a price (<see cref="WakeupFit.Fit.Plausible"/>).</summary>
    private static string WakeupCost(WakeupFit.Fit f) =>
        f.RSquared < WakeupFit.NotWakeups ? "– (the line explains little)"
        : !f.Plausible ? "– (no price: the line leaves the records no time of their own)"
        : string.Create(CultureInfo.InvariantCulture, $"{f.NsPerWakeup / 1000:F2} us");

    private static string NoiseReport(IReadOnlyList<TrialSummary> summaries)
    {
        var md = new StringBuilder("## Noise\n\n");
        if (summaries.All(s => s.Trials.Count < 2))
            return md.Append("One trial per row: the run-to-run spread is unknown, so no ratio here has an interval. Rerun with --trials 3 or more.\n\n").ToString();
        md.Append("Within: mean CV of the per-second rates inside a trial. Between: CV of the trial means. " +
                  $"⚠ where the between-trial CV is above {TrialSummary.NoiseFlagFloor:P0} and more than {TrialSummary.NoiseFlagFactor:F0}x the within-trial one: one run's ± would mislead there.\n\n");
        md.Append("| scenario | variant | within CV | between CV | trial means M/s |\n|---|---|---:|---:|---|\n");
        foreach (TrialSummary s in summaries)
        {
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Scenario} | {s.Variant} | {Percent(s.WithinTrialCv)} | {Percent(s.BetweenTrialCv)}{(s.NoiseFlag ? " ⚠" : "")} | " +
                $"{string.Join(", ", s.TrialMeans.Select(m => m.ToString("F3", CultureInfo.InvariantCulture)))} |\n"));
        }
        var flagged = TrialSummary.NoisyScenarios(summaries);
        md.Append('\n').Append(flagged.Count == 0
            ? "No row's run-to-run spread dwarfs its second-to-second spread.\n\n"
            : $"On this machine the run-to-run spread dwarfs the per-second one in {flagged.Count} scenario(s): {string.Join(", ", flagged)}. " +
              "There the kernel bench's ± understates the uncertainty, and only the trial intervals can decide.\n\n");
        return md.ToString();
    }

    private static string WakeupAccounting(IReadOnlyList<TrialSummary> summaries)
    {
        var md = new StringBuilder("## Wake-up accounting\n\n");
        md.Append("Per measured second, averaged over trials. Wake-ups: waits that returned with the ring readable; empty: of those, " +
                  "the ones that found nothing; timeouts: waits that ran out; stalls: timeouts with records waiting, in the measured seconds " +
                  "(and over the whole run, warm-up included, where that differs); polls: looks taken unnotified " +
                  "(a poll timer, or a spin that saw data). CPU: the consumer " +
                  "thread's user + system seconds per second of run. Triggers: producer batches (getpgid calls) per second.\n\n");
        md.Append("| scenario | variant | wake-ups/s | records/wake-up | empty/s | timeouts/s | stalls | polls/s | consumer CPU user+sys | triggers/s |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        // A process ringbench cannot see into (the kernel bench) has no counts to show, not zeros.
        foreach (TrialSummary s in summaries.Where(s => s.Trials.All(t => t.WaitsCounted)))
        {
            double PerSecond(Func<ResultRow, long> f) => s.PerMeasuredSecond(f);
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Scenario} | {s.Variant} | {PerSecond(t => t.Wakeups):F0} | {(double.IsNaN(s.RecordsPerWakeup) ? "–" : s.RecordsPerWakeup.ToString("F1", CultureInfo.InvariantCulture))} | {PerSecond(t => t.EmptyWakeups):F0} | " +
                $"{PerSecond(t => t.Timeouts):F1} | {s.StallsText} | {PerSecond(t => t.Polls):F0} | {s.ConsumerUserPerRunSecond:F2} + " +
                $"{s.ConsumerSystemPerRunSecond:F2} | {PerSecond(t => t.ProducerTriggers):F0} |\n"));
        }
        return md.Append('\n').ToString();
    }

    public static readonly double[] LatencyQuantiles = [0.5, 0.9, 0.99, 0.999, 1.0];

    /// <summary>Delivery-latency percentiles per scenario x variant: the mean over trials of each trial's percentile.</summary>
    public static string LatencyTable(IReadOnlyList<LatencyRow> latency)
    {
        if (latency.Count == 0)
            return "";
        var md = new StringBuilder("## Delivery latency\n\n");
        md.Append("Time from the producer's stamp (bpf_ktime_get_ns) to the consumer's clock read, in microseconds, over the measured " +
                  "seconds only (not the warm-up); each percentile is the median over trials of that trial's percentile, and p99 also " +
                  "shows the range of the trials' p99s.\n\n");
        md.Append("| scenario | variant | p50 | p90 | p99 | p99 trials' range | p99.9 | max | trials | samples |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (var run in latency.GroupBy(l => (l.Scenario, l.Variant)))
        {
            long samples = run.GroupBy(l => l.Trial).Sum(t => t.First().Samples);
            string F(double q) => LatencyRow.MedianAt(run, q).ToString("F1", CultureInfo.InvariantCulture);
            var (low, high) = LatencyRow.RangeAt(run, 0.99);
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Key.Scenario} | {run.Key.Variant} | {F(0.5)} | {F(0.9)} | {F(0.99)} | {low:F1}..{high:F1} | {F(0.999)} | {F(1.0)} | " +
                $"{run.Select(l => l.Trial).Distinct().Count()} | {samples:N0} |\n"));
        }
        return md.Append('\n').ToString();
    }

    /// <summary>What the harness adds to warm-up + duration per run (<see cref="RunLength.Harness"/>), in words.</summary>
    private static string Overhead(RunLength.HarnessSeconds? harness)
    {
        if (harness is not { } h)
            return "";
        return string.Create(CultureInfo.InvariantCulture,
            $"## Harness overhead\n\nSet-up (load, attach, map, start threads) plus final drain, per run: mean {h.MeanSeconds:F3} s, " +
            $"max {h.MaxSeconds:F3} s over {h.Runs} runs (set-up alone: mean {h.MeanSetupSeconds:F3} s). " +
            $"Unloading the program and joining the consumer come on top; the matrix prints the whole per-run overhead as it goes.\n\n");
    }

    private static string Percent(double value) => double.IsNaN(value) ? "–" : value.ToString("P0", CultureInfo.InvariantCulture);

}
