using System.CommandLine;
using Ringbench.Analysis;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;
using Ringbench.Reports;

namespace Ringbench.Cli;

/// <summary><c>ringbench run [scenario]</c>: one scenario against chosen variants, every kernel bench knob settable.</summary>
internal static class RunCommand
{
    private static readonly BenchSettings Defaults = new();

    private static readonly Argument<string?> ScenarioArg = new("scenario")
    {
        Description = "Scenario id from './run-bench.sh list' (default: parallel). Its flags set the knobs; options given here override them.",
        Arity = ArgumentArity.ZeroOrOne,
    };
    private static readonly Option<string[]> ReaderOpt = CommonOptions.Reader();
    private static readonly Option<bool> NoWaitOpt = CommonOptions.NoWait();
    private static readonly Option<string> VariantsOpt = new("--variants", "-V")
    {
        Description = $"Consumer variants, comma-separated: {ConsumerVariants.Grammar}. timed-<T> sleeps T between drains and the producer " +
                      "asks for no wake-ups (timed-0us busy-polls); hybrid-<T> spins T, then waits on edge-triggered epoll (hybrid-yield-<T> yields " +
                      "instead of spinning).",
        DefaultValueFactory = _ => "lt-release,et-seqcst",
    };
    private static readonly Option<string> BackendOpt = CommonOptions.Backend();
    private static readonly Option<int> TrialsOpt = new("--trials", "-t")
    {
        Description = "Repetitions, each with a fresh load and attach; variants interleave and rotate order per trial, and with 2 or more " +
                      "ringbench prints each variant's ratio to the first with a 95% paired t interval on the log trial means (default 1).",
        DefaultValueFactory = _ => 1,
    };
    private static readonly Option<int> WarmupOpt = new("--warmup", "-w")
    { Description = $"Seconds run before samples count (default {Defaults.WarmupSeconds}, as the kernel script)." };
    private static readonly Option<int> DurationOpt = new("--duration", "-d")
    { Description = $"Seconds of counted one-second samples (default {Defaults.DurationSeconds})." };
    private static readonly Option<int> ProducersOpt = new("--producers", "-p")
    { Description = "Producer threads (default 1; the multi-producer scenarios set 1 to 52)." };
    private static readonly Option<uint> BatchOpt = new("--batch-cnt", "--rb-batch-cnt")
    { Description = $"Records the BPF program writes per trigger (default {Defaults.BatchCount})." };
    private static readonly Option<bool> SampledOpt = new("--sampled", "--rb-sampled")
    { Description = "Sampled notification: force a wake-up once sample-rate records are pending, otherwise ask for none." };
    private static readonly Option<uint> SampleRateOpt = new("--sample-rate", "--rb-sample-rate")
    { Description = $"Records per forced wake-up with --sampled (default {Defaults.SampleRate})." };
    private static readonly Option<string?> NotifyOpt = new("--notify")
    {
        Description = "When the producer asks for a wake-up: default (the kernel's rule: when the consumer has caught up), " +
                      "sampled[:N] (= --sampled), never (BPF_RB_NO_WAKEUP: the consumer must poll), every:N (force one on one " +
                      "record in N). Timed-poll variants set never themselves.",
    };
    private static readonly Option<bool> OutputOpt = new("--use-output", "--rb-use-output")
    { Description = "Write with bpf_ringbuf_output (a copy) instead of reserve+submit." };
    private static readonly Option<bool> BackToBackOpt = new("--b2b", "--rb-b2b")
    { Description = "Back-to-back: the consumer triggers each batch itself after it polls (one producer only)." };
    private static readonly Option<uint> RingSizeOpt = new("--ring-size")
    { Description = $"Ring data size in bytes, a power of two and a multiple of the page size (default {Defaults.RingSizeBytes}); each shard's size for the shards-* variants." };
    private static readonly Option<int> ShardsOpt = new("--shards")
    { Description = "Rings for the shards-* variants, a producer writing to shard (its CPU mod N) (default: one per CPU)." };
    private static readonly Option<int> PerfPagesOpt = new("--perfbuf-sz")
    { Description = $"Data pages of each CPU's perf ring for the pb-* variants, a power of two (default {Defaults.PerfBufferPages}, the kernel bench's)." };
    private static readonly Option<bool> NoAffinityOpt = new("--no-affinity")
    { Description = "Do not pin threads (the default pins like the kernel bench's -a: consumer on CPU 0, producers on 1, 2, ... wrapping)." };
    private static readonly Option<int[]> ProducerCpusOpt = new("--prod-affinity")
    { Description = "CPUs for producers, cycled through (e.g. --prod-affinity 0 1).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<int[]> ConsumerCpusOpt = new("--cons-affinity")
    { Description = "CPU for the consumer.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<int> NeighboursOpt = new("--neighbours")
    { Description = "Busy neighbours: run N CPU-bound threads beside the benchmark, as on a machine doing anything else (default 0, a quiet machine)." };
    private static readonly Option<int[]> NeighbourCpusOpt = new("--neighbour-cpus")
    { Description = "Pin the busy neighbours to these CPUs, cycled (default: unpinned, the scheduler decides).", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<bool> KeepAwakeOpt = CommonOptions.KeepAwake();
    private static readonly Option<int> TimeoutOpt = new("--wait-timeout-ms")
    { Description = $"Longest a consumer waits before looking at the ring anyway; a timeout with records waiting counts as a stall (default {Defaults.WaitTimeoutMs})." };
    private static readonly Option<int> LatencyOpt = new("--latency-every")
    { Description = "Latency mode: the producer stamps one record in N with bpf_ktime_get_ns (the others keep the constant payload) and the consumer times each stamped record it consumes (0 = off)." };
    private static readonly Option<int> PaceOpt = new("--pace-us")
    { Description = "Paced producer: one batch every N microseconds instead of a tight loop (0 = tight loop)." };
    private static readonly Option<string> AttachOpt = new("--attach")
    {
        Description = "How to hook the producer to getpgid: auto (fentry, else raw_tp), fentry, raw_tp.",
        DefaultValueFactory = _ => "auto",
    };
    private static readonly Option<string?> ObjectOpt = new("--bpf-object")
    { Description = "Path of the BPF producer object (default: bpf/ringbuf_producer.bpf.o beside ringbench)." };

    public static Command Build(CancellationToken cancel)
    {
        var command = new Command("run",
            "Run one scenario against consumer variants and print the kernel bench's result lines, with stalls,\n" +
            "wake-ups and the integrity check (consumed + dropped = produced) under each.")
        {
            ScenarioArg, VariantsOpt, BackendOpt, TrialsOpt, WarmupOpt, DurationOpt, ProducersOpt, BatchOpt, SampledOpt, SampleRateOpt, NotifyOpt,
            OutputOpt, BackToBackOpt, RingSizeOpt, ShardsOpt, PerfPagesOpt, NoAffinityOpt, ProducerCpusOpt, ConsumerCpusOpt, NeighboursOpt, NeighbourCpusOpt, KeepAwakeOpt, TimeoutOpt,
            LatencyOpt, PaceOpt, AttachOpt, ObjectOpt, ReaderOpt, NoWaitOpt,
        };
        command.SetAction(parsed => Commands.Guard(() => Execute(parsed, cancel)));
        return command;
    }

    private static int Execute(ParseResult parsed, CancellationToken cancel)
    {
        string scenarioId = parsed.GetValue(ScenarioArg) ?? "parallel";
        if (scenarioId.StartsWith('-'))
            throw new RingbenchException(ExitCode.Usage, $"unknown option '{scenarioId}' (see './run-bench.sh run --help')");
        Scenario scenario = ScenarioCatalog.Find(scenarioId);
        CommonOptions.GiveReaders(parsed, ReaderOpt);
        IReadOnlyList<ConsumerVariant> variants = ConsumerVariants.Parse(parsed.GetValue(VariantsOpt)!);
        BenchSettings settings = ApplyOverrides(parsed, scenario.Settings(Defaults)).Validate();

        if (settings.Backend == BackendKind.Simulated)
            Console.Error.WriteLine(CommonOptions.SimulationNotice);
        Console.Error.WriteLine($"ringbench: {scenario.Id} ({scenario.Group}), variants {string.Join(", ", variants)}, " +
                                $"-w{settings.WarmupSeconds} -d{settings.DurationSeconds}, batch {settings.BatchCount}, producers {settings.Producers}" +
                                (settings.KeepAwake ? ", idle CPUs kept awake" : ""));
        int trials = parsed.GetValue(TrialsOpt);
        if (trials < 1)
            throw new RingbenchException(ExitCode.Usage, $"trials must be at least 1 (got {trials})");
        // The privileges first: a user without them hears that, not that a root-owned lock file is not theirs.
        if (settings.Backend == BackendKind.Kernel)
            Privileges.EnsureCanLoadBpf();
        using ExclusiveLock? benchmark = settings.Backend == BackendKind.Kernel
            ? CommonOptions.TakeMachine(parsed, NoWaitOpt, $"run {scenario.Id} -V {string.Join(',', variants.Select(v => v.Name))}", cancel) : null;
        IReadOnlyList<VariantRun> runs = VariantSweep.Run(scenario, settings, variants, trials, parsed.GetValue(ObjectOpt),
            (slot, sample) => Console.Error.WriteLine(RunText.Progress(trials > 1 ? $"{slot.Variant.Name}#{slot.Trial + 1}" : slot.Variant.Name, sample, settings)), cancel);

        Console.WriteLine();
        // Between trials: each variant over its trials, and each against the first named, from the model.
        IReadOnlyList<TrialSummary> summaries = trials > 1 ? TrialSummary.From(runs.Select(ResultRow.From)) : [];
        Console.Write(RunText.Block(scenario, runs, summaries, PairResult.AgainstFirst(summaries)));
        if (runs.Any(r => r.Interrupted))
        {
            Console.Error.WriteLine("ringbench: interrupted; the program was detached, the figures above cover the seconds measured");
            return (int)ExitCode.Interrupted;
        }
        return runs.All(r => r.Integrity.Holds) ? 0 : (int)ExitCode.IntegrityFailure;
    }

    /// <summary>Options the user gave win over the scenario's knobs; the rest stay as the scenario set them.</summary>
    private static BenchSettings ApplyOverrides(ParseResult parsed, BenchSettings s)
    {
        // Implicit results (a bool flag that was not typed still has one) must not override the scenario.
        bool Given(Option option) => parsed.GetResult(option) is { Implicit: false };
        if (Given(WarmupOpt)) s = s with { WarmupSeconds = parsed.GetValue(WarmupOpt) };
        if (Given(DurationOpt)) s = s with { DurationSeconds = parsed.GetValue(DurationOpt) };
        if (Given(ProducersOpt)) s = s with { Producers = parsed.GetValue(ProducersOpt) };
        if (Given(BatchOpt)) s = s with { BatchCount = parsed.GetValue(BatchOpt) };
        if (Given(SampledOpt)) s = s with { Sampled = parsed.GetValue(SampledOpt) };
        if (Given(SampleRateOpt)) s = s with { SampleRate = parsed.GetValue(SampleRateOpt) };
        if (parsed.GetValue(NotifyOpt) is string notify) s = s.WithNotify(notify);
        if (Given(OutputOpt)) s = s with { UseOutput = parsed.GetValue(OutputOpt) };
        if (Given(BackToBackOpt)) s = s with { BackToBack = parsed.GetValue(BackToBackOpt) };
        if (Given(RingSizeOpt)) s = s with { RingSizeBytes = parsed.GetValue(RingSizeOpt) };
        if (Given(ShardsOpt)) s = s with { ShardCount = parsed.GetValue(ShardsOpt) };
        if (Given(PerfPagesOpt)) s = s with { PerfBufferPages = parsed.GetValue(PerfPagesOpt) };
        if (Given(NoAffinityOpt)) s = s with { Affinity = !parsed.GetValue(NoAffinityOpt) };
        if (Given(ProducerCpusOpt)) s = s with { ProducerCpus = parsed.GetValue(ProducerCpusOpt) };
        if (Given(ConsumerCpusOpt)) s = s with { ConsumerCpus = parsed.GetValue(ConsumerCpusOpt) };
        if (Given(NeighboursOpt)) s = s with { Neighbours = parsed.GetValue(NeighboursOpt) };
        if (Given(NeighbourCpusOpt)) s = s with { NeighbourCpus = parsed.GetValue(NeighbourCpusOpt) };
        if (Given(KeepAwakeOpt)) s = s with { KeepAwake = parsed.GetValue(KeepAwakeOpt) };
        if (Given(TimeoutOpt)) s = s with { WaitTimeoutMs = parsed.GetValue(TimeoutOpt) };
        if (Given(LatencyOpt)) s = s with { LatencySampleEvery = parsed.GetValue(LatencyOpt) };
        if (Given(PaceOpt)) s = s with { PaceMicroseconds = parsed.GetValue(PaceOpt) };
        s = s with { AttachOrder = ParseAttach(parsed.GetValue(AttachOpt)!), Backend = CommonOptions.ParseBackend(parsed.GetValue(BackendOpt)!) };
        return s;
    }

    private static IReadOnlyList<AttachMode> ParseAttach(string value) => value switch
    {
        "auto" => [AttachMode.Fentry, AttachMode.RawTracepoint],
        "fentry" => [AttachMode.Fentry],
        "raw_tp" => [AttachMode.RawTracepoint],
        _ => throw new RingbenchException(ExitCode.Usage, $"unknown attach mode '{value}': choose auto, fentry or raw_tp"),
    };
}
