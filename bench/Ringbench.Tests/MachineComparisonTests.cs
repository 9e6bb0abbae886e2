using Ringbench.Compare;
using Ringbench.Results;

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

        string md = comparison.Markdown("fleet-run");
        Assert.Contains("What differs: **CPU** (AMD EPYC / Intel Xeon); **virtualization** (kvm / none)", md);
        Assert.Contains("b2b, C# port: the machines disagree: epyc *faster*, xeon *slower*", md);
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
