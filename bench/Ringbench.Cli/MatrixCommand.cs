using System.CommandLine;
using Ringbench.Analysis;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;
using Ringbench.Reports;

namespace Ringbench.Cli;

/// <summary><c>ringbench matrix</c>: the main job, every scenario x variant into a result folder.</summary>
internal static class MatrixCommand
{
    // First: static fields initialise in order, and the options' help texts below read these.
    /// <summary>ringbench's timing: one-second runs, trials instead of length (docs/statistics.md, 'Run length').</summary>
    private static readonly RunTiming ShortTiming = RunTiming.Short;

    /// <summary>The kernel's run_bench_ringbufs.sh timing.</summary>
    private static readonly RunTiming ScriptTiming = RunTiming.Script;

    private static readonly Option<string[]> ReaderOpt = CommonOptions.Reader();
    private static readonly Option<bool> NoWaitOpt = CommonOptions.NoWait();
    private static readonly Option<bool> KeepAwakeOpt = CommonOptions.KeepAwake();
    private static readonly Option<string> VariantsOpt = new("--variants", "-V")
    {
        Description = $"Consumer variants, comma-separated: {ConsumerVariants.Grammar}. Default, the main job spent on its question: " +
                      $"{ConsumerVariants.MainJobText}. '{ConsumerVariants.MainFullSet}' adds every other section's variants: libbpf's pair on " +
                      "the control rows, the C# ports (port fidelity), the ceiling, the perf buffer and the 2026 designs.",
        DefaultValueFactory = _ => ConsumerVariants.MainJobSpec,
    };
    private static readonly Option<int> LatencyOpt = new("--latency-every")
    {
        Description = "Also measure delivery latency in every scenario: the producer stamps one record in N and the consumer times it " +
                      "(0 = only the latency group; 64 costs no measurable throughput here). Needed for the throughput-vs-latency chart.",
        DefaultValueFactory = _ => 0,
    };
    private static readonly Option<string[]> ScenariosOpt = new("--scenarios", "-s")
    { Description = "Only these scenario ids (comma or space separated).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> GroupsOpt = new("--groups", "-g")
    { Description = "Only scenarios whose group heading contains one of these words, e.g. multi-producer.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<int?> WarmupOpt = new("--warmup", "-w")
    { Description = $"Warm-up seconds per run (default {ShortTiming.Warmup}; {ScriptTiming.Warmup} with --script-timing)." };
    private static readonly Option<int?> DurationOpt = new("--duration", "-d")
    { Description = $"Measured seconds per run (default {ShortTiming.Duration}; {ScriptTiming.Duration} with --script-timing)." };
    private static readonly Option<bool> ScriptTimingOpt = new("--script-timing")
    {
        Description = $"The kernel script's timing, -w{ScriptTiming.Warmup} -d{ScriptTiming.Duration}, instead of ringbench's -w{ShortTiming.Warmup} " +
                      $"-d{ShortTiming.Duration}. On the development VMs runs differ from each other 2-50x more than one run's mean is " +
                      "uncertain, so short runs and more trials give narrower intervals in the same time (docs/statistics.md, 'Run length'); every " +
                      "folder's summary.md checks that against its own spreads.",
    };
    private static readonly Option<string> BackendOpt = CommonOptions.Backend();
    private static readonly Option<string?> TrialsOpt = new("--trials", "-t")
    {
        Description = "Repetitions of each scenario, each with a fresh load and attach; variants interleave and rotate order per trial. " +
                      "A number, or 'auto' (the default): the first of --looks everywhere, then, look by look, more trials for the pair " +
                      "whose verdict is still open, closest to settling first, as the budget allows; every interval is then taken at " +
                      "1 - 5%/looks confidence, so the repeated looks cost no error rate. --quick alone means one trial.",
    };
    private static readonly Option<string> LooksOpt = new("--looks")
    { Description = $"With --trials auto: the trial counts at which open verdicts are looked at (default {SequentialPlan.Default.Text}).", DefaultValueFactory = _ => SequentialPlan.Default.Text };
    private static readonly Option<double?> BudgetOpt = new("--budget")
    {
        Description = $"With --trials auto: minutes of wall time the looks may fill; a look's trials go to the open verdicts closest to " +
                      $"settling, as many as fit (default {DefaultBudgetMinutes} with --trials auto: the main job in 30 minutes with its " +
                      "build and outputs; 0 = no budget, every open verdict goes to the last look).",
    };
    private static readonly Option<string?> JobWarmupOpt = new("--job-warmup")
    { Description = $"on: before the first counted run, uncounted {Running.JobWarmup.SecondsPerRun}-second runs of the first scenario until two in a row agree within " +
                    $"{Running.JobWarmup.Agreement:P0} (at most {Running.JobWarmup.MaximumSeconds} s; the rates go to warmup.txt), because a machine is slow when a job starts; " +
                    "off: none. Default: on with --trials auto (the main job), off otherwise." };
    private static readonly Option<bool> QuickOpt = new("--quick")
    { Description = "Smoke profile: -w 0 -d 2, one trial (a few minutes for the default variants). Not for conclusions." };
    private static readonly Option<string?> OutOpt = new("--out", "-o")
    { Description = "Result folder (default results/<date>-<host>-<commit>/ in the repository)." };
    private static readonly Option<string?> ResumeOpt = new("--resume")
    { Description = "Finish an interrupted run in this folder: runs only what is missing, with the same settings." };
    private static readonly Option<string?> ObjectOpt = new("--bpf-object") { Description = "Path of the BPF producer object." };

    /// <summary>The default budget of --trials auto, in minutes: the main job within 30 minutes, its build and outputs included.</summary>
    private const int DefaultBudgetMinutes = 26;

    public static Command Build(CancellationToken cancel)
    {
        var command = new Command("matrix",
            "Run the scenario matrix (the 36 scenarios of the kernel's run_bench_ringbufs.sh, ringbench's 7 latency, 4\n" +
            "busy-neighbour and 1 bounded-consumer scenarios, x variants x trials of one-second runs; --script-timing for -w3 -d10) and write\n" +
            "results.csv, samples.csv, machine.json, summary.txt (kernel format) and summary.md into a result folder.\n" +
            "Each finished run is on disk before the next starts; Ctrl-C keeps them, and --resume finishes the rest.")
        {
            VariantsOpt, LatencyOpt, BackendOpt, ScenariosOpt, GroupsOpt, WarmupOpt, DurationOpt, ScriptTimingOpt, TrialsOpt, LooksOpt, BudgetOpt, JobWarmupOpt, QuickOpt, KeepAwakeOpt, OutOpt, ResumeOpt, ObjectOpt, ReaderOpt, NoWaitOpt,
        };
        command.SetAction(parsed => Commands.Guard(() => Execute(parsed, cancel)));
        return command;
    }

    /// <summary>
    /// The wall time to expect: the first look's runs (or every fixed trial) at warm-up + duration +
    /// the overhead a run costs, and under --trials auto the looks after it up to the budget.
    /// </summary>
    private static string Eta(MatrixPlan plan, ResultFolder folder)
    {
        var inv = System.Globalization.CultureInfo.InvariantCulture;
        var done = folder.Completed();
        // A run's wall time, averaged over one trial's runs: the kernel bench's take a second more.
        int perTrial = plan.RunsPerTrial;
        double perRun = MatrixRun.EstimateSecondsPerRun(done, plan.Defaults);
        if (perTrial > 0)
            perRun = plan.SecondsPerTrial(perRun) / perTrial;
        int first = plan.Adaptive?.MinimumTrials ?? plan.Trials;
        int runs = Math.Max(0, perTrial * first - done.Count);
        double firstSeconds = runs * perRun;
        string text = string.Create(inv,
            $"{(plan.WarmUpFirst && done.Count == 0 ? $"a job warm-up of at most {Running.JobWarmup.MaximumSeconds} s, then " : "")}" +
            $"{runs} runs of about {perRun:F1} s: {Duration(firstSeconds)}{(plan.Adaptive is null ? "" : $" for the first look ({first} trials)")}");
        if (plan.Adaptive is not SequentialPlan looks)
            return "expect " + text;
        if (plan.Budget is not TimeSpan budget)
            return $"expect {text}, then up to {Duration(perTrial * (looks.MaximumTrials - first) * perRun)} more if every verdict stays open to the last look";
        return budget.TotalSeconds <= firstSeconds
            ? string.Create(inv, $"expect {text}: the budget ({budget.TotalMinutes:F0} min) leaves no time for further looks")
            : string.Create(inv, $"expect {text}, then further looks for the open verdicts until the budget: about {budget.TotalMinutes:F0} min in all");

        // Seconds under two minutes, whole minutes above: what a user plans with.
        string Duration(double seconds) => seconds < 120 ? string.Create(inv, $"{seconds:F0} s") : string.Create(inv, $"{seconds / 60:F0} min");
    }

    private static int Execute(ParseResult parsed, CancellationToken cancel)
    {
        CommonOptions.GiveReaders(parsed, ReaderOpt);
        MatrixPlan plan = PlanOf(parsed);
        BenchSettings defaults = plan.Defaults;
        SequentialPlan? adaptive = plan.Adaptive;
        if (defaults.Backend == BackendKind.Kernel)
            Privileges.EnsureCanLoadBpf();
        else
            Console.Error.WriteLine(CommonOptions.SimulationNotice);
        var (folder, machine, folderLock) = parsed.GetValue(ResumeOpt) is string resume ? Resume(resume, plan) : Create(parsed.GetValue(OutOpt), plan);
        using ExclusiveLock? writing = folderLock;
        // One benchmark at a time on this machine (kernel runs; the simulation measures no kernel numbers).
        using ExclusiveLock? benchmark = defaults.Backend == BackendKind.Kernel
            ? CommonOptions.TakeMachine(parsed, NoWaitOpt, $"matrix into {folder.Directory}", cancel) : null;

        Console.Error.WriteLine($"ringbench: {plan.Scenarios.Count} scenarios x {plan.Variants.Count} variants x " +
                                (adaptive is null ? $"{plan.Trials} trial(s) " : $"{adaptive.MinimumTrials} to {adaptive.MaximumTrials} trials (auto, looks {string.Join(",", adaptive.Looks)}{(plan.Budget is TimeSpan b ? $", budget {b.TotalMinutes:F0} min" : "")}) ") +
                                $"(-w{defaults.WarmupSeconds} -d{defaults.DurationSeconds}) into {folder.Directory}");
        Console.Error.WriteLine("ringbench: " + Eta(plan, folder));
        if (!machine.Virtualization.StartsWith("none", StringComparison.Ordinal))
            Console.Error.WriteLine($"ringbench: warning: running in a VM ({machine.Virtualization}): kernel wake-ups are costly here and may dominate the numbers; judge variants over repeated runs" +
                                    (defaults.KeepAwake ? "" : " (--keep-awake stops idle vCPUs halting: docs/running.md, 'Idle CPUs kept awake')"));

        int failedBefore = folder.FailedRuns().Count;
        bool completed = MatrixProgress.Run(observer => MatrixRun.Execute(plan, folder, machine,
            parsed.GetValue(ObjectOpt) ?? BpfProducer.DefaultObjectPath, observer, cancel));

        var done = folder.Completed();
        if (done.Count > 0)
        {
            FolderOutputs.Written outputs = FolderOutputs.Write(folder, PatchReference.DefaultFolder());
            Console.Write(outputs.SummaryText);
            var headline = outputs.Reproduction.Where(r => r.Headline).ToList();
            if (headline.Count > 0)
                Console.Error.WriteLine("ringbench: against the patch: " + string.Join(", ",
                    headline.GroupBy(r => r.Outcome).Select(g => $"{g.Count()} {g.Key.Text()}")) + " (reproduce.md)");
        }
        Console.Error.WriteLine($"ringbench: results in {folder.Directory} (results.csv, samples.csv, machine.json, summary.txt, summary.md, report.md, plots/)");
        int failed = folder.FailedRuns().Count - failedBefore;
        if (failed > 0)
            Console.Error.WriteLine($"ringbench: {failed} run(s) failed, each named above and in {ResultFolder.FailedRunsFile}; --resume tries them again");
        if (!completed)
        {
            Console.Error.WriteLine($"ringbench: interrupted; finished runs are saved. Continue with: ./run-bench.sh matrix --resume {folder.Directory} (and the same options)");
            return (int)ExitCode.Interrupted;
        }
        return done.All(r => r.IntegrityOk) && failed == 0 ? 0 : (int)ExitCode.IntegrityFailure;
    }

    /// <summary>What the options ask for: the scenarios, variants, timing, trials, looks and budget.</summary>
    private static MatrixPlan PlanOf(ParseResult parsed)
    {
        bool quick = parsed.GetValue(QuickOpt);
        var timing = parsed.GetValue(ScriptTimingOpt) ? ScriptTiming : ShortTiming;
        var defaults = new BenchSettings
        {
            WarmupSeconds = parsed.GetValue(WarmupOpt) ?? (quick ? 0 : timing.Warmup),
            DurationSeconds = parsed.GetValue(DurationOpt) ?? (quick ? 2 : timing.Duration),
            Backend = CommonOptions.ParseBackend(parsed.GetValue(BackendOpt)!),
            LatencySampleEvery = parsed.GetValue(LatencyOpt),
            KeepAwake = parsed.GetValue(KeepAwakeOpt),
        }.Validate();
        // --quick means one trial unless trials were asked for; otherwise adaptive unless a number was given.
        string trialsText = parsed.GetValue(TrialsOpt) ?? (quick ? "1" : "auto");
        SequentialPlan? adaptive = trialsText == "auto" ? SequentialPlan.Parse(parsed.GetValue(LooksOpt)!) : null;
        int trials = adaptive?.MaximumTrials ?? (int.TryParse(trialsText, out int n) && n >= 1 ? n
            : throw new RingbenchException(ExitCode.Usage, $"--trials takes a whole number of 1 or more, or 'auto' (got '{trialsText}')"));
        double budget = parsed.GetValue(BudgetOpt) ?? DefaultBudgetMinutes;
        if (budget < 0)
            throw new RingbenchException(ExitCode.Usage, $"--budget takes minutes, 0 or more (got {budget})");
        return new MatrixPlan(MatrixPlan.Select(CommonOptions.Words(parsed.GetValue(ScenariosOpt)), CommonOptions.Words(parsed.GetValue(GroupsOpt))),
            ConsumerVariants.Parse(parsed.GetValue(VariantsOpt)!), defaults, trials)
        {
            Adaptive = adaptive,
            Budget = adaptive is not null && budget > 0 ? TimeSpan.FromMinutes(budget) : null,
            WarmUpFirst = parsed.GetValue(JobWarmupOpt) switch
            {
                null => adaptive is not null,
                "on" => true,
                "off" => false,
                string other => throw new RingbenchException(ExitCode.Usage, $"--job-warmup takes on or off (got '{other}')"),
            },
            Reference = PatchReference.DefaultFolder() is string referenceFolder
                ? ResultCsv.Read<ResultRow>(Path.Combine(referenceFolder, ResultFolder.ResultsFile)) : [],
        };
    }

    /// <summary>An interrupted folder to finish: refused while another process writes it, or when it was run with other settings or another schema.</summary>
    private static (ResultFolder, MachineInfo, ExclusiveLock?) Resume(string resume, MatrixPlan plan)
    {
        // Another live process writing this folder would append the same runs: refused before anything waits or repairs.
        string writer = "";
        ExclusiveLock? folderLock = Directory.Exists(resume) ? ExclusiveLock.TryTake(ExclusiveLock.FolderLockPath(Path.GetFullPath(resume)), "matrix --resume", out writer) : null;
        if (folderLock is null && Directory.Exists(resume))
            throw new RingbenchException(ExitCode.Usage, $"cannot resume {resume}: another ringbench is writing it ({writer})");
        ResultFolder folder = ResultFolder.OpenForResume(resume);
        MachineInfo machine = MachineInfo.Load(folder.MachineJson);
        if (machine.SchemaVersion != ResultRow.CurrentSchema)
            throw new RingbenchException(ExitCode.Usage, $"{folder.MachineJson}: schema version {machine.SchemaVersion}, this ringbench writes {ResultRow.CurrentSchema}: start a new run");
        if (machine.Settings.FirstDifference(plan.Settings) is string difference)
            throw new RingbenchException(ExitCode.Usage, $"cannot resume {folder.Directory}: its settings differ ({difference}); pass the same options as the first run");
        return (folder, machine, folderLock);
    }

    /// <summary>A new folder (--out, or results/&lt;date&gt;-&lt;host&gt;-&lt;commit&gt;) with the machine probed into its machine.json.</summary>
    private static (ResultFolder, MachineInfo, ExclusiveLock?) Create(string? outPath, MatrixPlan plan)
    {
        MachineInfo machine = plan.Defaults.Backend == BackendKind.Kernel
            ? MatrixRun.WithLibbpfFacts(MachineInfo.Probe(plan.Settings, MatrixRun.LibbpfVersion()))
            : MachineInfo.Probe(plan.Settings, "not used (sim)");
        ResultFolder folder = ResultFolder.CreateNew(outPath ?? MatrixRun.DefaultFolder(machine));
        ExclusiveLock folderLock = ExclusiveLock.TryTake(ExclusiveLock.FolderLockPath(folder.Directory), "matrix", out string writer)
                                   ?? throw new RingbenchException(ExitCode.Usage, $"{folder.Directory} is being written by another ringbench ({writer}): choose another --out");
        machine.Save(folder.MachineJson);
        return (folder, machine, folderLock);
    }
}
