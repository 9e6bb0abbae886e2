using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>The 2020 introduction's numbers as a reference, and the ring-over-perf ratios judged against them.</summary>
public class RingOverPerfTests
{
    private static string Published => Path.Combine(MachineInfo.RepositoryRoot()!, "results", IntroReference.FolderName, IntroReference.PublishedFile);

    private static ResultRow Trial(string scenario, string variant, int trial, double mean) => new()
    {
        Scenario = scenario, Group = "g", Label = "l", Variant = variant, Trial = trial,
        ThroughputMean = mean, ThroughputStdDev = 0.01, SampleCount = 10, IntegrityOk = true,
    };

    [Fact]
    public void TheTranscriptionReadsAsTheMirroringVariantsOnCatalogRows()
    {
        List<ResultRow> rows = IntroReference.ReadPublished(Published);
        Assert.Equal(51, rows.Count);
        // Spot checks against the mail: the parallel row of each bench, and the same-CPU drops.
        ResultRow Find(string s, string v) => rows.Single(r => r.Scenario == s && r.Variant == v);
        Assert.Equal(12.054, Find("parallel", "libbpf").ThroughputMean);
        Assert.Equal(8.158, Find("parallel", "kernel-bench").ThroughputMean);
        Assert.Equal(0.931, Find("parallel", "pb-libbpf").ThroughputMean);
        Assert.Equal(0.965, Find("parallel", "pb-custom").ThroughputMean);
        Assert.Equal(8.988, Find("b2b-sampled", "pb-custom").ThroughputMean);
        Assert.Equal(3.893, Find("same-cpu", "kernel-bench").DropsMean);
        // The committed import is this file, imported.
        var imported = ResultCsv.Read<ResultRow>(Path.Combine(Path.GetDirectoryName(Published)!, "results.csv"));
        Assert.Equal(rows.Select(r => (r.Scenario, r.Variant, r.ThroughputMean)), imported.Select(r => (r.Scenario, r.Variant, r.ThroughputMean)));
    }

    [Fact]
    public void AnUnknownBenchIsOneClearUsageError()
    {
        string bad = Path.Combine(Path.GetTempPath(), $"intro-{Guid.NewGuid():N}.csv");
        File.WriteAllText(bad, "group,scenario,row_label,bench,throughput_mean_mps,throughput_stddev_mps,drops_mean_mps,drops_stddev_mps\ng,parallel,x,xb-libbpf,1,0,0,0\n");
        try
        {
            var e = Assert.Throws<RingbenchException>(() => IntroReference.ReadPublished(bad));
            Assert.Equal(ExitCode.Usage, e.ExitCode);
            Assert.Contains("xb-libbpf", e.Message);
        }
        finally
        {
            File.Delete(bad);
        }
    }

    [Fact]
    public void RatiosAreJudgedAgainst2020AndTheRingStandInIsTheFirstPresent()
    {
        List<ResultRow> reference = IntroReference.ReadPublished(Published);
        var measured = new List<ResultRow>();
        for (int t = 0; t < 4; t++)
        {
            double wobble = 1 + 0.01 * (t % 2 == 0 ? 1 : -1);
            // parallel: 2020's rb-libbpf / pb-libbpf is 12.054 / 0.931 = 12.9x; here that ratio give or take 2% a trial, through
            // libbpf-before (no system libbpf ran).
            measured.Add(Trial("parallel", "libbpf-before", t, 12.054 / 0.931 * wobble));
            measured.Add(Trial("parallel", "pb-libbpf", t, 1.0 / wobble));
            // rb-custom / pb-custom: 2020 8.45x; here 80x, far larger.
            measured.Add(Trial("parallel", "kernel-bench", t, 12.0 * wobble));
            measured.Add(Trial("parallel", "pb-custom", t, 0.15 / wobble));
        }
        FolderSummary summary = FolderSummary.Of(measured, new MachineInfo(), intro: new FolderSummary.ReferenceRun(reference, IntroReference.Machine));
        Assert.Equal(2, summary.RingOverPerf.Count);
        RingOverPerf.Row libbpf = summary.RingOverPerf[0];
        Assert.Equal("libbpf-before", libbpf.RingVariant);
        Assert.Equal(12.054 / 0.931, libbpf.ReferenceRatio, 9);
        Assert.Equal(Reproduction.Reproduced, libbpf.Outcome);
        RingOverPerf.Row custom = summary.RingOverPerf[1];
        Assert.Equal(Reproduction.NotReproduced, custom.Outcome);
        Assert.Contains("larger than 2020's", custom.Detail);
        Assert.InRange(custom.MeasuredRatio, 79, 81);
        Assert.Contains("| parallel | rb-custom / pb-custom (kernel-bench / pb-custom) |", RingOverPerfReport.Markdown(summary, IntroReference.Machine));
    }
}
