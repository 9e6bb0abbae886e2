using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>The comparison of machines: each machine judged against itself, what differs named, folders found and refused clearly.</summary>
public sealed class MachineComparisonTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-machines-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private void Machine(string path, string cpu, string virtualization, double speedUp)
    {
        ResultFolder folder = ResultFolder.CreateNew(path);
        new MachineInfo { Hostname = "same-name", CpuModel = cpu, Cpus = 2, Kernel = "6.1", Virtualization = virtualization, LibbpfVersion = "1.1" }
            .Save(folder.MachineJson);
        for (int trial = 0; trial < 3; trial++)
        {
            double noise = 1 + 0.01 * trial;
            folder.Record(ResultCsvTests.FakeRun("b2b", "lt-release", 10e6 * noise) with { Trial = trial });
            folder.Record(ResultCsvTests.FakeRun("b2b", "et-seqcst", 10e6 * speedUp * noise) with { Trial = trial });
            folder.Record(ResultCsvTests.FakeRun("b2b", "ceiling", 40e6 * noise) with { Trial = trial });
        }
    }

    /// <summary>
    /// The architecture is a fact of its own (an arm64 build under qemu-user reads the x86 host's
    /// CPU model): two folders that record different ones differ; a folder older than the field
    /// differs from none; the machine line names it.
    /// </summary>
    [Fact]
    public void TheArchitectureIsSaidWhereBothFoldersRecordIt()
    {
        var x64 = new MachineInfo { CpuModel = "AMD EPYC", Cpus = 2, Architecture = "x64" };
        var arm64 = x64 with { Architecture = "arm64" };
        var older = x64 with { Architecture = "" };
        IReadOnlyList<ResultRow> none = [];

        Assert.Contains("architecture: x64 vs arm64", MachineFacts.Differences((x64, none), (arm64, none)));
        Assert.DoesNotContain(MachineFacts.Differences((older, none), (arm64, none)), d => d.StartsWith("architecture", StringComparison.Ordinal));
        Assert.Equal("AMD EPYC (arm64), 2 CPUs", arm64.ProcessorText);
        Assert.Equal("AMD EPYC, 2 CPUs", older.ProcessorText);
    }

    [Fact]
    public void EachMachineIsJudgedAgainstItselfAndTheHeaderNamesWhatDiffers()
    {
        string fleet = Path.Combine(_dir, "fleet-run");
        Machine(Path.Combine(fleet, "epyc"), "AMD EPYC", "kvm", speedUp: 2.0);
        Machine(Path.Combine(fleet, "xeon"), "Intel Xeon", "none", speedUp: 0.5);
        Directory.CreateDirectory(Path.Combine(fleet, ".fetched")); // the playbook's tarballs: not a machine

        var comparison = MachineComparison.Of(MachineComparison.Load([fleet]));
        Assert.Equal(["epyc", "xeon"], comparison.Machines.Select(m => m.Name));
        Assert.Equal(["CPU", "virtualization"], comparison.Facts.Where(f => f.Differs).Select(f => f.Fact));
        Assert.False(comparison.Facts.Single(f => f.Fact == "kernel").Differs);

        // Ten M/s on both machines before the patch: a cross-machine verdict would say "same"; each machine's own says otherwise.
        var rows = comparison.Rows.ToDictionary(r => r.Machine);
        Assert.Equal(2.0, rows["epyc"].Ratio, 6);
        Assert.Equal("faster", rows["epyc"].Verdict);
        Assert.Equal("slower", rows["xeon"].Verdict);
        Assert.Equal(0.5, rows["epyc"].AfterOfCeiling, 6);
        Assert.Equal(0.125, rows["xeon"].AfterOfCeiling, 6);

        string md = MachineComparisonReport.Markdown(comparison, "fleet-run");
        Assert.Contains("What differs: **CPU** (AMD EPYC / Intel Xeon); **virtualization** (kvm / none)", md);
        Assert.Contains("b2b, C# port (ratios epyc 2.00x, xeon 0.50x): xeon / epyc 0.25x [", md);
        Assert.Contains("]: differ.", md);
    }

    /// <summary>
    /// Two main jobs set side by side give nearly two hundred rows, which no forest plot holds: the
    /// figure keeps the headline rows of the first pair and every row where the machines differ
    /// (in magenta), at most a legible number, and its title says how many of how many it shows.
    /// </summary>
    [Fact]
    public void AFigureOfManyRowsKeepsTheHeadlineAndWhereMachinesDiffer()
    {
        string results = Path.Combine(MachineInfo.RepositoryRoot()!, "results");
        var comparison = MachineComparison.Of(MachineComparison.Load([Path.Combine(results, "2026-11-29-vm-fbe70b1"), Path.Combine(results, "2026-12-06-vm-b64f823")]));
        Assert.True(comparison.Rows.Count > Plots.TwinChart.MostRows, $"{comparison.Rows.Count} rows");
        ScottPlot.Plot plot = Plots.MachineChart.Draw(comparison);
        plot.GetImage(Plots.Figure.Width, Plots.Figure.Height).Dispose(); // the ticks exist once drawn
        string[] labels = plot.Axes.Left.TickGenerator.Ticks.Select(t => t.Label).Where(l => l.Length > 0).ToArray();
        Assert.InRange(labels.Length, 1, Plots.TwinChart.MostRows);
        Assert.Contains($"of {comparison.Rows.Count} rows", plot.Axes.Title.Label.Text.Replace('\n', ' '));
        var differing = comparison.Differing;
        foreach (var row in comparison.Rows.Where(r => differing.Contains((r.Scenario, r.Pair))).Take(Plots.TwinChart.MostRows))
            Assert.Contains(labels, l => l.StartsWith($"{row.Scenario} · {row.Machine} ·", StringComparison.Ordinal));
        Assert.All(plot.Axes.Title.Label.Text.Split('\n'), line => Assert.True(line.Length <= Plots.Figure.TitleLineChars, line));
    }

    /// <summary>
    /// Agreement is judged by the ratio of the two machines' ratios, not by their verdict labels:
    /// 0.89x and 0.90x agree even when one interval crosses 1. And, measured: two machines with
    /// the same true ratio are said to differ no more often than the interval's error rate, while
    /// a true 1.3x between them is found.
    /// </summary>
    [Fact]
    public void MachinesAgreeOrDifferByTheRatioOfTheirRatios()
    {
        var a = new RatioInterval(0.89, 0.80, 0.99, 5, 5) { Pairs = 5, Confidence = 0.95 };
        var b = new RatioInterval(0.90, 0.78, 1.04, 5, 5) { Pairs = 5, Confidence = 0.95 };
        RatioInterval between = MachineComparison.RatioOfRatios(a, b);
        Assert.Equal(0.90 / 0.89, between.Ratio, 9);
        Assert.True(between.Low < 1 && between.High > 1);

        var random = new Random(20261129);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        RatioInterval Machine(double trueRatio)
        {
            double[] logs = Enumerable.Range(0, 5).Select(_ => Math.Log(trueRatio) + 0.08 * Normal()).ToArray();
            return RatioInterval.Paired(logs.Select((_, i) => (i, 1.0)).ToList(), logs.Select((l, i) => (i, Math.Exp(l))).ToList());
        }
        int falseDiffer = 0, found = 0, covered = 0;
        const int runs = 4000;
        for (int i = 0; i < runs; i++)
        {
            RatioInterval same = MachineComparison.RatioOfRatios(Machine(1.4), Machine(1.4));
            if (same.Low > 1 || same.High < 1) falseDiffer++;
            RatioInterval apart = MachineComparison.RatioOfRatios(Machine(1.0), Machine(1.3));
            if (apart.Low > 1) found++;
            if (apart.Low <= 1.3 && apart.High >= 1.3) covered++;
        }
        Assert.InRange(falseDiffer / (double)runs, 0.0, 0.06);
        Assert.InRange(covered / (double)runs, 0.94, 1.0);
        Assert.InRange(found / (double)runs, 0.90, 1.0);
    }

    [Fact]
    public void FoldersThatAreNoMachinesOrNamedTwiceAreRefused()
    {
        Assert.Contains("no result folder", Assert.Throws<RingbenchException>(() => MachineComparison.Load([_dir])).Message);
        Assert.Contains("no such folder", Assert.Throws<RingbenchException>(() => MachineComparison.Load([Path.Combine(_dir, "nope")])).Message);
        Machine(Path.Combine(_dir, "a", "host"), "c", "none", 1);
        Machine(Path.Combine(_dir, "b", "host"), "c", "none", 1);
        Assert.Contains("two folders are named 'host'",
            Assert.Throws<RingbenchException>(() => MachineComparison.Load([Path.Combine(_dir, "a"), Path.Combine(_dir, "b")])).Message);
    }
}
