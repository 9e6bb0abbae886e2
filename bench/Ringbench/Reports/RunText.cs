using System.Globalization;
using System.Text;
using Ringbench.Scenarios;
using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Reports;

/// <summary>
/// The text a run prints: the kernel-format block (heading, one line per variant, labelled
/// "rb-&lt;variant&gt;", the perf buffer's as the bench names them) and, under each line, what the kernel bench does not show: stalls,
/// wake-ups, the integrity check and the hook that ran.
/// </summary>
public static class RunText
{
    /// <summary>
    /// The kernel bench's prefix, from the variant's traits: rb- for a ring consumer; a perf buffer
    /// reader's name (pb-*, kbench-pb-*) is left as it is (it was decided by the name's first
    /// three letters, which gave "rb-kbench-pb-libbpf").
    /// </summary>
    public static string VariantLabel(Ring.VariantTraits traits) => traits.ReadsPerfBuffer ? traits.Name : $"rb-{traits.Name}";

    /// <summary>
    /// One scenario's runs as the kernel bench prints them, each with its details; with several
    /// trials, then each variant over its trials (<paramref name="summaries"/>) and each against the
    /// first named (<paramref name="againstFirst"/>), as the model computed them.
    /// </summary>
    public static string Block(Scenario scenario, IReadOnlyList<VariantRun> runs, IReadOnlyList<TrialSummary> summaries, IReadOnlyList<PairResult> againstFirst)
    {
        var text = new StringBuilder();
        text.AppendLine(KernelFormat.Heading($"{scenario.Group} [{scenario.Id}]"));
        bool trials = runs.Any(r => r.Trial > 0);
        foreach (VariantRun run in runs)
        {
            string label = trials ? $"{VariantLabel(run.Traits)} #{run.Trial + 1}" : VariantLabel(run.Traits);
            text.AppendLine(KernelFormat.Line(label, run.Throughput, run.Drops));
            text.AppendLine(Details(run));
        }
        if (trials)
            text.Append(BetweenTrials(summaries, againstFirst));
        return text.ToString();
    }

    /// <summary>
    /// With several trials: each variant over all its trials, and each variant's ratio to the
    /// first one named, with the t interval over trials (paired by trial) and the verdict.
    /// </summary>
    private static string BetweenTrials(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<PairResult> againstFirst)
    {
        var text = new StringBuilder("\nBetween trials (mean of all seconds; [trial means, between-trial CV]):\n");
        foreach (TrialSummary s in summaries)
        {
            text.Append(KernelFormat.Line(VariantLabel(s.Traits), s.PooledThroughput, s.PooledDrops));
            text.AppendLine(MatrixSummary.TrialSpread(s));
        }
        foreach (PairResult pair in againstFirst)
        {
            text.AppendLine(string.Create(CultureInfo.InvariantCulture,
                $"{pair.Pair}: {pair.Ratio.Text()} ({pair.Ratio.Confidence * 100:0.##}% paired t interval on the log ratios over trials): ") +
                VerdictRule.Text(pair.Verdict));
        }
        return text.ToString();
    }

    public static string Details(VariantRun run) => string.Create(CultureInfo.InvariantCulture,
        $"{"",-20} {run.WaitStrategy}{(run.IsCeiling ? " (ceiling reference)" : "")}, notify {run.Settings.NotifyText}, {BufferText(run)}" +
        $"{NeighboursText(run.Settings)}{WaitsText(run)}" +
        $"{ConsumerCpuText(run)}" +
        $"median {run.Throughput.Median:F3} [{run.Throughput.Min:F3}..{run.Throughput.Max:F3}]M/s, " +
        $"integrity {run.Integrity}, attach {run.AttachText}{(run.Interrupted ? ", INTERRUPTED" : "")}") +
        (run.Costs is { } costs ? $"\n{"",-20} {CostsText(costs)}" : "") +
        (run.Latency is { } latency ? $"\n{"",-20} {latency}" : "");

    /// <summary>Which buffer and how much memory, where it is not the one shared ring; and the perf buffer's reported losses.</summary>
    private static string BufferText(VariantRun run) => run.Settings.BufferText == "ring" ? ""
        : string.Create(CultureInfo.InvariantCulture, $"buffer {run.Settings.BufferText} ({run.Settings.BufferBytes / 1024} KiB), ") +
          (run.Settings.Buffer == Kernel.EventBuffer.Perf ? $"lost reported {run.LostReported:N0}, " : "") +
          (run.Settings.TimeOrder ? $"merged in time order {run.Merged:N0} ({run.OutOfOrder:N0} out of order), " : "");

    /// <summary>The run's third line: what each side paid, per record and per wake-up, and what could not be measured.</summary>
    public static string CostsText(RunCosts c) =>
        $"producer {Number(c.BpfNsPerRecord, "F1")} ns/record in BPF, {Number(c.ProducerCpuNsPerRecord, "F1")} ns/record of producer-thread CPU, " +
        $"irq work {Number(c.ProducerIrqWorkPerThousand, "F2")} and rescheduling {Number(c.ProducerReschedulingPerThousand, "F2")} per 1k records on its CPUs; " +
        $"consumer {Number(c.SwitchesPerWakeup, "F2")} context switches/wake-up, off CPU {Number(c.ConsumerOffCpuShare * 100, "F0")}% of the run" +
        (c.Unavailable.Length > 0 ? $" ({c.Unavailable})" : "");

    private static string Number(double value, string format) =>
        double.IsNaN(value) ? "n/a" : value.ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Stalls and wake-ups where ringbench counted them; for a reader process, which it cannot see
    /// wait, its sleeps (voluntary context switches, from /proc) per thousand records it consumed instead.
    /// </summary>
    private static string WaitsText(VariantRun run) => run.Traits?.Kind == Ring.ConsumerKind.ExternalReader
        ? string.Create(CultureInfo.InvariantCulture,
            $"waits not counted (a reader process), sleeps {Number(run.Costs is { } c && run.Integrity.Consumed > 0 ? c.ConsumerVoluntarySwitches * 1000.0 / run.Integrity.Consumed : double.NaN, "F2")} per 1k records, ")
        : string.Create(CultureInfo.InvariantCulture,
            $"stalls {run.MeasuredStalls} (run total {run.TotalStalls}), {RecordsPerWakeupText(run.RecordsPerWakeup)} records/wake-up, {PollsText(run)}");

    /// <summary>The busy neighbours a run had, or nothing on a quiet run.</summary>
    private static string NeighboursText(Scenarios.BenchSettings s) => s.Neighbours == 0 ? ""
        : $"busy neighbours {s.Neighbours}{(s.NeighbourCpus is { Count: > 0 } cpus ? $" on CPU {string.Join(',', cpus)}" : " unpinned")}, ";


    private static string ConsumerCpuText(VariantRun run) => double.IsNaN(run.ConsumerUserSeconds)
        ? "consumer cpu not measured (a process of its own), "
        : string.Create(CultureInfo.InvariantCulture, $"consumer cpu {run.ConsumerUserSeconds:F2}s user + {run.ConsumerSystemSeconds:F2}s sys, ");

    /// <summary>One line of progress for a per-second sample.</summary>
    public static string Progress(string variant, Sample sample, BenchSettings settings) =>
        string.Create(CultureInfo.InvariantCulture,
            $"  {variant,-11} {(sample.IsWarmup ? "warm-up" : "sample "),-7} {sample.Index + 1,3}/{Math.Max(sample.Index + 1, settings.WarmupSeconds + settings.DurationSeconds)}: " +
            $"{sample.ThroughputMps,8:F3}M/s  drops {sample.DropsMps:F3}M/s  wake-ups {sample.Wakeups}  polls {sample.Polls}  stalls {sample.Stalls}");

    /// <summary>Unnotified looks (poll timer, spin) per second and the interval between them, for the strategies that take any.</summary>
    private static string PollsText(VariantRun run)
    {
        long polls = run.Measured.Sum(s => s.Polls);
        double seconds = run.Measured.Sum(s => s.ElapsedSeconds);
        return polls == 0 ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{polls / seconds:F0} polls/s (every {seconds / polls * 1e6:F0} us), ");
    }

    private static string RecordsPerWakeupText(double value) =>
        double.IsNaN(value) ? "n/a" : value.ToString("F1", CultureInfo.InvariantCulture);
}
