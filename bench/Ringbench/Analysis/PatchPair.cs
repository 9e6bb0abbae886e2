using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Analysis;

/// <summary>
/// The patch's before and after as one family of consumers has them (libbpf built from source,
/// the C# ports, the kernel's own bench), or the kernel bench's consumer twice (the A/A check on
/// the control rows). A pair is chosen from the variants that ran by their traits, never by their
/// names: the family's member that stores with release and is level-triggered is "before", the one
/// with the seq_cst store and edge-triggered is "after", each asking for the scenario's own
/// notification. So a folder from another version, or a flavour built under another name, pairs
/// as its traits say.
/// </summary>
public sealed record PatchPair(string Name, string Short, Func<VariantTraits, bool> Family, bool SameConsumerTwice = false)
{
    public const string LibbpfName = "libbpf built from source";
    public const string PortName = "C# port";
    public const string LibbpfO0Name = "libbpf built from source, -O0";
    public const string KernelBenchO0Name = "kernel bench rb-libbpf, -O0";
    public const string KernelBenchO2Name = "kernel bench rb-libbpf, -O2";
    public const string AaName = "kernel bench A/A";

    /// <summary>
    /// The patch's pairs, judged in this order: libbpf itself built from source as distributions
    /// ship it (-O2; the headline), the C# ports, then where they ran libbpf built -O0 as the
    /// kernel bench builds it, and the kernel's own bench at -O0 (the patch's protocol) and -O2.
    /// </summary>
    public static IReadOnlyList<PatchPair> Patch { get; } =
    [
        new(LibbpfName, "libbpf", t => t.Kind == ConsumerKind.Libbpf && t.Build == VariantTraits.SeedBuild),
        new(PortName, "C#", t => t.Kind == ConsumerKind.Port),
        new(LibbpfO0Name, "libbpf -O0", t => t.Kind == ConsumerKind.Libbpf && t.Level == BuildLevel.O0),
        new(KernelBenchO0Name, "bench -O0", t => t.IsKernelBench(ScriptBenchmark.RbLibbpf, BuildLevel.O0)),
        new(KernelBenchO2Name, "bench -O2", t => t.IsKernelBench(ScriptBenchmark.RbLibbpf, BuildLevel.O2)),
    ];

    /// <summary>A pair by its name (as rows record it), or null for a name this version does not know.</summary>
    public static PatchPair? Named(string name) => Patch.Append(AaCheck).FirstOrDefault(p => p.Name == name);

    /// <summary>The family's members among <paramref name="variants"/> that ask for the scenario's own notification, in table order.</summary>
    public IEnumerable<VariantTraits> Members(IEnumerable<VariantTraits> variants) =>
        variants.Where(v => Family(v) && v.Notify == NotifyRequest.Default).OrderBy(v => v.OrderKey).ThenBy(v => v.Name, StringComparer.Ordinal);

    /// <summary>The pair named <see cref="LibbpfName"/>: libbpf built from the seed's source, the headline.</summary>
    public static PatchPair Libbpf => Patch[0];

    /// <summary>The kernel bench's own consumer in both columns: run-to-run noise, as the patch's control rows were.</summary>
    public static PatchPair AaCheck { get; } = new(AaName, "A/A", t => t.Kind == ConsumerKind.KernelBench, SameConsumerTwice: true);

    /// <summary>
    /// The pairs a scenario is judged on, in order: on a control row the A/A check first, then
    /// the patch's pairs. The first that ran is the scenario's headline.
    /// </summary>
    public static IReadOnlyList<PatchPair> For(bool control) => control ? [AaCheck, .. Patch] : Patch;

    /// <summary>
    /// This pair among <paramref name="variants"/> (those that ran on one scenario, or in one
    /// folder), or null where one side did not run. Where a family has more than one member of a
    /// side, the first in table order.
    /// </summary>
    public (VariantTraits Before, VariantTraits After)? Choose(IEnumerable<VariantTraits> variants)
    {
        var family = Members(variants).ToList();
        if (SameConsumerTwice)
            return family.Count >= 2 ? (family[0], family[1]) : null;
        VariantTraits? before = family.FirstOrDefault(v => v.IsBeforePatch), after = family.FirstOrDefault(v => v.IsAfterPatch);
        return before is null || after is null ? null : (before, after);
    }
}
