using Ringbench.Kernel;
using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>
/// The main job's selection from the registry: which variants `./run-bench.sh` runs by default
/// and why, and what "main-full" adds. Names come from the registry's rows, never written here.
/// Each member is computed when read, not at type initialisation: the rows it names are fields of
/// another file of this partial class, whose initialisers C# does not order against these.
/// </summary>
public static partial class ConsumerVariants
{
    /// <summary>
    /// Variants a job runs for one reason, each narrowed to a scope where the part says so (null:
    /// where the variant itself runs): the scope is a type here, its suffix spelt once
    /// (<see cref="ConsumerVariant.ScopeSuffixes"/>).
    /// </summary>
    public sealed record JobPart(IReadOnlyList<string> Variants, ScenarioScope? Narrowed, string Why)
    {
        /// <summary>The part as --variants takes it: "libbpf-before@no-controls,libbpf-after@no-controls".</summary>
        public string Spec => string.Join(",", Variants.Select(v => v + (Narrowed is ScenarioScope scope ? ConsumerVariant.SuffixOf(scope) : "")));
    }

    /// <summary>
    /// The main job's variants, spent on its question, each part with why it runs where it runs:
    /// the --variants help, `list` and docs/running.md read these. libbpf's pair skips the control
    /// rows: those are judged on the kernel bench's consumer, and the pair there cost 120 of the 636
    /// runs of 0c2131f's first look, time the open patch rows' later looks need.
    /// </summary>
    public static IReadOnlyList<JobPart> MainJobParts =>
    [
        new([FlavourName("before"), FlavourName("after")], ScenarioScope.NoControls,
            "libbpf built from source before and after the patch on every row but the control rows: the reproduction and the verdicts"),
        new([FlavourName("store-only"), FlavourName("et-only")], ScenarioScope.Headline,
            "the patch's two hunks apart on the headline rows: where the effect comes from"),
        new([KernelBenchVariantName(ScriptBenchmark.RbLibbpf, PatchSide.Before, BuildLevel.O2), KernelBenchVariantName(ScriptBenchmark.RbLibbpf, PatchSide.After, BuildLevel.O2)],
            ScenarioScope.Headline,
            "the kernel's own bench before and after the patch on the headline rows, built -O2 like libbpf-before/after: " +
            "ringbench against the bench on one library (the patch's -O0 protocol is the 'kbench' set)"),
        new([KernelBench.Name, KernelBenchAgain.Name], null,
            "the kernel bench's own consumer where its script runs it, and on the control rows twice: the A/A check those rows are judged on"),
    ];

    /// <summary>What "main-full" adds to the main job: every other section's variants.</summary>
    private static IReadOnlyList<JobPart> MainFullExtras =>
    [
        new([LevelRelease.Name, EdgeSeqCst.Name], null, "the C# ports: port fidelity"),
        new([Ceiling.Name], null, "each row's share of the ceiling"),
        new([PerfLibbpf.Name, PerfCustom.Name], null, "the ring over the perf buffer, as in 2020"),
        new([.. DesignFlavours.Where(f => f.Flavour is "barrier" or "lazy-et" or "batch-et").Select(f => FlavourName(f.Flavour))], ScenarioScope.Headline,
            "the 2026 designs on the headline rows"),
    ];

    /// <summary>The set "main": the main job's default variants, to add to ("--variants main,lt-release").</summary>
    public const string MainJobSet = "main";

    /// <summary>The main job's --variants: <see cref="MainJobParts"/> in one spelling.</summary>
    public static string MainJobSpec => string.Join(",", MainJobParts.Select(p => p.Spec));

    /// <summary>The main job's variants in words, each part with its reason (the --variants help).</summary>
    public static string MainJobText => string.Join("; ", MainJobParts.Select(p => $"{p.Why} ({p.Spec.Replace(",", ", ", StringComparison.Ordinal)})"));

    /// <summary>
    /// "main-full": the main job with every section's variants: libbpf's pair on the control rows too, the C# ports (port fidelity), the ceiling
    /// (each row's share of it), the perf buffer (the ring over the perf buffer, as in 2020) and the
    /// 2026 designs on the headline rows.
    /// </summary>
    public const string MainFullSet = "main-full";

    // The main job's parts with the control rows given back (no part kept off them), then every other section's variants.
    private static string MainFullSpec => string.Join(",",
        MainJobParts.Select(p => p.Narrowed == ScenarioScope.NoControls ? p with { Narrowed = null } : p).Concat(MainFullExtras).Select(p => p.Spec));
}
