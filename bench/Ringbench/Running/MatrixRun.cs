using Ringbench.Analysis;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>What a matrix covers and with which knobs.</summary>
public sealed record MatrixPlan(IReadOnlyList<Scenario> Scenarios, IReadOnlyList<ConsumerVariant> Variants, BenchSettings Defaults, int Trials = 1)
{
    /// <summary>--trials auto: the looks at which open verdicts earn more trials; null for a fixed count.</summary>
    public SequentialPlan? Adaptive { get; init; }

    /// <summary>--trials auto: stop adding trials once this much wall time has gone (null = no budget).</summary>
    public TimeSpan? Budget { get; init; }

    /// <summary>Run the job's warm-up (<see cref="JobWarmup"/>) before the first counted run of a new folder.</summary>
    public bool WarmUpFirst { get; init; }

    /// <summary>The patch's published rows, for deciding which scenarios are still open under --trials auto.</summary>
    public IReadOnlyList<ResultRow> Reference { get; init; } = [];

    public MatrixSettings Settings => new()
    {
        Looks = Adaptive?.Looks.ToList() ?? [],
        BudgetMinutes = Budget?.TotalMinutes ?? 0,
        WarmupSeconds = Defaults.WarmupSeconds,
        DurationSeconds = Defaults.DurationSeconds,
        WaitTimeoutMs = Defaults.WaitTimeoutMs,
        Trials = Trials,
        Backend = Defaults.Backend.ToString(),
        AttachOrder = string.Join(",", Defaults.AttachOrder),
        LatencySampleEvery = Defaults.LatencySampleEvery,
        KeepAwake = Defaults.KeepAwake,
        Variants = Variants.Select(v => v.Spelling).ToList(),
        Scenarios = Scenarios.Select(s => s.Id).ToList(),
    };

    /// <summary>The scenario x variant runs one trial of this plan makes (control-only variants on control rows, unsupported pairs left out).</summary>
    public int RunsPerTrial => RunsOfATrial.Count();

    /// <summary>Wall seconds one trial takes at <paramref name="secondsPerRun"/> a run, with what a variant takes beyond its settings (<see cref="ConsumerVariant.ExtraSecondsPerRun"/>).</summary>
    public double SecondsPerTrial(double secondsPerRun) => RunsOfATrial.Sum(v => secondsPerRun + v.ExtraSecondsPerRun);

    private IEnumerable<ConsumerVariant> RunsOfATrial => from scenario in Scenarios
                                                         from variant in Variants
                                                         where variant.RunsOn(scenario)
                                                         where variant.Unsupported(scenario.Settings(Defaults)) is null
                                                         select variant;

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
            : throw new RingbenchException(ExitCode.Usage, $"no scenario matches the group filter '{string.Join(",", groups)}': './run-bench.sh list' shows the groups");
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

    /// <summary>A run failed for a reason of its own variant (a reader process that misbehaved); the matrix goes on.</summary>
    void Failed(Scenario scenario, TrialSchedule.Slot slot, string why) { }

    /// <summary>The job's warm-up ended (before the first counted run).</summary>
    void WarmedUp(JobWarmup.Outcome outcome) { }

    /// <summary>--trials auto: after a look, what was decided and which scenarios get more trials (none when it stops).</summary>
    void Looked(IReadOnlyList<AdaptiveTrials.Status> statuses, IReadOnlyList<TrialAllocation.Grant> grants, string? stoppedBecause) { }
}

/// <summary>
/// Runs every scenario x variant of a plan that the folder does not hold yet, writing each to
/// disk before the next starts. Ctrl-C stops after tearing down the
/// current run; what finished stays on disk and --resume picks up from there.
/// </summary>
public static class MatrixRun
{
    public static bool Execute(MatrixPlan plan, ResultFolder folder, MachineInfo machine, string bpfObjectPath,
        IMatrixObserver observer, CancellationToken cancel)
    {
        // Trials each scenario x variant is to get: fixed, or under --trials auto the first look, and
        // then, look by look, the next look for the pair of each open scenario the budget can afford.
        // On --resume an adaptive run starts from the trials its runs already reached.
        var reached = folder.Completed().GroupBy(r => (r.Scenario, r.Variant)).ToDictionary(g => g.Key, g => g.Max(r => r.Trial) + 1);
        var targets = (from s in plan.Scenarios
                       from v in plan.Variants
                       select (s.Id, v.Name)).ToDictionary(k => k, k => plan.Adaptive is SequentialPlan a
            ? Math.Min(a.MaximumTrials, Math.Max(a.MinimumTrials, reached.GetValueOrDefault(k))) : plan.Trials);
        // The kernel bench's rows say which build ran; the folder keeps how each was built and what its attach changed.
        if (plan.Variants.Any(v => v.RunsItself is not null))
            KernelBenchBuild.CopyRecordsInto(folder.KernelBenchFolder);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        if (plan.WarmUpFirst && folder.Completed().Count == 0 && JobWarmup.Run(plan, bpfObjectPath, cancel) is JobWarmup.Outcome warm)
        {
            File.WriteAllText(folder.WarmupText, warm.Text + Environment.NewLine);
            observer.WarmedUp(warm);
        }
        var runClock = new RunClock(EstimateSecondsPerRun(folder.Completed(), plan.Defaults));
        bool completed = RunPending(plan, targets, folder, bpfObjectPath, observer, cancel, runClock, reportSkips: true);
        while (completed && plan.Adaptive is SequentialPlan looks)
        {
            var scenarios = plan.Scenarios.Select(s => s.Id).ToHashSet();
            IReadOnlyList<AdaptiveTrials.Status> statuses = AdaptiveTrials.Assess(folder.Completed(), plan.Reference, looks.Confidence)
                .Where(s => scenarios.Contains(s.Scenario)).ToList();
            double? remaining = plan.Budget is TimeSpan budget ? (budget - clock.Elapsed).TotalSeconds : null;
            IReadOnlyList<TrialAllocation.Grant> grants = TrialAllocation.Choose(statuses, looks, runClock.SecondsPerRun, remaining);
            var open = statuses.Where(s => s.Open).ToList();
            string? stopped = open.Count == 0 ? "every verdict settled"
                : open.All(s => looks.NextLook(s.Trials) is null) ? $"the last look ({looks.MaximumTrials} trials) reached"
                : grants.Count == 0 ? $"the budget ({plan.Budget!.Value.TotalMinutes:F0} min) would be exceeded by the next look of any open scenario"
                : null;
            observer.Looked(statuses, grants, stopped);
            if (stopped is not null)
                break;
            foreach (TrialAllocation.Grant grant in grants)
            {
                foreach (string variant in grant.Variants.Count > 0 ? grant.Variants : plan.Variants.Select(v => v.Name))
                {
                    if (targets.ContainsKey((grant.Scenario, variant)))
                        targets[(grant.Scenario, variant)] = grant.Target;
                }
            }
            completed = RunPending(plan, targets, folder, bpfObjectPath, observer, cancel, runClock, reportSkips: false);
        }
        completed &= !cancel.IsCancellationRequested;

        // The outputs (summaries, reproduction, figures, report) are the caller's: FolderOutputs, from this folder alone.
        (machine with { FinishedAt = completed ? DateTimeOffset.Now : null }).Save(folder.MachineJson);
        return completed;
    }

    /// <summary>
    /// Wall seconds a run costs before any has run here: warm-up + duration and, from a folder being
    /// resumed, what its runs took beyond that; else <see cref="DefaultOverheadSeconds"/>.
    /// </summary>
    public static double EstimateSecondsPerRun(IReadOnlyList<ResultRow> done, BenchSettings defaults) =>
        defaults.WarmupSeconds + defaults.DurationSeconds + (done.Count >= 2 ? RunLength.OverheadSeconds(done) : DefaultOverheadSeconds);

    /// <summary>
    /// Set-up, tear-down and writing around a run, before any run of this job has been timed: the
    /// development VMs measured 0.06 s (results/2026-11-26-vm-auto) and 0.26 s a run
    /// (results/2026-11-29-vm-8126fa7, whose first-look ETA at 0.1 s came out 8% short); the dearer one.
    /// </summary>
    public const double DefaultOverheadSeconds = 0.25;

    /// <summary>The wall time of the runs this process made: what the next round is planned with.</summary>
    private sealed class RunClock(double initialSecondsPerRun)
    {
        private double _seconds;
        private int _runs;

        public double SecondsPerRun => _runs == 0 ? initialSecondsPerRun : _seconds / _runs;

        public void Add(double seconds)
        {
            _seconds += seconds;
            _runs++;
        }
    }

    /// <summary>Runs every slot the targets call for that the folder does not hold yet; false if interrupted.</summary>
    private static bool RunPending(MatrixPlan plan, IReadOnlyDictionary<(string, string), int> targets, ResultFolder folder, string bpfObjectPath,
        IMatrixObserver observer, CancellationToken cancel, RunClock runClock, bool reportSkips)
    {
        var done = folder.Completed().Select(r => (r.Scenario, r.Variant, r.Trial)).ToHashSet();
        int most = targets.Values.DefaultIfEmpty(plan.Trials).Max();
        var pending = (from slot in TrialSchedule.For(plan.Variants, most)
                       from scenario in plan.Scenarios
                       where slot.Trial < targets[(scenario.Id, slot.Variant.Name)]
                       where !done.Contains((scenario.Id, slot.Variant.Name, slot.Trial))
                       where slot.Variant.RunsOn(scenario)
                       where slot.Variant.Unsupported(scenario.Settings(plan.Defaults)) is null
                       select (scenario, slot)).ToList();
        // Trial-major: each pass runs one trial of every scenario still to run (in catalog order, the
        // variants' order rotating per trial), so the machine's drift over an hour spreads over every
        // row instead of landing on one scenario's trials; a look's added trials are such passes too.
        var position = plan.Scenarios.Select((sc, i) => (sc.Id, i)).ToDictionary(x => x.Id, x => x.i);
        pending = pending.OrderBy(p => p.slot.Trial).ThenBy(p => position[p.scenario.Id]).ThenBy(p => p.slot.Position).ToList();
        if (!reportSkips)
            return RunSlots(plan, pending, folder, bpfObjectPath, observer, cancel, runClock);
        // Only where the variant would run: an @headline variant is not "not run" on the other rows.
        foreach (var (scenario, variant, why) in from scenario in plan.Scenarios
                                                 from variant in plan.Variants
                                                 where variant.RunsOn(scenario)
                                                 let why = variant.Unsupported(scenario.Settings(plan.Defaults))
                                                 where why is not null
                                                 select (scenario, variant, why))
            observer.NotRun(scenario, variant, why);
        if (done.Count > 0)
            observer.Skipped(done.Count);
        return RunSlots(plan, pending, folder, bpfObjectPath, observer, cancel, runClock);
    }

    private static bool RunSlots(MatrixPlan plan, List<(Scenario scenario, TrialSchedule.Slot slot)> pending, ResultFolder folder,
        string bpfObjectPath, IMatrixObserver observer, CancellationToken cancel, RunClock runClock)
    {
        bool completed = true;
        for (int i = 0; i < pending.Count && !cancel.IsCancellationRequested; i++)
        {
            var (scenario, slot) = pending[i];
            BenchSettings settings = scenario.Settings(plan.Defaults).Validate();
            observer.Starting(i + 1, pending.Count, scenario, slot, settings);
            var clock = System.Diagnostics.Stopwatch.StartNew();
            VariantRun run;
            try
            {
                run = ScenarioRun.Execute(scenario, settings, slot.Variant, bpfObjectPath, observer.Sampled, cancel)
                    with { Trial = slot.Trial, OrderPosition = slot.Position };
            }
            catch (RingbenchException e) when (e.RunFailed)
            {
                // One variant's own failure (a reader process that died, printed garbage, never
                // answered): named, kept in the folder, and the rest of the matrix runs.
                folder.RecordFailure(scenario.Id, slot.Variant.Name, slot.Trial, e.Message);
                observer.Failed(scenario, slot, e.Message);
                continue;
            }
            if (run.Interrupted)
            {
                completed = false;
                break;
            }
            folder.Record(run);
            runClock.Add(clock.Elapsed.TotalSeconds);
            double overhead = clock.Elapsed.TotalSeconds - run.Samples.Sum(s => s.ElapsedSeconds);
            observer.Finished(run, overhead);
        }
        return completed && !cancel.IsCancellationRequested;
    }

    /// <summary>
    /// results/&lt;date&gt;-&lt;host&gt;-&lt;short commit&gt;/ under the repository (or the current
    /// directory); a second job of the same day and commit (to pool with the first) gets -2, then -3.
    /// </summary>
    public static string DefaultFolder(MachineInfo machine)
    {
        string first = Path.Combine(MachineInfo.RepositoryRoot() ?? Directory.GetCurrentDirectory(), "results",
            $"{machine.StartedAt:yyyy-MM-dd}-{machine.Hostname}-{machine.Commit}");
        return Enumerable.Range(1, 1000).Select(n => n == 1 ? first : $"{first}-{n}")
            .First(path => !File.Exists(Path.Combine(path, ResultFolder.ResultsFile)));
    }

    public static string LibbpfVersion()
    {
        LibBpf.EnsureAvailable();
        return LibBpf.Version;
    }

    /// <summary>The machine with what a reviewer asks of the libbpf it ran: the system package's full version and each flavour's source and diff.</summary>
    public static MachineInfo WithLibbpfFacts(MachineInfo machine) => machine with
    {
        LibbpfPackage = LibBpf.Package(),
        LibbpfBuilds = LibbpfFlavour.Built.Values.ToDictionary(f => f.Name, f => f.Description),
        LibbpfSources = LibbpfFlavour.Built.Values.ToDictionary(f => f.Name, f => new MachineInfo.LibbpfBuildSource(f.Version, f.Patch, f.Optimisation)),
    };
}
