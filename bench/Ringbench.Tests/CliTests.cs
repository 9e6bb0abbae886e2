using System.Diagnostics;

namespace Ringbench.Tests;

/// <summary>The command line as a user meets it: the built ringbench run as a process.</summary>
public sealed class CliTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-cli-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    /// <summary>Ringbench.Cli.dll of the same configuration, beside this test assembly's folder in artifacts/bin.</summary>
    internal static string CliPath()
    {
        string tests = AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar);
        string path = tests.Replace($"{Path.DirectorySeparatorChar}Ringbench.Tests{Path.DirectorySeparatorChar}",
            $"{Path.DirectorySeparatorChar}Ringbench.Cli{Path.DirectorySeparatorChar}") + $"{Path.DirectorySeparatorChar}Ringbench.Cli.dll";
        Assert.True(File.Exists(path), $"the CLI is not built at {path}");
        return path;
    }

    private static (int Exit, string Out, string Err) Ringbench(params string[] args)
    {
        var start = new ProcessStartInfo("dotnet") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(CliPath());
        foreach (string a in args)
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stdout = p.StandardOutput.ReadToEndAsync(), stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "ringbench did not exit");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    [Fact]
    public void CompareOfStrategiesPrintsTheTableWithCeilingShares()
    {
        string folder = StrategyReportTests.StrategyFolder(Path.Combine(_dir, "run")).Directory;
        var (exit, output, error) = Ringbench("compare", folder, "--variants", "lt-release,timed-1ms");
        Assert.True(exit == 0, error);
        Assert.Contains("of ceiling", output);
        Assert.Contains("95% CI", output);
        Assert.Contains("faster", output);
    }

    [Theory]
    [InlineData("unknown variant 'bogus'", "run", "--variants", "bogus")]
    [InlineData("unknown notification 'sometimes'", "run", "--notify", "sometimes")]
    [InlineData("variant 'timed-20000ms': at most 10 seconds", "matrix", "--variants", "timed-20000ms")]
    public void BadInputIsOneLineAndExitTwo(string message, params string[] args)
    {
        var (exit, _, error) = Ringbench(args);
        Assert.Equal(2, exit);
        Assert.Contains(message, error);
        Assert.Single(error.Split('\n', StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>
    /// Root with CAP_BPF, CAP_PERFMON and CAP_SYS_ADMIN dropped (as a container may run it): the
    /// kernel would refuse the load, so ringbench must say which privilege is missing and exit 3
    /// before it tries, not report a refused program (exit 4).
    /// </summary>
    [SkippableFact]
    public void RootWithoutTheBpfCapabilitiesIsToldWhichAndExitsThree()
    {
        Skip.IfNot(File.Exists("/usr/sbin/capsh") && Environment.UserName == "root", "needs root and capsh (libcap2-bin) to drop capabilities");
        var start = new ProcessStartInfo("/usr/sbin/capsh") { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (string a in new[] { "--drop=cap_bpf,cap_perfmon,cap_sys_admin", "--", "-c", $"exec dotnet {CliPath()} run parallel -w 0 -d 1" })
            start.ArgumentList.Add(a);
        using Process p = Process.Start(start)!;
        Task<string> stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(TimeSpan.FromMinutes(2)), "ringbench did not exit");
        string error = stderr.Result;
        Assert.Equal(3, p.ExitCode);
        // The run's one-line announcement, then the error as one line.
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("CAP_BPF and CAP_PERFMON", lines[^1]);
        Assert.DoesNotContain(lines[..^1], l => l.Contains("CAP_"));
        Assert.DoesNotContain("refused", error);
    }

    [Fact]
    public void HelpNamesTheStrategies()
    {
        var (exit, output, _) = Ringbench("matrix", "--help");
        Assert.Equal(0, exit);
        Assert.Contains("strategies", output);
        Assert.Contains("ceiling", output);
        Assert.Contains("--latency-every", output);
    }

    [Fact]
    public void ListPipedKeepsEachVariantOnOneLine()
    {
        var (exit, output, error) = Ringbench("list");
        Assert.True(exit == 0, error);
        string description = global::Ringbench.Ring.ConsumerVariants.Flavour("after").Description;
        Assert.Contains(output.Split('\n'), line => line.Contains("libbpf-after") && line.Contains(description));
        Assert.Contains(output.Split('\n'), line => line.Contains("multi-producer-52") && line.Contains("-p52 --rb-batch-cnt 50"));
    }

    [Fact]
    public void QuickMatrixRunsOneTrial()
    {
        var (exit, _, error) = Ringbench("matrix", "--quick", "--backend", "sim", "-s", "b2b", "--variants", "lt-release", "--out", Path.Combine(_dir, "quick"));
        Assert.True(exit == 0, error);
        Assert.Contains("x 1 trial(s)", error);
        Assert.Single(File.ReadLines(Path.Combine(_dir, "quick", "results.csv")).Skip(1));
    }
}
