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

    /// <summary>The built ringbench as a process; killed and failed if it runs past <see cref="ProcessLimit"/> (a hung command must not hang the suite).</summary>
    internal static (int Exit, string Out, string Err) Ringbench(params string[] args) =>
        TestProcess.Run("dotnet", [CliPath(), .. args], ProcessLimit);

    private static readonly TimeSpan ProcessLimit = TimeSpan.FromMinutes(3);

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
    /// <summary>
    /// The commonest mistake: an ordinary user runs a kernel benchmark. Each of run, matrix and
    /// stress says which capabilities it needs and exits 3, before it takes the machine's lock
    /// (whose file root made) or touches the kernel.
    /// </summary>
    [SkippableTheory]
    [InlineData("run", "parallel", "-w", "0", "-d", "1")]
    [InlineData("matrix", "-s", "parallel", "-V", "lt-release", "-t", "1", "-o", "/tmp/ringbench-unprivileged-matrix")]
    [InlineData("stress", "--minutes", "0.1", "-V", "lt-release", "-o", "/tmp/ringbench-unprivileged-stress")]
    public void AnUnprivilegedUserIsToldWhichCapabilitiesAndExitsThree(params string[] args)
    {
        Skip.IfNot(File.Exists("/usr/bin/setpriv") && Environment.UserName == "root", "needs root and setpriv (util-linux) to become another user");
        string[] asNobody = ["--reuid=65534", "--regid=65534", "--clear-groups", "--inh-caps=-all", "--bounding-set=-all"];
        var env = new Dictionary<string, string> { ["HOME"] = "/tmp", ["DOTNET_CLI_HOME"] = "/tmp" };
        using (var probe = TestProcess.Start("/usr/bin/setpriv", [.. asNobody, "test", "-r", CliPath()], environment: env))
            Skip.If(probe.Finish(TimeSpan.FromMinutes(1), "setpriv test -r").ExitCode != 0, $"user nobody cannot read {CliPath()} in this checkout");
        using var run = TestProcess.Start("/usr/bin/setpriv", [.. asNobody, "dotnet", CliPath(), .. args], environment: env);
        var (exit, _, error) = run.Finish(TimeSpan.FromMinutes(2), $"{args[0]} as nobody");
        Assert.True(exit == 3, error);
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("needs CAP_BPF and CAP_PERFMON", lines[^1]);
        Assert.DoesNotContain("lock", error);
    }

    [SkippableFact]
    public void RootWithoutTheBpfCapabilitiesIsToldWhichAndExitsThree()
    {
        Skip.IfNot(File.Exists("/usr/sbin/capsh") && Environment.UserName == "root", "needs root and capsh (libcap2-bin) to drop capabilities");
        var (exit, _, error) = TestProcess.Run("/usr/sbin/capsh", ["--drop=cap_bpf,cap_perfmon,cap_sys_admin", "--", "-c", $"exec dotnet {CliPath()} run parallel -w 0 -d 1"],
            TimeSpan.FromMinutes(2));
        Assert.Equal(3, exit);
        // The run's one-line announcement, then the error as one line.
        string[] lines = error.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains("CAP_BPF and CAP_PERFMON", lines[^1]);
        Assert.DoesNotContain(lines[..^1], l => l.Contains("CAP_"));
        Assert.DoesNotContain("refused", error);
    }

    [Fact]
    public void AVariantThatCannotRunHereSaysWhyInOneLineAndEverythingElseRuns()
    {
        // The simulated ring has no perf buffer and no shards: the same path a kernel that refuses
        // the perf event takes (PerfBuffer.WhyUnavailable is the variant's reason there).
        string folder = Path.Combine(_dir, "not-run");
        var (exit, _, error) = Ringbench("matrix", "--backend", "sim", "--scenarios", "parallel", "--variants", "lt-release,pb-libbpf,shards-libbpf",
            "--trials", "1", "-w", "0", "-d", "1", "-o", folder);
        Assert.True(exit == 0, error);
        Assert.Contains("not run: parallel with pb-libbpf: the variant needs the kernel's perf buffer (not --backend sim)", error);
        Assert.Contains("not run: parallel with shards-libbpf: the variant needs the kernel's rings (not --backend sim)", error);
        var rows = global::Ringbench.Results.ResultCsv.Read<global::Ringbench.Results.ResultRow>(Path.Combine(folder, "results.csv"));
        Assert.Equal(["lt-release"], rows.Select(r => r.Variant).Distinct());
    }

    /// <summary>
    /// Ctrl-C in the middle of a matrix: exit 130, every finished run on disk, and --resume with
    /// the same options runs only what is missing (no slot twice, none left out); with other
    /// settings, or a folder of another schema, --resume refuses in one line with exit 2.
    /// On the simulated ring, so it needs no BPF.
    /// </summary>
    [Fact]
    public async Task CtrlCKeepsFinishedRunsAndResumeRunsOnlyWhatIsMissing()
    {
        string folder = Path.Combine(_dir, "interrupted");
        string[] options = ["matrix", "--backend", "sim", "--scenarios", "b2b,parallel", "--variants", "lt-release,et-seqcst",
            "--trials", "3", "-w", "0", "-d", "1"];
        using (TestProcess.Running run = TestProcess.Start("dotnet", [CliPath(), .. options, "-o", folder]))
        {
            Process p = run.Process;
            Task<string> stderr = run.Stderr;
            string results = Path.Combine(folder, "results.csv");
            var waited = Stopwatch.StartNew();
            // Two finished runs (header + 2 rows), then Ctrl-C.
            while ((!File.Exists(results) || File.ReadAllLines(results).Length < 3) && waited.Elapsed < TimeSpan.FromMinutes(1) && !p.HasExited)
                Thread.Sleep(100);
            if (p.HasExited)
                Assert.Fail($"the matrix ended before it could be interrupted: {await stderr}");
            using (Process kill = Process.Start("kill", ["-INT", p.Id.ToString()])!)
                kill.WaitForExit();
            Assert.True(p.WaitForExit(TimeSpan.FromMinutes(1)), "ringbench did not stop after Ctrl-C");
            Assert.Equal(130, p.ExitCode);
            Assert.Contains("--resume", await stderr);
        }
        int kept = File.ReadAllLines(Path.Combine(folder, "results.csv")).Length - 1;
        Assert.InRange(kept, 2, 11);

        var (exit, _, error) = Ringbench([.. options.Select(o => o == "1" ? "2" : o), "--resume", folder]);
        Assert.Equal(2, exit);
        Assert.Contains("settings differ", error);

        (exit, _, error) = Ringbench([.. options, "--resume", folder]);
        Assert.True(exit == 0, error);
        Assert.Contains($"{kept} runs already on disk are kept", error);
        var rows = global::Ringbench.Results.ResultCsv.Read<global::Ringbench.Results.ResultRow>(Path.Combine(folder, "results.csv"));
        Assert.Equal(12, rows.Count); // 2 scenarios x 2 variants x 3 trials, each once
        Assert.Equal(12, rows.Select(r => (r.Scenario, r.Variant, r.Trial)).Distinct().Count());

        string machine = Path.Combine(folder, "machine.json");
        int older = global::Ringbench.Results.ResultRow.CurrentSchema - 1;
        string json = File.ReadAllText(machine);
        Assert.Contains($"\"schema_version\": {older + 1}", json);
        File.WriteAllText(machine, json.Replace($"\"schema_version\": {older + 1}", $"\"schema_version\": {older}"));
        (exit, _, error) = Ringbench([.. options, "--resume", folder]);
        Assert.Equal(2, exit);
        Assert.Contains($"schema version {older}", error);
    }

    /// <summary>A committed folder from a real run, copied so the commands can write into it.</summary>
    private string CopyOfCommittedFolder(string name, string copy)
    {
        string source = Path.Combine(MachineInfoRoot(), "results", name), target = Path.Combine(_dir, copy);
        Directory.CreateDirectory(target);
        foreach (string file in new[] { "results.csv", "samples.csv", "machine.json" })
            File.Copy(Path.Combine(source, file), Path.Combine(target, file));
        return target;
    }

    private static string MachineInfoRoot() => global::Ringbench.Results.MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("no checkout");

    /// <summary>The analysis commands as a user runs them, each on a real folder: exit 0 and the file or text it promises.</summary>
    [Fact]
    public void TheAnalysisCommandsRunAsProcessesAndWriteWhatTheyPromise()
    {
        string a = CopyOfCommittedFolder("2026-11-29-vm-pilot-script", "a");
        var (exit, output, error) = Ringbench("plot", a);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(a, "plots", "reproduction.png")) || File.Exists(Path.Combine(a, "plots", "overview.png")), error);

        (exit, output, error) = Ringbench("reproduce", a);
        Assert.True(exit == 0, error);
        Assert.Contains("| parallel |", output);
        Assert.True(File.Exists(Path.Combine(a, "reproduce.csv")));

        (exit, output, error) = Ringbench("report", a);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(a, "report.txt")) && File.Exists(Path.Combine(a, "report.md")));

        // Two plain folders: the comparison lands beside the first, not in the current directory.
        string b = CopyOfCommittedFolder("2026-11-29-vm-pilot-script", "b");
        (exit, _, error) = Ringbench("machines", a, b);
        Assert.True(exit == 0, error);
        Assert.True(File.Exists(Path.Combine(_dir, "machines-a+b", "machines.md")), error);

        (exit, output, error) = Ringbench("stats-check", "-n", "100");
        Assert.True(exit == 0, error);
        Assert.Contains("cover", output + error);

        (exit, output, error) = Ringbench("model-check");
        Assert.True(exit == 0, error);
        Assert.Matches(@"release-et +\d+ states, +\d+ final: CAN LOSE A WAKE-UP", output);
        Assert.Matches(@"barrier-et +\d+ states, +\d+ final: CAN LOSE A WAKE-UP", output);
        Assert.Matches(@"lazy-et +\d+ states, +\d+ final: never ends asleep", output);
        Assert.Matches(@"seqcst-et +\d+ states, +\d+ final: never ends asleep with data in the ring", output);
    }

    /// <summary>compare --fail-on-regression: exit 5 when a variant is slower for sure, 0 when nothing is.</summary>
    [Fact]
    public void CompareFailsOnARegressionWithExitFive()
    {
        string a = CopyOfCommittedFolder("2026-11-29-vm-pilot-script", "a");
        // et-seqcst against lt-release on b2b is slower by more than 5% for sure in this folder (0.90x [0.88, 0.92]); on parallel it is faster.
        var (exit, output, error) = Ringbench("compare", a, "--variants", "lt-release,et-seqcst", "--scenarios", "b2b", "--fail-on-regression");
        Assert.True(exit == 5, $"exit {exit}: {output}{error}");
        (exit, output, error) = Ringbench("compare", a, "--variants", "lt-release,et-seqcst", "--scenarios", "parallel", "--fail-on-regression");
        Assert.True(exit == 0, $"exit {exit}: {output}{error}");
    }

    /// <summary>A file that is not a BPF object: libbpf's own error code in words, exit 3, one line.</summary>
    [SkippableFact]
    public void AnObjectThatIsNotBpfIsNamedInWordsAndExitsThree()
    {
        Skip.IfNot(Environment.UserName == "root", "needs root: without it the privilege check answers first");
        string garbage = Path.Combine(_dir, "garbage.bpf.o");
        File.WriteAllText(garbage, "not an ELF file\n");
        var (exit, _, error) = Ringbench("run", "parallel", "-w", "0", "-d", "1", "--bpf-object", garbage);
        Assert.Equal(3, exit);
        Assert.Contains($"libbpf could not open {garbage}: BPF object format invalid (libbpf error 4001)", error);
        Assert.DoesNotContain("Unknown error", error);
    }

    /// <summary>A command's --help (which must succeed) with its folding undone: words separated by single spaces.</summary>
    private static string FlatHelp(string command)
    {
        var (exit, output, _) = Ringbench(command, "--help");
        Assert.Equal(0, exit);
        return string.Join(' ', output.Split((char[])[' ', '\n'], StringSplitOptions.RemoveEmptyEntries));
    }

    /// <summary>The variant grammar in every command's help is the catalog's own: no variant left out, none that is gone.</summary>
    [Theory]
    [InlineData("run")]
    [InlineData("matrix")]
    [InlineData("stress")]
    public void EveryHelpNamesEveryVariantTheParserTakes(string command)
    {
        string help = FlatHelp(command);
        foreach (string name in new[] { "lt-release", "et-seqcst", "et-release", "lt-seqcst", "libbpf-before", "libbpf-after", "libbpf-store-only",
                     "libbpf-et-only", "kernel-bench-2", "ceiling", "hybrid-yield-<T>", "libbpf-timed-<T>", "+<notify>", "@headline" })
            Assert.Contains(name, help);
        // Each spelling the help shows parses.
        foreach (string example in new[] { "hybrid-yield-50us", "libbpf-timed-1ms", "et-seqcst+every:500", "libbpf-et-only@headline", "kernel-bench-2" })
            Assert.Single(Ring.ConsumerVariants.Parse(example));
    }

    /// <summary>--keep-awake changes what a run measures, so both commands that run offer it and say what it does.</summary>
    [Theory]
    [InlineData("run")]
    [InlineData("matrix")]
    public void HelpOffersKeepAwakeAndSaysWhatItMeasures(string command)
    {
        string help = FlatHelp(command);
        Assert.Contains("--keep-awake", help);
        Assert.Contains("SCHED_IDLE", help);
        Assert.Contains("Not the default", help);
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

    [Fact]
    public void TheJobWarmupRunsUntilTwoRunsAgreeAndSaysSoInTheFolder()
    {
        // The rule: two rates in a row within 10%, at least two runs.
        Assert.False(Running.JobWarmup.Agrees([10.0]));
        Assert.False(Running.JobWarmup.Agrees([10.0, 20.0]));
        Assert.True(Running.JobWarmup.Agrees([5.0, 10.0, 10.5]));
        string folder = Path.Combine(_dir, "warm");
        var (exit, _, error) = Ringbench("matrix", "--backend", "sim", "-s", "b2b", "--variants", "lt-release", "--trials", "1", "-w", "0", "-d", "1",
            "--job-warmup", "on", "-o", folder);
        Assert.True(exit == 0, error);
        string text = File.ReadAllText(Path.Combine(folder, "warmup.txt"));
        Assert.StartsWith("job warm-up: ", text);
        Assert.Contains(text.TrimEnd(), error);
        Assert.Matches(@"job warm-up: \d+ uncounted runs of b2b with lt-release", text);
        // Off by default with a fixed number of trials: no warm-up file.
        string plain = Path.Combine(_dir, "plain");
        Assert.Equal(0, Ringbench("matrix", "--backend", "sim", "-s", "b2b", "--variants", "lt-release", "--trials", "1", "-w", "0", "-d", "1", "-o", plain).Exit);
        Assert.False(File.Exists(Path.Combine(plain, "warmup.txt")));
        Assert.Equal(2, Ringbench("matrix", "--backend", "sim", "--job-warmup", "sometimes").Exit);
    }
}
