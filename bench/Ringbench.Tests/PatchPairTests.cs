using Ringbench.Analysis;
using Ringbench.Ring;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>The patch's pairs are chosen by the traits of what ran, not by the names.</summary>
public class PatchPairTests
{
    private static VariantTraits Traits(string name) => ConsumerVariants.Parse(name).Single().Traits;

    private static (string, string)? Names(PatchPair pair, params VariantTraits[] ran) =>
        pair.Choose(ran) is var (before, after) ? (before.Name, after.Name) : null;

    [Fact]
    public void EachFamilyFindsItsBeforeAndAfterAmongEverythingElse()
    {
        VariantTraits[] ran = new[] { "lt-release", "et-seqcst", "et-release", "lt-seqcst", "libbpf", "libbpf-before", "libbpf-after", "libbpf-store-only",
            "libbpf-et-only", "kernel-bench", "kernel-bench-2", "kbench-rb-libbpf-before", "kbench-rb-libbpf-after", "kbench-rb-custom",
            "kbench-rb-libbpf-before-o2", "kbench-rb-libbpf-after-o2", "kbench-rb-custom-o2", "hybrid-50us", "ceiling", "lt-release+every:500", "shards-lt-release", "shards-et-seqcst" }
            .Select(Traits).ToArray();
        Assert.Equal(("libbpf-before", "libbpf-after"), Names(PatchPair.Patch.Single(p => p.Name == PatchPair.LibbpfName), ran));
        Assert.Equal(("lt-release", "et-seqcst"), Names(PatchPair.Patch.Single(p => p.Name == PatchPair.PortName), ran));
        Assert.Equal(("kbench-rb-libbpf-before", "kbench-rb-libbpf-after"), Names(PatchPair.Patch.Single(p => p.Name == PatchPair.KernelBenchO0Name), ran));
        Assert.Equal(("kbench-rb-libbpf-before-o2", "kbench-rb-libbpf-after-o2"), Names(PatchPair.Patch.Single(p => p.Name == PatchPair.KernelBenchO2Name), ran));
        Assert.Equal(("kernel-bench", "kernel-bench-2"), Names(PatchPair.AaCheck, ran));
        Assert.Null(Names(PatchPair.Patch.Single(p => p.Name == PatchPair.LibbpfO0Name), ran));
    }

    [Fact]
    public void AConsumerUnderAnotherNamePairsAsItsTraitsSay()
    {
        // A folder from another version: its ports are named differently, and the rb-custom rows say plain "release".
        VariantTraits before = new("old-lt", ConsumerKind.Port, StoreOrdering.Release, TriggerMode.Level, "epoll-level", NotifyRequest.Default);
        VariantTraits after = new("new-et", ConsumerKind.Port, StoreOrdering.SeqCst, TriggerMode.Edge, "epoll-edge", NotifyRequest.Default);
        VariantTraits asked = after with { Name = "new-et+never", Notify = NotifyRequest.Never };
        Assert.Equal(("old-lt", "new-et"), Names(PatchPair.Patch.Single(p => p.Name == PatchPair.PortName), asked, after, before));
        VariantTraits custom = Traits("kbench-rb-custom") with { Store = StoreOrdering.Release };
        Assert.Null(Names(PatchPair.Patch.Single(p => p.Name == PatchPair.KernelBenchO0Name), custom, Traits("kbench-rb-libbpf-after")));
        // One side missing: no pair.
        Assert.Null(Names(PatchPair.Patch.Single(p => p.Name == PatchPair.PortName), after));
    }

    [Theory]
    [InlineData("libbpf-before", BuildLevel.O2)]      // the seed's flavours are -O2 and say none
    [InlineData("libbpf-store-only", BuildLevel.O2)]
    [InlineData("libbpf-before-o0", BuildLevel.O0)]
    [InlineData("kbench-rb-libbpf-after-o2", BuildLevel.O2)]
    [InlineData("kbench-rb-libbpf-before", BuildLevel.O0)]
    [InlineData("kbench-rb-custom", BuildLevel.O0)]
    [InlineData("libbpf", null)]                       // the system library: not built here
    [InlineData("libbpf-barrier", null)]               // a named diff's flavour says no level
    [InlineData("lt-release", null)]
    public void ABuildsLevelIsReadFromItsNameInOnePlace(string variant, BuildLevel? level) =>
        Assert.Equal(level, ConsumerVariants.Parse(variant).Single().Traits.Level);
}
