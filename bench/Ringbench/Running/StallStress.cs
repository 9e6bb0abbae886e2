using System.Globalization;
using System.Text;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>One stress run: a variant on a workload, quiet or with busy neighbours, for minutes, with every stall's state.</summary>
public sealed record StressResult(string Variant, string Workload, int Neighbours, double Seconds, long Waits, long Wakeups,
    long Timeouts, long Stalls, long StallsInLog, Integrity Integrity, IReadOnlyList<StallState> States);

/// <summary>One row of stalls.csv: a stall and the ring as the consumer found it.</summary>
public sealed record StallRow(string Variant, string Workload, int Neighbours, double AtSeconds, ulong ProducerPosition, ulong ConsumerPosition,
    ulong PendingBytes, string HeaderWord, bool HeaderBusy, bool HeaderDiscarded, double MillisecondsSinceWakeup,
    ulong BytesCommittedSinceWakeup, long RecordsFound);

/// <summary>
/// The stress mode for the stalls the kernel runs have shown with seq_cst consumers: run the
/// patched consumers (the C# et-seqcst and libbpf built with the patch) for minutes on paced and
/// parallel producers, quiet and with a busy neighbour, and at every stall keep the ring's state
/// (<see cref="StallRecorder"/>), so a stall can be told apart: a record still BUSY at
/// consumer_pos (the producer had not committed: no wake-up was owed yet), or committed data with
/// no wake-up since well before it (a lost or late wake-up).
/// </summary>
public static class StallStress
{
    /// <summary>The workloads: a paced producer (one record every 100 us, where the stalls were seen) and the parallel producer.</summary>
    public static IReadOnlyList<(string Name, string ScenarioId)> Workloads { get; } =
    [
        ("paced-100us", "latency-paced-100us"),
        ("parallel", "parallel"),
        // The 2026 fix's own test: one record a call, drained before waiting.
        ("bounded-1", "bounded-1"),
    ];

    public static IReadOnlyList<StressResult> Run(IReadOnlyList<ConsumerVariant> variants, IReadOnlyList<string> workloads,
        IReadOnlyList<int> neighbours, int secondsEach, string bpfObjectPath, Action<string> progress, CancellationToken cancel)
    {
        var results = new List<StressResult>();
        var plan = (from w in workloads from n in neighbours from v in variants select (w, n, v)).ToList();
        foreach (var (workload, n, variant) in plan)
        {
            if (cancel.IsCancellationRequested)
                break;
            string scenarioId = Workloads.FirstOrDefault(x => x.Name == workload).ScenarioId
                ?? throw new RingbenchException(ExitCode.Usage, $"unknown stress workload '{workload}': choose {string.Join(", ", Workloads.Select(x => x.Name))}");
            Scenario scenario = ScenarioCatalog.Find(scenarioId);
            BenchSettings settings = scenario.Settings(new BenchSettings { WarmupSeconds = 0, DurationSeconds = secondsEach }) with { Neighbours = n };
            if (variant.Unsupported(settings) is string why)
            {
                progress($"{results.Count + 1}/{plan.Count}: {variant.Name} on {workload} skipped: {why}");
                continue;
            }
            progress($"{results.Count + 1}/{plan.Count}: {variant.Name} on {workload}, {n} busy neighbour(s), {secondsEach} s");
            VariantRun run = ScenarioRun.Execute(scenario, settings, variant, bpfObjectPath, null, cancel, recordStalls: true);
            if (run.Interrupted)
                break;
            IReadOnlyList<StallState> states = run.StallStates ?? [];
            results.Add(new StressResult(variant.Name, workload, n, run.Measured.Sum(s => s.ElapsedSeconds),
                run.Measured.Sum(s => s.Waits), run.Measured.Sum(s => s.Wakeups), run.Measured.Sum(s => s.Timeouts),
                run.TotalStalls, states.Count, run.Integrity, states));
        }
        return results;
    }

    /// <summary>A variant that must stall where the race is hit (<see cref="Analysis.DesignComparison.IsPositiveControl"/>).</summary>
    public static bool IsPositiveControl(string variant) => Analysis.DesignComparison.IsPositiveControl(ConsumerVariants.TraitsOf(variant));

    public static IEnumerable<StallRow> Rows(IEnumerable<StressResult> results) =>
        from r in results
        from s in r.States
        select new StallRow(r.Variant, r.Workload, r.Neighbours, s.AtSeconds, s.ProducerPosition, s.ConsumerPosition, s.PendingBytes,
            $"0x{s.HeaderWord:x8}", s.HeaderBusy, s.HeaderDiscarded, s.MillisecondsSinceWakeup, s.BytesCommittedSinceWakeup, s.RecordsFound);

    /// <summary>The counts per run, then how the stalls divide by what the ring showed.</summary>
    public static string Markdown(IReadOnlyList<StressResult> results, MachineInfo machine)
    {
        var md = new StringBuilder();
        var inv = CultureInfo.InvariantCulture;
        md.AppendLine("# Stall stress").AppendLine();
        md.AppendLine(inv, $"Machine: {machine.ProcessorText}, {machine.Virtualization}, kernel {machine.Kernel}, {machine.LibbpfText}.").AppendLine();
        md.AppendLine(string.Create(inv, $"Every wait times out after {new BenchSettings().WaitTimeoutMs} ms and the consumer then drains: a lost wake-up costs one timeout and is counted ") +
                      "as a stall (a wait that ran out with records waiting). With an infinite wait, as the kernel bench's rb-libbpf polls, it would be a hang.").AppendLine();
        md.AppendLine("| variant | workload | busy neighbours | seconds | waits | wake-ups | timeouts | stalls | header BUSY at stall | committed, no wake-up for >= 90% of the timeout | integrity |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|");
        foreach (StressResult r in results)
        {
            int busy = r.States.Count(s => s.HeaderBusy);
            int silent = r.States.Count(s => !s.HeaderBusy && s.MillisecondsSinceWakeup >= 90);
            md.AppendLine(inv, $"| {r.Variant} | {r.Workload} | {r.Neighbours} | {r.Seconds:F0} | {r.Waits:N0} | {r.Wakeups:N0} | {r.Timeouts:N0} | {r.Stalls} | {busy} | {silent} | {r.Integrity.Outcome} |");
        }
        // The positive control: edge-triggered with a release store and no fence (the 2023 patch's
        // EPOLLET hunk alone) must stall where the race can be hit; where it did not, zero stalls
        // of the designs on that workload prove nothing.
        var controls = results.Where(r => IsPositiveControl(r.Variant)).ToList();
        if (controls.Count > 0)
        {
            md.AppendLine();
            foreach (var workload in controls.GroupBy(r => (r.Workload, r.Neighbours)))
            {
                long stalls = workload.Sum(r => r.Stalls);
                md.AppendLine(stalls > 0
                    ? $"Positive control on {workload.Key.Workload} ({workload.Key.Neighbours} busy neighbour(s)): {string.Join(", ", workload.Select(r => r.Variant))} stalled {stalls} time(s), so the race was hit in this run there."
                    : $"Positive control on {workload.Key.Workload} ({workload.Key.Neighbours} busy neighbour(s)): {string.Join(", ", workload.Select(r => r.Variant))} did NOT stall: zero stalls of other variants on this workload prove nothing.");
            }
        }
        else
        {
            md.AppendLine().AppendLine("No positive control ran (libbpf-et-only or et-release): zero stalls here do not show that a stall could have been seen.");
        }
        md.AppendLine().AppendLine("Each stall's state is in stalls.csv: producer_pos, consumer_pos, the header word at consumer_pos, " +
                                   "the time since the consumer was last woken and the bytes committed since then.");
        return md.ToString();
    }
}
