using Ringbench.Results;
using Ringbench.Analysis;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>
/// The buffer pick (perf buffer, one ring, sharded rings) as a measured property: with equal
/// buffers it rarely picks one, with a clearly faster one it nearly always picks that one.
/// Seeded simulation with known truth.
/// </summary>
public class BufferChoiceTests
{
    private const int Seed = 20261129;

    private static ResultRow Trial(string variant, int trial, double mean, double drops = 0) => new()
    {
        Scenario = "parallel", Group = "g", Label = "l", Variant = variant, Trial = trial,
        ThroughputMean = mean, ThroughputStdDev = 0.1, DropsMean = drops, SampleCount = 10, IntegrityOk = true,
        BufferBytes = variant.StartsWith("pb-") ? 1 << 20 : 512 << 10,
    };

    /// <summary>Three buffers, <paramref name="trials"/> trials each, trial means lognormal around the true rates; the trials share a machine state (one common factor per trial), as interleaved runs do.</summary>
    private static List<BufferChoice.Row> Simulate(Random random, double perf, double ring, double shards, int trials = 4, double noise = 0.10)
    {
        var rows = new List<ResultRow>();
        for (int t = 0; t < trials; t++)
        {
            double common = Math.Exp(noise * Normal(random));
            rows.Add(Trial("pb-libbpf", t, perf * common * Math.Exp(noise / 2 * Normal(random))));
            rows.Add(Trial("libbpf", t, ring * common * Math.Exp(noise / 2 * Normal(random))));
            rows.Add(Trial("shards-libbpf", t, shards * common * Math.Exp(noise / 2 * Normal(random))));
        }
        return BufferChoice.Compute(TrialSummary.From(rows), 0.95);
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void EqualBuffersAreRarelyPickedAndAClearlyFasterOneAlmostAlways()
    {
        var random = new Random(Seed);
        const int runs = 2000;
        int falsePicks = Enumerable.Range(0, runs).Count(_ => Simulate(random, 10, 10, 10)[0].Fastest != BufferChoice.NoPick);
        Assert.True(falsePicks <= 0.05 * runs, $"equal buffers: a pick in {falsePicks} of {runs}");

        int right = 0, wrong = 0;
        for (int i = 0; i < runs; i++)
        {
            string pick = Simulate(random, 10, 13, 10)[0].Fastest;
            if (pick == "one ring") right++;
            else if (pick != BufferChoice.NoPick) wrong++;
        }
        Assert.True(right >= 0.9 * runs, $"one ring 1.3x faster: picked in {right} of {runs}");
        Assert.True(wrong <= 0.01 * runs, $"one ring 1.3x faster: another picked in {wrong} of {runs}");
    }

    [Fact]
    public void ThePickNamesTheVariantsMemoryAndSaysWhenNothingSeparates()
    {
        var rows = new List<ResultRow>();
        for (int t = 0; t < 3; t++)
        {
            rows.Add(Trial("pb-libbpf", t, 0.15 + 0.001 * t));
            rows.Add(Trial("libbpf-before", t, 12 + 0.5 * t, drops: 0.3 + 0.01 * t));
        }
        BufferChoice.Row row = Assert.Single(BufferChoice.Compute(TrialSummary.From(rows), 0.95));
        Assert.Equal(["perf buffer", "one ring"], row.Options.Select(o => o.Family));
        Assert.Equal("libbpf-before", row.Options[1].Run.Variant);
        Assert.Equal("one ring", row.Fastest);
        Assert.Equal("perf buffer", row.FewestDrops);
        Assert.Equal("no interval", row.CheapestProducer); // no BPF statistics in these rows
        string md = BufferChoiceReport.Markdown([row], 0.95);
        Assert.Contains("| parallel | perf buffer [pb-libbpf] |", md);
        Assert.Contains("1 MiB", md);
        Assert.Contains("512 KiB", md);
        // One buffer alone is no choice: no row.
        Assert.Empty(BufferChoice.Compute(TrialSummary.From(rows.Where(r => r.Variant == "pb-libbpf")), 0.95));
    }
}
