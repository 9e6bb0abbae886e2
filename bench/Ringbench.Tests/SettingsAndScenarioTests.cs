using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

public class SettingsAndScenarioTests
{
    [Fact]
    public void BusyNeighbourRowsNameTheirQuietTwinAsDataNotByTheirIds()
    {
        Assert.Equal("parallel", ScenarioCatalog.QuietTwinOf("parallel-busy1"));
        Assert.Equal(["multi-producer-4-busy1"], ScenarioCatalog.BusyTwinsOf("multi-producer-4"));
        Assert.Null(ScenarioCatalog.QuietTwinOf("parallel"));
        Assert.Null(ScenarioCatalog.QuietTwinOf("a-scenario-from-another-version-busy1"));
        // The quiet row's knobs, with one neighbour more.
        var defaults = new BenchSettings();
        var quiet = ScenarioCatalog.Find("b2b").Settings(defaults);
        var busy = ScenarioCatalog.Find("b2b-busy1").Settings(defaults);
        Assert.Equal(quiet with { Neighbours = 1, AttachOrder = busy.AttachOrder }, busy);
    }

    private static RingbenchException Rejects(BenchSettings s) => Assert.Throws<RingbenchException>(() => s.Validate());

    [Fact]
    public void DefaultsAreTheKernelScriptsAndValid()
    {
        var s = new BenchSettings().Validate();
        Assert.Equal((3, 10, 500u, 512u * 1024, 1), (s.WarmupSeconds, s.DurationSeconds, s.BatchCount, s.RingSizeBytes, s.Producers));
        Assert.True(s.Affinity);
    }

    [Theory]
    [InlineData(3u * 4096)]
    [InlineData(1000u)]
    [InlineData(0u)]
    public void RingSizeMustBeAPowerOfTwoPageMultiple(uint size)
    {
        var e = Rejects(new BenchSettings { RingSizeBytes = size });
        Assert.Equal(ExitCode.Usage, e.ExitCode);
        Assert.Contains("ring size", e.Message);
    }

    [Fact]
    public void BadKnobsAreRejectedWithAUsageError()
    {
        Assert.Contains("batch count", Rejects(new BenchSettings { BatchCount = 0 }).Message);
        Assert.Contains("producers", Rejects(new BenchSettings { Producers = 0 }).Message);
        Assert.Contains("back-to-back", Rejects(new BenchSettings { BackToBack = true, Producers = 2 }).Message);
        Assert.Contains("duration", Rejects(new BenchSettings { DurationSeconds = 0 }).Message);
        Assert.Contains("CPU 4096", Rejects(new BenchSettings { ProducerCpus = [4096] }).Message);
    }

    [Fact]
    public void SampledModeAsksForAWakeupEverySampleRateRecords()
    {
        var config = new BenchSettings { Sampled = true, SampleRate = 250 }.ToProducerConfig();
        Assert.Equal(Kernel.NotifyMode.Sampled, config.Notify);
        Assert.Equal(250UL * 16, config.WakeupDataSize);
        Assert.Equal(0UL, new BenchSettings().ToProducerConfig().WakeupDataSize);
    }

    [Fact]
    public void CatalogHasTheThirtySixScenariosOfTheKernelScriptThenTheLatencyAndBusyNeighbourGroups()
    {
        Assert.Equal(36, ScenarioCatalog.KernelScript.Count());
        Assert.Equal(36 + 7 + 4 + 1, ScenarioCatalog.All.Count);
        Assert.Equal(ScenarioCatalog.All.Count, ScenarioCatalog.All.Select(s => s.Id).Distinct().Count());
        Assert.Equal(11, ScenarioCatalog.Groups.Count());
        Assert.Equal(1, ScenarioCatalog.Find("bounded-1").Settings(new BenchSettings()).ConsumerBound);
        Assert.Equal(15, ScenarioCatalog.All.Count(s => s.IsControl));
        Assert.All(ScenarioCatalog.All.Where(s => s.Group == ScenarioCatalog.LatencyGroup),
            s => Assert.True(s.Settings(new BenchSettings()).Validate().LatencySampleEvery > 0));
        // Each busy-neighbour row is its quiet row plus exactly one unpinned neighbour.
        var defaults = new BenchSettings();
        foreach (Scenario busy in ScenarioCatalog.All.Where(s => s.Group == ScenarioCatalog.BusyNeighbourGroup))
        {
            BenchSettings quiet = ScenarioCatalog.Find(busy.Id.Replace("-busy1", "")).Settings(defaults);
            Assert.Equal(quiet with { Neighbours = 1 }, busy.Settings(defaults));
        }
    }

    [Fact]
    public void CatalogIdsMatchThePatchReference()
    {
        var ids = RepositoryReference().Select(r => r.Scenario).Distinct();
        Assert.Equal(ids.Order(), ScenarioCatalog.KernelScript.Select(s => s.Id).Order());
    }

    [SkippableFact]
    public void RepositoryReferenceIsTheSharedOneImported()
    {
        string? csv = FindReferenceCsv();
        Skip.If(csv is null, "../shared/reference/patch-ryzen9-7950x.csv is not beside the repository (the repository's copy is checked above)");
        var shared = Results.PatchReference.ReadPublished(csv!).Select(r => (r.Scenario, r.Variant, r.ThroughputMean)).Order();
        Assert.Equal(shared, RepositoryReference().Select(r => (r.Scenario, r.Variant, r.ThroughputMean)).Order());
    }

    /// <summary>results/reference/results.csv of this checkout: the patch's numbers, committed with the repository.</summary>
    internal static List<Ringbench.Results.ResultRow> RepositoryReference() =>
        Ringbench.Results.ResultCsv.Read<Ringbench.Results.ResultRow>(Path.Combine(
            Results.PatchReference.DefaultFolder() ?? throw new InvalidOperationException("results/reference is missing from the checkout"),
            "results.csv"));

    [Fact]
    public void ScenarioFlagsBecomeKnobs()
    {
        BenchSettings d = new();
        var rate = ScenarioCatalog.Find("sample-rate-250").Settings(d);
        Assert.True(rate.BackToBack && rate.Sampled);
        Assert.Equal((250u, 250u), (rate.BatchCount, rate.SampleRate));
        var multi = ScenarioCatalog.Find("multi-producer-52").Settings(d).Validate();
        Assert.Equal((52, 50u), (multi.Producers, multi.BatchCount));
        var same = ScenarioCatalog.Find("same-cpu").Settings(d);
        Assert.Equal([0], same.ProducerCpus!);
        Assert.Equal([0], same.ConsumerCpus!);
        Assert.True(ScenarioCatalog.Find("output").Settings(d).UseOutput);
    }

    [Fact]
    public void UnknownScenarioOrVariantIsAUsageError()
    {
        Assert.Equal(ExitCode.Usage, Assert.Throws<RingbenchException>(() => ScenarioCatalog.Find("nope")).ExitCode);
        var e = Assert.Throws<RingbenchException>(() => ConsumerVariants.Parse("lt-release,bogus"));
        Assert.Contains("bogus", e.Message);
        Assert.Equal(5, ConsumerVariants.Parse("all").Count);
        Assert.Equal(["et-seqcst", "libbpf"], ConsumerVariants.Parse("et-seqcst, libbpf,et-seqcst").Select(v => v.Name));
    }

    [Fact]
    public void AffinityFollowsTheKernelBench()
    {
        var plan = CpuAffinity.Plan(new BenchSettings(), producers: 3, cpuCount: 2);
        Assert.Equal(0, plan.ConsumerCpu);
        Assert.Equal([1, 0, 1], plan.ProducerCpus);

        var same = CpuAffinity.Plan(ScenarioCatalog.Find("same-cpu").Settings(new BenchSettings()), 1, 2);
        Assert.Equal(0, same.ConsumerCpu);
        Assert.Equal([0], same.ProducerCpus);

        var free = CpuAffinity.Plan(new BenchSettings { Affinity = false }, 2, 2);
        Assert.Null(free.ConsumerCpu);
        Assert.All(free.ProducerCpus, c => Assert.Null(c));
    }

    internal static string? FindReferenceCsv()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            string candidate = Path.Combine(dir.FullName, "shared", "reference", "patch-ryzen9-7950x.csv");
            if (File.Exists(candidate))
                return candidate;
        }
        return null;
    }
}
