using System.Text.RegularExpressions;
using Ringbench.Kernel;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>
/// The kernel's own bench as variants (kbench-*): the selftest binary built from a kernel tree
/// (<see cref="KernelBenchBuild"/>), run as a process for each scenario with the script's flags
/// (<see cref="KernelBenchProcess"/>), in the same trials and rotation as ringbench's consumers.
/// Its benchmarks: rb-libbpf (its tree's libbpf, built without and with the seed diff),
/// rb-custom, pb-libbpf and pb-custom (its own consumers, which no libbpf diff touches: they run
/// on the "before" build). Each at -O0, as the selftests build it, or -O2 (a -o2 suffix).
/// </summary>
public static partial class ConsumerVariants
{
    private const string KernelBenchPrefix = "kbench-";

    /// <summary>How a build's name says its level: before-o0 and after-o0 (libbpf, the kernel bench), before-o2 and after-o2 (the kernel bench); the seed's own flavours are -O2 and named without it.</summary>
    public const string O0BuildSuffix = "-o0", O2BuildSuffix = "-o2";

    /// <summary>The five at -O0, as the bench builds itself ("kbench"); "kbench-o2" is the same five at -O2.</summary>
    public static IReadOnlyList<ConsumerVariant> KernelBenchBinaries(BuildLevel level = BuildLevel.O0) =>
    [
        KernelBenchBinary(ScriptBenchmark.RbLibbpf, PatchSide.Before, level), KernelBenchBinary(ScriptBenchmark.RbLibbpf, PatchSide.After, level),
        KernelBenchBinary(ScriptBenchmark.RbCustom, PatchSide.Before, level),
        KernelBenchBinary(ScriptBenchmark.PbLibbpf, PatchSide.Before, level), KernelBenchBinary(ScriptBenchmark.PbCustom, PatchSide.Before, level),
    ];

    /// <summary>
    /// One benchmark of one build: kbench-rb-libbpf-before, kbench-rb-libbpf-after, kbench-rb-custom,
    /// kbench-pb-libbpf, kbench-pb-custom, each with -o2 for the -O2 build. Only rb-libbpf has a
    /// side: the bench's own consumers link no libbpf diff and run on the "before" build.
    /// </summary>
    public static ConsumerVariant KernelBenchBinary(ScriptBenchmark benchmark, PatchSide side, BuildLevel level)
    {
        bool ringLibbpf = benchmark == ScriptBenchmark.RbLibbpf;
        bool perf = benchmark.IsPerfBuffer();
        string buildName = side.Spelling() + (level == BuildLevel.O2 ? O2BuildSuffix : O0BuildSuffix);
        string name = KernelBenchVariantName(benchmark, side, level);
        KernelBenchBuild.Built.TryGetValue(buildName, out KernelBenchBuild? built);
        // rb-libbpf's store and trigger are its libbpf's (read from the built tree); rb-custom is the
        // bench's own release store over level-triggered epoll; the perf buffer has neither.
        (StoreOrdering store, TriggerMode trigger) = ringLibbpf
            ? built is not null ? (VariantVocabulary.ParseStore(built.Store), VariantVocabulary.ParseTrigger(built.Trigger))
              : side == PatchSide.After ? (StoreOrdering.SeqCst, TriggerMode.Edge) : (StoreOrdering.Release, TriggerMode.Level)
            : perf ? (StoreOrdering.None, TriggerMode.None) : (StoreOrdering.ReleaseOncePerPass, TriggerMode.Level);
        string description = $"the kernel's own bench, {benchmark.Spelling()}" + (ringLibbpf ? $" with its tree's libbpf {(side == PatchSide.After ? "with" : "without")} the seed diff" : "") +
                             (level == BuildLevel.O2 ? ", built -O2" : ", built -O0 as the selftests build it") + " (a process of its own; see bpf-progs/kernel-bench/)";
        return new ConsumerVariant(name, description,
            _ => throw new InvalidOperationException($"{name} runs as a process of its own (RunsItself), not as a consumer in ringbench"))
        {
            RunsItself = (variant, scenario, settings, onSample, cancel) =>
                KernelBenchProcess.Execute(scenario, settings, KernelBenchBuild.Get(buildName), benchmark, variant.Name, variant.Traits, onSample, cancel),
            Unsupported = s => WhyKernelBenchCannot(s, perf) ?? KernelBenchBuild.WhyMissing(buildName),
            ProducerSide = s => perf ? s with { Buffer = EventBuffer.Perf } : s,
            Traits = Described(ConsumerKind.KernelBenchBinary, $"the kernel bench's {benchmark.Spelling()}", store, trigger, build: $"kernel bench {buildName}")
                with { Benchmark = benchmark },
            // rb-libbpf everywhere the bench can express the scenario; its own consumers where the script runs them.
            Scope = ringLibbpf ? ScenarioScope.Every : ScenarioScope.ScriptRows,
            ScriptBench = benchmark,
            ExtraSecondsPerRun = KernelBenchProcess.SecondsBeyondDuration,
        };
    }

    /// <summary>The variant's name, without building it: kbench-rb-libbpf-after-o2, kbench-rb-custom (only rb-libbpf has a side).</summary>
    public static string KernelBenchVariantName(ScriptBenchmark benchmark, PatchSide side, BuildLevel level) =>
        KernelBenchPrefix + benchmark.Spelling() + (benchmark == ScriptBenchmark.RbLibbpf ? "-" + side.Spelling() : "") + (level == BuildLevel.O2 ? O2BuildSuffix : "");

    /// <summary>What the bench's flags cannot say: the reason, or null when it can run these settings.</summary>
    private static string? WhyKernelBenchCannot(BenchSettings s, bool perf) =>
        NeedsKernel(s, "the real kernel: the kernel bench is a process of its own")
        ?? (s.WarmupSeconds < 1 || s.DurationSeconds < 1 ? "the kernel bench needs at least one second of warm-up and one measured (it refuses -w 0 and -d 0)"
        : s.LatencySampleEvery > 0 ? "the kernel bench does not time records"
        : s.Notify is not (NotifyMode.Default or NotifyMode.Sampled) ? "the kernel bench's producer has its default or sampled notification only"
        : s.Neighbours > 0 ? "the busy neighbour is ringbench's own thread"
        : s.PaceMicroseconds > 0 ? "the kernel bench's producers do not pace"
        : s.Sharded ? "the kernel bench has one shared ring"
        : s.RingSizeBytes != 512 * 1024 ? "the kernel bench's ring is 512 KiB"
        : s.BackToBack && s.Producers > 1 ? "the kernel bench runs back-to-back with one producer only"
        : perf && s.PerfBufferPages != 128 ? "the kernel bench's perf buffer is 128 pages a CPU"
        : perf && s.Sampled && s.SampleRate > s.BatchCount ? $"sample rate {s.SampleRate} above the batch count {s.BatchCount} (the kernel bench refuses it)"
        : null);

    /// <summary>The kernel bench's names, for the variant grammar.</summary>
    private static string KernelBenchGrammar =>
        $"{string.Join(", ", KernelBenchBinaries().Select(v => v.Name))} (the kernel's own bench, built from the distribution's kernel source at -O0 as " +
        "the selftests build it, run as a process: 'kbench' is these five; a -o2 suffix, e.g. kbench-rb-libbpf-after-o2, is the -O2 build, 'kbench-o2' all five)";

    /// <summary>kbench-&lt;benchmark&gt;[-o2], or the group words kbench and kbench-o2; null for another name.</summary>
    private static IReadOnlyList<ConsumerVariant>? KernelBenchNamed(string name)
    {
        if (name == "kbench")
            return KernelBenchBinaries();
        if (name == "kbench-o2")
            return KernelBenchBinaries(BuildLevel.O2);
        Match m = KernelBenchPattern().Match(name);
        return !m.Success ? null
            : [KernelBenchBinary(ScriptBenchmarks.FromSpelling(m.Groups["bench"].Value)!.Value,
                m.Groups["side"].Success ? PatchSides.FromSpelling(m.Groups["side"].Value)!.Value : PatchSide.Before,
                m.Groups["o2"].Success ? BuildLevel.O2 : BuildLevel.O0)];
    }

    [GeneratedRegex(@"^kbench-(?:(?<bench>rb-libbpf)-(?<side>before|after)|(?<bench>rb-custom|pb-libbpf|pb-custom))(?<o2>-o2)?$")]
    private static partial Regex KernelBenchPattern();
}
