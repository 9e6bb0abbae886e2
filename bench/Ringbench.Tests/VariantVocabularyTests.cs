using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;
using Ringbench.Analysis;

namespace Ringbench.Tests;

/// <summary>The traits are typed once and read back from results.csv as they were written, old spellings too.</summary>
public class VariantVocabularyTests
{
    [Fact]
    public void EveryStoreAndTriggerReadsBackAsWritten()
    {
        Assert.All(Enum.GetValues<StoreOrdering>(), s => Assert.Equal(s, VariantVocabulary.ParseStore(s.Text())));
        Assert.All(Enum.GetValues<TriggerMode>(), t => Assert.Equal(t, VariantVocabulary.ParseTrigger(t.Text())));
        // A flavour manifest spells the store "seqcst"; a file older than schema 4 has empty columns.
        Assert.Equal(StoreOrdering.SeqCst, VariantVocabulary.ParseStore("seqcst"));
        Assert.Equal((StoreOrdering.None, TriggerMode.None), (VariantVocabulary.ParseStore(""), VariantVocabulary.ParseTrigger("")));
    }

    /// <summary>The kernel-format label: rb- before a ring consumer, none before a perf buffer reader, the kernel bench's pb-* included (by traits, not by the name's first letters).</summary>
    [Theory]
    [InlineData("lt-release", "rb-lt-release")]
    [InlineData("pb-libbpf", "pb-libbpf")]
    [InlineData("kbench-pb-custom", "kbench-pb-custom")]
    [InlineData("kbench-rb-libbpf-after-o2", "rb-kbench-rb-libbpf-after-o2")]
    public void KernelFormatLabelsComeFromTheTraits(string variant, string label) =>
        Assert.Equal(label, Ringbench.Reports.RunText.VariantLabel(ConsumerVariants.TraitsOf(variant)));

    [Theory]
    [InlineData("default", NotifyMode.Default, null)]
    [InlineData("never", NotifyMode.Never, null)]
    [InlineData("sampled", NotifyMode.Sampled, null)]
    [InlineData("sampled:50", NotifyMode.Sampled, 50u)]
    [InlineData("every:500", NotifyMode.Every, 500u)]
    public void NotificationRulesReadBackAsWritten(string text, NotifyMode mode, uint? count)
    {
        NotifyRequest rule = NotifyRequest.Parse(text);
        Assert.Equal(new NotifyRequest(mode, count), rule);
        Assert.Equal(text, rule.ToString());
    }

    [Fact]
    public void ARowsTraitsAreTheVariantsTraits()
    {
        // What a run writes into results.csv reads back as the same typed traits, for every kind of variant.
        string[] names = ["lt-release", "et-seqcst+every:500", "libbpf", "libbpf-timed-1ms", "timed-100us", "hybrid-50us", "kernel-bench",
                          "pb-custom", "shards-libbpf", "shards-merged", "ceiling", "producer-only", "kbench-rb-custom", "kbench-rb-libbpf-after-o2"];
        foreach (string name in names)
        {
            VariantTraits traits = ConsumerVariants.Parse(name).Single().Traits;
            var row = new ResultRow
            {
                Variant = name, Kind = traits.Kind.ToString(), Store = traits.Store.Text(), Trigger = traits.Trigger.Text(),
                WaitStrategy = traits.Wait, VariantNotify = traits.Notify.ToString(), Build = traits.Build,
            };
            Assert.Equal(traits, row.Traits);
        }
    }

    [Fact]
    public void TheKernelBenchsOwnConsumerIsNotThePatchsBefore()
    {
        // rb-custom stores once per pass: no pair may take it for libbpf before the patch, and it sorts after rb-libbpf.
        VariantTraits custom = ConsumerVariants.Parse("kbench-rb-custom").Single().Traits;
        VariantTraits before = ConsumerVariants.Parse("kbench-rb-libbpf-before").Single().Traits;
        VariantTraits after = ConsumerVariants.Parse("kbench-rb-libbpf-after").Single().Traits;
        Assert.Equal(StoreOrdering.ReleaseOncePerPass, custom.Store);
        Assert.False(custom.IsBeforePatch);
        Assert.True(before.IsBeforePatch && after.IsAfterPatch);
        Assert.True(before.OrderKey < after.OrderKey && after.OrderKey < custom.OrderKey);
        // A row written before the store was typed says "release": its benchmark, not its store, still places it.
        VariantTraits old = custom with { Store = StoreOrdering.Release };
        Assert.Equal(custom.OrderKey, old.OrderKey);
    }
}
