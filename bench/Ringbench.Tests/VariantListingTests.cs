using Ringbench.Kernel;
using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>`list` shows every variant the parser takes here: each listed name parses back to itself, each set to its members, and the command prints them all.</summary>
public class VariantListingTests
{
    [Fact]
    public void EveryListedNameParsesBackToItself()
    {
        var names = ConsumerVariants.Listing.SelectMany(g => g.Variants).Select(v => v.Name).ToList();
        Assert.Equal(names.Count, names.Distinct().Count());
        foreach (string name in names)
            Assert.Equal(name, Assert.Single(ConsumerVariants.Parse(name)).Name);
        foreach (ConsumerVariants.ListedSet set in ConsumerVariants.Sets)
            Assert.Equal(set.Members.Select(m => m.Name), ConsumerVariants.Parse(set.Name).Select(v => v.Name));
        // What `list` left out before: the bench's ported consumer, the perf buffer, the shards, the producer alone, the -O0 builds, the bench itself, hybrid-yield.
        foreach (string once in new[] { "kernel-bench", "kernel-bench-2", "pb-libbpf", "pb-custom", "shards-libbpf", "shards-merged", "producer-only",
                     "kbench-rb-libbpf-after", "kbench-pb-custom-o2", "hybrid-yield-50us" })
            Assert.Contains(once, names);
        Assert.All(LibbpfFlavour.Built.Keys, flavour => Assert.Contains(ConsumerVariants.FlavourName(flavour), names));
        Assert.All(ExternalReader.Known.Keys, reader => Assert.Contains(ConsumerVariants.ReaderPrefix + reader, names));
    }

    [Fact]
    public void ListPrintsEveryVariantSetAndFamily()
    {
        var (exit, output, error) = CliTests.Ringbench("list");
        Assert.True(exit == 0, error);
        foreach (ConsumerVariant v in ConsumerVariants.Listing.SelectMany(g => g.Variants))
            Assert.Contains(v.Name, output);
        foreach (ConsumerVariants.ListedSet set in ConsumerVariants.Sets)
            Assert.Contains($"│ {set.Name} ", output);
        Assert.Contains("+<notify>", output);
        foreach (var (suffix, _, _) in ConsumerVariant.ScopeSuffixes)
            Assert.Contains(suffix, output);
        Assert.Contains("libbpf-<name>-before", output);
        Assert.Contains("--reader NAME=COMMAND", output);
    }
}
