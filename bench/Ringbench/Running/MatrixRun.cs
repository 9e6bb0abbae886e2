using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>What a matrix covers and with which knobs.</summary>
public sealed record MatrixPlan(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ConsumerVariant> Variants, BenchSettings Defaults, int Trials = 1)
{
    public MatrixSettings Settings => new()
    {
        WarmupSeconds = Defaults.WarmupSeconds,
        DurationSeconds = Defaults.DurationSeconds,
        WaitTimeoutMs = Defaults.WaitTimeoutMs,
        Trials = Trials,
        Backend = Defaults.Backend.ToString(),
        AttachOrder = string.Join(",", Defaults.AttachOrder),
        LatencySampleEvery = Defaults.LatencySampleEvery,
        Variants = Variants.Select(v => v.Name).ToList(),
        Scenarios = Scenarios.Select(s => s.Id).ToList(),
    };

    /// <summary>Picks scenarios by id and by group (substring of the heading), in catalog order.</summary>
    public static IReadOnlyList<Scenario> Select(IReadOnlyList<string> ids, IReadOnlyList<string> groups)
    {
        foreach (string id in ids)
            ScenarioCatalog.Find(id); // an unknown id is a usage error, not an empty matrix
        var picked = ScenarioCatalog.All
            .Where(s => ids.Count == 0 || ids.Contains(s.Id))
            .Where(s => groups.Count == 0 || groups.Any(g => s.Group.Contains(g, StringComparison.OrdinalIgnoreCase)))
            .ToList();
        return picked.Count > 0 ? picked
            : throw new RingbenchException(ExitCode.Usage, $"no scenario matches the group filter '{string.Join(",", groups)}': 'ringbench list' shows the groups");
    }
}

/// <summary>Told about the matrix as it goes, for progress display.</summary>
public interface IMatrixObserver
{
    void Starting(int position, int total, Scenario scenario, TrialSchedule.Slot slot, BenchSettings settings);
    void Sampled(Sample sample);
    void Finished(VariantRun run, double overheadSeconds);
    void Skipped(int alreadyDone);
    void NotRun(Scenario scenario, ConsumerVariant variant, string why);
}

/// <summary>
/// Runs every scenario x variant of a plan that the folder does not hold yet, writing each to
/// disk before the next starts, then the summaries. Ctrl-C stops after tearing down the
/// current run; what finished stays on disk and --resume picks up from there.
/// </summary>
public static class MatrixRun
{
    public static bool Execute(MatrixPlan plan, ResultFolder folder, MachineInfo machine, string bpfObjectPath,
        IMatrixObserver observer, CancellationToken cancel)
    {
        var done = folder.Completed().Select(r => (r.Scenario, r.Variant, r.Trial)).ToHashSet();
        var pending = (from scenario in plan.Scenarios
                       from slot in TrialSchedule.For(plan.Variants, plan.Trials)
                       where !done.Contains((scenario.Id, slot.Variant.Name, slot.Trial))
                       where slot.Variant.Unsupported(scenario.Settings(plan.Defaults)) is null
                       select (scenario, slot)).ToList();
        foreach (var (scenario, variant, why) in from scenario in plan.Scenarios
                                                 from variant in plan.Variants
                                                 let why = variant.Unsupported(scenario.Settings(plan.Defaults))
                                                 where why is not null
                                                 select (scenario, variant, why))
            observer.NotRun(scenario, variant, why);
        if (done.Count > 0)
            observer.Skipped(done.Count);

        bool completed = true;
        for (int i = 0; i < pending.Count && !cancel.IsCancellationRequested; i++)
        {
            var (scenario, slot) = pending[i];
            BenchSettings settings = scenario.Settings(plan.Defaults).Validate();
            observer.Starting(i + 1, pending.Count, scenario, slot, settings);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            VariantRun run = ScenarioRun.Execute(scenario, settings, slot.Variant, bpfObjectPath, observer.Sampled, cancel)
                with { Trial = slot.Trial, OrderPosition = slot.Position };
            if (run.Interrupted)
            {
                completed = false;
                break;
            }
            folder.Record(run);
            double overhead = clock.Elapsed.TotalSeconds - run.Samples.Sum(s => s.ElapsedSeconds);
            observer.Finished(run, overhead);
        }
        completed &= !cancel.IsCancellationRequested;

        WriteSummaries(folder, machine with { FinishedAt = completed ? DateTimeOffset.Now : null });
        return completed;
    }

    public static void WriteSummaries(ResultFolder folder, MachineInfo machine)
    {
        machine.Save(folder.MachineJson);
        IReadOnlyList<ResultRow> rows = folder.Completed();
        File.WriteAllText(folder.SummaryText, MatrixSummary.Text(rows, machine, folder.Latency()));
        File.WriteAllText(folder.SummaryMarkdown, MatrixSummary.Markdown(rows, machine, folder.Latency()));
    }

    /// <summary>results/&lt;date&gt;-&lt;host&gt;-&lt;short commit&gt;/ under the repository (or the current directory).</summary>
    public static string DefaultFolder(MachineInfo machine) =>
        Path.Combine(MachineInfo.RepositoryRoot() ?? Directory.GetCurrentDirectory(), "results",
            $"{machine.StartedAt:yyyy-MM-dd}-{machine.Hostname}-{machine.Commit}");

    public static string LibbpfVersion()
    {
        LibBpf.EnsureAvailable();
        return LibBpf.Version;
    }
}
