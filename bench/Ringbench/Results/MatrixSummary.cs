using System.Globalization;
using System.Text;
using Ringbench.Compare;
using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>
/// summary.txt and summary.md from results rows alone (so a folder from any machine works).
/// The text is the kernel script's, one block of groups per variant like the patch mail's
/// "New:" and "Old:", with the between-trial spread beside each line. The Markdown adds the
/// et-seqcst / lt-release ratio with its interval and verdict, the noise report and the
/// wake-up accounting.
/// </summary>
public static class MatrixSummary
{
    public const string Before = "lt-release";
    public const string After = "et-seqcst";

    public static string Text(IReadOnlyList<ResultRow> rows, MachineInfo machine, IReadOnlyList<LatencyRow>? latency = null)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ringbench on {machine.Hostname} ({machine.CpuModel}, {machine.Cpus} CPUs, kernel {machine.Kernel}, " +
                        $"virtualization {machine.Virtualization}), commit {machine.Commit}, -w{machine.Settings.WarmupSeconds} " +
                        $"-d{machine.Settings.DurationSeconds}, {machine.Settings.Trials} trial(s) per row");
        text.AppendLine("# each line: mean ± stddev of all measured seconds of all trials; [...] = the trial means and their spread");
        IReadOnlyList<TrialSummary> summaries = InCatalogOrder(TrialSummary.From(rows));
        foreach (string variant in Variants(rows))
        {
            text.AppendLine().AppendLine($"{variant}:").AppendLine("```");
            foreach (var group in summaries.Where(s => s.Variant == variant).GroupBy(s => s.Group))
            {
                text.AppendLine(KernelFormat.Heading(group.Key));
                foreach (TrialSummary s in group)
                    text.AppendLine(KernelFormat.Line(s.Label, s.PooledThroughput, s.PooledDrops) + TrialSpread(s) + LatencyNote(latency, s));
                text.AppendLine();
            }
            text.AppendLine("```");
        }
        return text.ToString();
    }

    /// <summary>p50 / p99 delivery latency appended to a kernel-format line, where the run measured it.</summary>
    private static string LatencyNote(IReadOnlyList<LatencyRow>? latency, TrialSummary s)
    {
        var run = latency?.Where(l => l.Scenario == s.Scenario && l.Variant == s.Variant).ToList();
        if (run is not { Count: > 0 })
            return "";
        return string.Create(CultureInfo.InvariantCulture,
            $"  latency p50 {LatencyRow.MeanAt(run, 0.5):F1} p99 {LatencyRow.MeanAt(run, 0.99):F1} us");
    }

    /// <summary>The between-trial spread appended to a kernel-format line; nothing for a single trial.</summary>
    public static string TrialSpread(TrialSummary s) => s.Trials.Count < 2 ? "" : string.Create(CultureInfo.InvariantCulture,
        $"  [{s.Trials.Count} trials {s.BetweenTrials.Min:F3}..{s.BetweenTrials.Max:F3}, between-trial CV {s.BetweenTrialCv:P0}]");

    public static string Markdown(IReadOnlyList<ResultRow> rows, MachineInfo machine, IReadOnlyList<LatencyRow>? latency = null)
    {
        var md = new StringBuilder();
        List<string> variants = Variants(rows);
        bool ratio = variants.Contains(Before) && variants.Contains(After);
        IReadOnlyList<TrialSummary> summaries = InCatalogOrder(TrialSummary.From(rows));

        md.AppendLine($"# ringbench results: {machine.Hostname}").AppendLine();
        md.AppendLine(MachineLine(machine)).AppendLine();
        md.AppendLine("Throughput and drops: mean ± sample stddev of all measured per-second rates of all trials, in M/s. " +
                      "CV: between-trial coefficient of variation (stddev / mean of the trial means). " +
                      $"Ratio: {After} / {Before} mean throughput with a 95% bootstrap interval over trial means; the verdict " +
                      $"uses a ±{VerdictRule.DefaultThreshold:P0} threshold (an interval holding both 1 and the threshold is *too noisy*). " +
                      "Control rows are those the kernel script measured with its own consumer; the patch expects no change there.").AppendLine();

        foreach (var group in summaries.GroupBy(s => s.Group))
        {
            md.AppendLine($"## {group.Key}").AppendLine();
            md.Append("| scenario | row |");
            foreach (string v in variants) md.Append($" {v} M/s | CV | drops M/s | stalls |");
            if (ratio) md.Append($" {After} / {Before} [95% CI] | verdict |");
            md.AppendLine();
            md.Append("|---|---|").Append(string.Concat(Enumerable.Repeat("---:|---:|---:|---:|", variants.Count)));
            md.AppendLine(ratio ? "---:|---|" : "");
            foreach (var scenario in group.GroupBy(s => s.Scenario))
            {
                TrialSummary first = scenario.First();
                md.Append($"| {scenario.Key}{(first.IsControl ? " (control)" : "")} | {first.Label} |");
                foreach (string v in variants)
                {
                    TrialSummary? s = scenario.FirstOrDefault(x => x.Variant == v);
                    md.Append(s is null ? " – | – | – | – |" : string.Create(CultureInfo.InvariantCulture,
                        $" {s.PooledThroughput.Mean:F3} ± {s.PooledThroughput.StdDev:F3} | {Percent(s.BetweenTrialCv)}{(s.NoiseFlag ? " ⚠" : "")} | " +
                        $"{s.PooledDrops.Mean:F3} ± {s.PooledDrops.StdDev:F3} | {s.Stalls}{(s.IntegrityOk ? "" : " ⚠ integrity")} |"));
                }
                if (ratio)
                {
                    TrialSummary? b = scenario.FirstOrDefault(x => x.Variant == Before), a = scenario.FirstOrDefault(x => x.Variant == After);
                    if (b is null || a is null)
                        md.Append(" – | – |");
                    else
                    {
                        RatioInterval r = RatioInterval.Of(b.TrialMeans, a.TrialMeans);
                        md.Append($" {RatioText(r)} | {VerdictRule.Text(VerdictRule.Decide(r))} |");
                    }
                }
                md.AppendLine();
            }
            md.AppendLine();
        }
        md.Append(LatencyTable(latency ?? []));
        md.Append(StrategySummary.Markdown(rows, latency ?? [], machine));
        md.Append(NoiseReport(summaries));
        md.Append(WakeupAccounting(summaries));
        md.Append(Overhead(rows));
        return md.ToString();
    }

    public static string MachineLine(MachineInfo m) =>
        $"{m.CpuModel}, {m.Cpus} CPUs, kernel {m.Kernel}, virtualization: {m.Virtualization}, libbpf {m.LibbpfVersion}, " +
        $"{m.DotnetVersion}, ringbench {m.HarnessVersion} ({m.Commit}). Warm-up {m.Settings.WarmupSeconds} s, duration " +
        $"{m.Settings.DurationSeconds} s, {m.Settings.Trials} trial(s), variants interleaved with the order rotating per trial. " +
        $"Started {m.StartedAt:yyyy-MM-dd HH:mm zzz}{(m.FinishedAt is { } f ? $", finished {f:HH:mm}" : ", not finished")}." +
        (m.Facts.Count > 0 ? " " + string.Join(", ", m.Facts.Select(kv => $"{kv.Key}: {kv.Value}")) + "." : "");

    public static string RatioText(RatioInterval r) => r.HasInterval
        ? string.Create(CultureInfo.InvariantCulture, $"{r.Ratio:F2}x [{r.Low:F2}, {r.High:F2}]")
        : string.Create(CultureInfo.InvariantCulture, $"{r.Ratio:F2}x [one trial]");

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
        var flagged = summaries.Where(s => s.NoiseFlag).Select(s => s.Scenario).Distinct().ToList();
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
                  "the ones that found nothing; timeouts: waits that ran out; stalls: timeouts with records waiting; polls: looks taken unnotified " +
                  "(a poll timer, or a spin that saw data). CPU: the consumer " +
                  "thread's user + system seconds per second of run. Triggers: producer batches (getpgid calls) per second.\n\n");
        md.Append("| scenario | variant | wake-ups/s | records/wake-up | empty/s | timeouts/s | stalls | polls/s | consumer CPU user+sys | triggers/s |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        foreach (TrialSummary s in summaries)
        {
            double seconds = s.Trials.Sum(t => (double)t.SampleCount);
            double runSeconds = s.Trials.Sum(t => (double)(t.SampleCount + t.WarmupSeconds));
            double PerSecond(Func<ResultRow, long> f) => seconds == 0 ? double.NaN : s.Trials.Sum(t => (double)f(t)) / seconds;
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {s.Scenario} | {s.Variant} | {PerSecond(t => t.Wakeups):F0} | {(double.IsNaN(s.RecordsPerWakeup) ? "–" : s.RecordsPerWakeup.ToString("F1", CultureInfo.InvariantCulture))} | {PerSecond(t => t.EmptyWakeups):F0} | " +
                $"{PerSecond(t => t.Timeouts):F1} | {s.Stalls} | {PerSecond(t => t.Polls):F0} | {s.Trials.Sum(t => t.ConsumerUserSeconds) / runSeconds:F2} + " +
                $"{s.Trials.Sum(t => t.ConsumerSystemSeconds) / runSeconds:F2} | {PerSecond(t => t.ProducerTriggers):F0} |\n"));
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
        md.Append("Time from the producer's stamp (bpf_ktime_get_ns) to the consumer's clock read, in microseconds; each percentile is " +
                  "the mean over trials of that trial's percentile.\n\n");
        md.Append("| scenario | variant | p50 | p90 | p99 | p99.9 | max | samples |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        foreach (var run in latency.GroupBy(l => (l.Scenario, l.Variant)))
        {
            long samples = run.GroupBy(l => l.Trial).Sum(t => t.First().Samples);
            md.Append(string.Create(CultureInfo.InvariantCulture,
                $"| {run.Key.Scenario} | {run.Key.Variant} | {string.Join(" | ", LatencyQuantiles.Select(q => LatencyRow.MeanAt(run, q).ToString("F1", CultureInfo.InvariantCulture)))} | {samples:N0} |\n"));
        }
        return md.Append('\n').ToString();
    }

    /// <summary>What the harness adds to warm-up + duration per run: set-up (load, attach, map, threads) and the final drain.</summary>
    private static string Overhead(IReadOnlyList<ResultRow> rows)
    {
        var perRun = rows.Select(r => r.SetupSeconds + r.TeardownSeconds).ToList();
        if (perRun.Count == 0)
            return "";
        return string.Create(CultureInfo.InvariantCulture,
            $"## Harness overhead\n\nSet-up (load, attach, map, start threads) plus final drain, per run: mean {perRun.Average():F3} s, " +
            $"max {perRun.Max():F3} s over {perRun.Count} runs (set-up alone: mean {rows.Average(r => r.SetupSeconds):F3} s). " +
            $"Unloading the program and joining the consumer come on top; the matrix prints the whole per-run overhead as it goes.\n\n");
    }

    private static string Percent(double value) => double.IsNaN(value) ? "–" : value.ToString("P0", CultureInfo.InvariantCulture);

    public static List<string> Variants(IEnumerable<ResultRow> rows)
    {
        return rows.Select(r => r.Variant).Distinct().OrderBy(Ring.ConsumerVariants.OrderKey).ThenBy(v => v, StringComparer.Ordinal).ToList();
    }

    /// <summary>Summaries sorted as the kernel script runs its scenarios, then by variant.</summary>
    public static IReadOnlyList<TrialSummary> InCatalogOrder(IEnumerable<TrialSummary> summaries)
    {
        var order = ScenarioCatalog.All.Select(s => s.Id).ToList();
        static int Position(List<string> list, string item) => list.IndexOf(item) is var i && i < 0 ? int.MaxValue : i;
        return summaries.OrderBy(s => Position(order, s.Scenario)).ThenBy(s => Ring.ConsumerVariants.OrderKey(s.Variant))
            .ThenBy(s => s.Variant, StringComparer.Ordinal).ToList();
    }
}
