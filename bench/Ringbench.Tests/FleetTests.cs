using System.Diagnostics;
using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// The fleet: the Ansible playbook is well formed, and a real fleet run against two inventory hosts
/// that are both this machine (the local connection) brings back two result folders and the
/// comparison of machines; run again, it changes nothing.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class FleetTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-fleet-").FullName;
    private static readonly string Repo = MachineInfo.RepositoryRoot()!;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static void SkipUnlessAnsible() =>
        Skip.If(Run("bash", ["-c", "command -v ansible-playbook"], Repo).ExitCode != 0,
            "ansible-playbook is not installed ('./run-bench.sh test' installs ansible-core)");

    /// <summary>Runs a program with the test host's MSBuild and test-platform variables removed, so a build inside starts clean.</summary>
    private static (int ExitCode, string Output) Run(string file, IEnumerable<string> args, string workingDirectory)
    {
        // A hung ansible run must fail this test, not hang the suite: the whole fleet run takes about 4 minutes.
        var (exit, stdout, stderr) = TestProcess.Run(file, args, TimeSpan.FromMinutes(12), workingDirectory, cleanBuildEnvironment: true);
        return (exit, stdout + stderr);
    }

    [SkippableFact]
    public void PlaybookPassesAnsiblesSyntaxCheck()
    {
        SkipUnlessAnsible();
        var (code, output) = Run("ansible-playbook", ["--syntax-check", "-i", "fleet/inventory.example.ini", "fleet/ringbench.yml"], Repo);
        Assert.True(code == 0, output);
    }

    [Fact]
    public void BadFleetArgumentsAreOneLineAndExitTwo()
    {
        var (code, output) = Run("bash", ["fleet/run-fleet.sh", "-p", "tiny"], Repo);
        Assert.Equal(2, code);
        Assert.Contains("no inventory", output);
        File.WriteAllText(Path.Combine(_dir, "inv.ini"), "[ringbench]\n");
        (code, output) = Run("bash", ["fleet/run-fleet.sh", "-i", Path.Combine(_dir, "inv.ini"), "-p", "huge"], Repo);
        Assert.Equal(2, code);
        Assert.Contains("unknown profile 'huge'", output);
    }

    [SkippableFact]
    public void AnInventoryWithoutTheGroupIsOneLineExitTwoAndLeavesNothing()
    {
        SkipUnlessAnsible();
        File.WriteAllText(Path.Combine(_dir, "other.ini"), "[other]\nlocalhost ansible_connection=local\n");
        string output = Path.Combine(_dir, "out");
        var (code, text) = Run("bash", ["fleet/run-fleet.sh", "-i", Path.Combine(_dir, "other.ini"), "-p", "tiny", "-o", output], Repo);
        Assert.Equal(2, code);
        Assert.Contains("no host in the group 'ringbench'", text);
        Assert.DoesNotContain("dict object", text);
        Assert.False(Directory.Exists(output), "the run folder was made before the inventory was checked");
    }

    [SkippableFact]
    public void AFileThatIsNotABundleIsOneLineAndExitTwoBeforeAnyHostIsTouched()
    {
        SkipUnlessAnsible();
        // A tarball named like a bundle but without its marker: refused before Ansible runs.
        string stage = Directory.CreateDirectory(Path.Combine(_dir, "stage", "ringbench-abc1234-linux-x64")).FullName;
        File.WriteAllText(Path.Combine(stage, "README"), "not a bundle\n");
        string bundle = Path.Combine(_dir, "fake.tar.gz");
        Assert.Equal(0, Run("tar", ["-C", Path.Combine(_dir, "stage"), "-czf", bundle, "ringbench-abc1234-linux-x64"], _dir).ExitCode);
        File.WriteAllText(Path.Combine(_dir, "inv.ini"),
            $"[ringbench]\nalpha ansible_connection=local ringbench_home={_dir}/alpha ansible_python_interpreter=/usr/bin/python3\n");
        var (code, text) = Run("bash", ["fleet/run-fleet.sh", "-i", Path.Combine(_dir, "inv.ini"), "-p", "tiny", "-r", "fake", "-o",
            Path.Combine(_dir, "out"), "-b", bundle], Repo);
        Assert.Equal(2, code);
        Assert.Contains("not a ringbench bundle", text);
        Assert.DoesNotContain("PLAY", text);
        Assert.False(Directory.Exists(Path.Combine(_dir, "alpha")), "a host was touched");
    }

    [Fact]
    public void LibbpfPatchWithAMissingDiffIsOneLineAndExitTwoBeforeAnyBuild()
    {
        var (code, text) = Run("bash", ["run-bench.sh", "libbpf-patch", Path.Combine(_dir, "no-such.diff"), "myfix"], Repo);
        Assert.Equal(2, code);
        Assert.Equal($"run-bench: libbpf-patch: {Path.Combine(_dir, "no-such.diff")}: no such diff file", text.Trim());
        File.WriteAllText(Path.Combine(_dir, "fix.diff"), "");
        (code, text) = Run("bash", ["run-bench.sh", "libbpf-patch", Path.Combine(_dir, "fix.diff"), "My Fix"], Repo);
        Assert.Equal(2, code);
        Assert.Contains("name 'My Fix'", text);
    }

    [SkippableFact]
    public void TwoLocalHostsRunTheTinyProfileOneAfterTheOtherAndAreCompared()
    {
        SkipUnlessAnsible();
        KernelCollection.SkipUnlessBpfWorks();
        string inventory = Path.Combine(_dir, "inventory.ini");
        // The hosts' jobs run with a PATH that has no dotnet: a host without the SDK.
        string noSdk = BundleTests.PathWithoutDotnet(_dir);
        File.WriteAllText(inventory,
            "[ringbench]\n" +
            $"alpha ansible_connection=local ringbench_home={_dir}/alpha ringbench_path={noSdk} ansible_python_interpreter=/usr/bin/python3\n" +
            $"beta ansible_connection=local ringbench_home={_dir}/beta ringbench_path={noSdk} ansible_python_interpreter=/usr/bin/python3\n");
        string results = Path.Combine(_dir, "results");
        string[] args = ["fleet/run-fleet.sh", "-i", inventory, "-p", "tiny", "-r", "ci", "-o", results];

        var (code, output) = Run("bash", args, Repo);
        Assert.True(code == 0, output);
        foreach (string host in new[] { "alpha", "beta" })
        {
            MachineInfo machine = MachineInfo.Load(Path.Combine(results, host, "machine.json"));
            Assert.NotNull(machine.FinishedAt);
            Assert.NotEqual("unknown", machine.Commit); // the packed checkout carries its commit
            var rows = ResultFolder.Open(Path.Combine(results, host)).Completed();
            Assert.Equal(2 * 3 * 2, rows.Count); // two scenarios x three variants x two trials
            Assert.All(rows, r => Assert.True(r.IntegrityOk));
            // The host ran the bundle: nothing was unpacked to build, so it needs no .NET SDK.
            Assert.True(File.Exists(Path.Combine(_dir, host, "bundle", "ringbench")), $"{host} has no bundle");
            Assert.False(Directory.Exists(Path.Combine(_dir, host, "src")), $"{host} got a checkout to build");
        }
        // Both hosts are this machine: the lock made them run one after the other, never side by side.
        var alpha = ResultFolder.Open(Path.Combine(results, "alpha")).Completed();
        var beta = ResultFolder.Open(Path.Combine(results, "beta")).Completed();
        Assert.True(alpha.Max(r => r.StartedAt) < beta.Min(r => r.StartedAt) || beta.Max(r => r.StartedAt) < alpha.Min(r => r.StartedAt),
            "the two hosts' runs interleaved");

        var csv = ResultCsv.ReadPlain<MachineComparison.PairRow>(Path.Combine(results, "machines.csv"));
        Assert.Equal(["alpha", "beta", "alpha", "beta"], csv.Select(r => r.Machine));
        Assert.All(csv, r => Assert.True(r.Low <= r.Ratio && r.Ratio <= r.High && r.AfterOfCeiling > 0));
        string md = File.ReadAllText(Path.Combine(results, "machines.md"));
        Assert.Contains("# Machines compared: ci", md);
        Assert.True(File.Exists(Path.Combine(results, "machines.png")));

        // Again: nothing to copy, build, run or fetch.
        (code, output) = Run("bash", args, Repo);
        Assert.True(code == 0, output);
        Assert.Matches(@"alpha\s+: ok=\d+\s+changed=0 ", output);
        Assert.Matches(@"beta\s+: ok=\d+\s+changed=0 ", output);
    }
}
