using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>
/// The reader protocol (docs/reader-protocol.md) against the kernel's ring: readers in other
/// processes, well-behaved ones in C and Go whose account must balance, and small shell readers
/// that break the protocol on purpose, each of which must fail its run in one line that names
/// what went wrong, and leave no process behind.
/// </summary>
[Collection(KernelCollection.Name)]
public sealed class ReaderProcessTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-readers-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private static VariantRun RunReader(string name, string scenario = "parallel", Func<BenchSettings, BenchSettings>? change = null) =>
        KernelCollection.Run(scenario, ConsumerVariants.Reader(name), s => (change ?? (x => x))(s with { WarmupSeconds = 1, DurationSeconds = 1 }));

    private static void BuiltOrSkip(string name) =>
        Skip.IfNot(ExternalReader.Known.ContainsKey(name), ExternalReader.Unavailable.GetValueOrDefault(name) ?? $"reader {name} not built");

    [SkippableTheory]
    [InlineData("libbpf-c", "parallel")]
    [InlineData("libbpf-c", "parallel-sampled")]
    [InlineData("cilium-ebpf", "parallel")]
    [InlineData("cilium-ebpf", "parallel-sampled")]
    [InlineData("libbpf-c", "b2b")]
    [InlineData("cilium-ebpf", "b2b")]
    public void ABuiltReaderConsumesTheKernelRingAndItsAccountBalances(string reader, string scenario)
    {
        BuiltOrSkip(reader);
        VariantRun run = RunReader(reader, scenario);
        Assert.True(run.Integrity.Checked);
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        Assert.True(run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.True(run.Throughput.Mean > 0.1, $"{run.Throughput.Mean} M/s");
        // Its CPU is the reader process's, read from /proc, not ringbench's waiting thread.
        Assert.True(run.ConsumerUserSeconds + run.ConsumerSystemSeconds > 0.01, $"{run.ConsumerUserSeconds} s user");
        Assert.Equal(ConsumerKind.ExternalReader, run.Traits.Kind);
        Assert.False(ResultRow.From(run).WaitsCounted);
        Assert.True(ResultRow.From(run).ConsumerCounted);
        // Back-to-back, every batch the producer ran was fired by the reader (no producer thread runs) and read whole.
        if (run.Settings.BackToBack)
            Assert.Equal(0, run.Integrity.Dropped);
    }

    [SkippableFact]
    public void TheGoReadersTraitsAreReadFromTheLibrarysSource()
    {
        BuiltOrSkip("cilium-ebpf");
        ExternalReader go = ExternalReader.Known["cilium-ebpf"];
        Assert.Equal(StoreOrdering.SeqCst, go.Store);
        Assert.Equal(TriggerMode.Level, go.Trigger);
        Assert.Contains("github.com/cilium/ebpf", go.Library);
        Assert.Contains("lt-seqcst", go.Twins);
        Assert.Equal(go.Store, ConsumerVariants.Reader("cilium-ebpf").Traits.Store);
    }

    /// <summary>A shell reader given as the user would (--reader NAME=COMMAND), its script in the test's folder.</summary>
    private string ShellReader(string name, string script)
    {
        string path = Path.Combine(_dir, name + ".sh");
        File.WriteAllText(path, "#!/bin/sh\n" + script + "\n");
        ExternalReader.Give(ExternalReader.Parse($"{name}=sh {path}"));
        return name;
    }

    // Each breaks the protocol one way; the run fails with a RunFailed error naming how.
    public static TheoryData<string, string, string> Misbehaving => new()
    {
        { "missing", "exec /nonexistent/ringbench-reader", "exited 127" },
        { "dies", "echo ready; read x; exit 3", "exited 3" },
        { "garbage", "echo ready; while read x; do echo hello; done", "answered 'count' with 'hello'" },
        { "not-ready", "echo starting; sleep 30", "said 'starting' where the protocol says 'ready'" },
        { "backwards", "n=1000; echo ready; while read x; do n=$((n-1)); echo \"count $n\"; done", "counts are cumulative" },
        { "no-exit", "echo ready; while read x; do case $x in count) echo 'count 0';; stop) echo 'total 0'; sleep 30;; esac; done", "did not exit within 2 s of its total (killed)" },
    };

    [SkippableTheory]
    [MemberData(nameof(Misbehaving))]
    public void AReaderThatBreaksTheProtocolFailsItsRunInOneLine(string name, string script, string expected)
    {
        KernelCollection.SkipUnlessBpfWorks();
        ShellReader("bad-" + name, script);
        var e = Assert.Throws<RingbenchException>(() => RunReader("bad-" + name));
        Assert.True(e.RunFailed, e.Message);
        Assert.Contains(expected, e.Message);
        Assert.StartsWith($"reader-bad-{name}: the reader ", e.Message);
        Assert.DoesNotContain('\n', e.Message);
        // Nothing left running: no process of the script survives its failed run.
        Assert.DoesNotContain(Directory.EnumerateDirectories("/proc").Select(d => Path.GetFileName(d)).Where(p => p.All(char.IsDigit)),
            pid => { try { return File.ReadAllText($"/proc/{pid}/cmdline").Contains($"bad-{name}.sh"); } catch (IOException) { return false; } });
    }

    [SkippableFact]
    public void AReaderThatNeverAnswersIsKilledAfterItsTimeout()
    {
        KernelCollection.SkipUnlessBpfWorks();
        ShellReader("silent", "echo ready; sleep 60");
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var e = Assert.Throws<RingbenchException>(() => RunReader("silent"));
        Assert.Contains("did not answer 'count' within 2 s (killed)", e.Message);
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(20), $"{clock.Elapsed}");
    }

    /// <summary>The reader processes whose parent is <paramref name="parent"/> and whose name is <paramref name="comm"/> (/proc/PID/stat).</summary>
    internal static List<int> Children(int parent, string comm) =>
        Directory.EnumerateDirectories("/proc").Select(Path.GetFileName).Where(p => p!.All(char.IsDigit)).Select(int.Parse!)
            .Where(pid =>
            {
                try
                {
                    string stat = File.ReadAllText($"/proc/{pid}/stat");
                    string name = stat[(stat.IndexOf('(') + 1)..stat.LastIndexOf(')')];
                    string[] rest = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
                    return name == comm && (parent == 0 || rest[1] == parent.ToString(System.Globalization.CultureInfo.InvariantCulture));
                }
                catch (IOException)
                {
                    return false;
                }
            }).ToList();

    /// <summary>
    /// ringbench stopped mid-run: SIGTERM ends the run as Ctrl-C does (exit 130) and takes the
    /// reader with it; SIGKILL gives ringbench no chance, and the reader ends by itself when its
    /// standard input closes, as the protocol says. Either way no reader is left running.
    /// </summary>
    [SkippableTheory]
    [InlineData("TERM")]
    [InlineData("KILL")]
    public void ASignalledRingbenchLeavesNoReaderRunning(string signal)
    {
        BuiltOrSkip("libbpf-c");
        KernelCollection.SkipUnlessBpfWorks();
        using var run = TestProcess.Start("dotnet", [CliTests.CliPath(), "run", "parallel", "-V", "reader-libbpf-c", "-w", "0", "-d", "30"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<int> readers;
        while ((readers = Children(run.Process.Id, "libbpf-c")).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30) && !run.Process.HasExited)
            Thread.Sleep(100);
        Assert.True(readers.Count == 1, $"no reader started under ringbench (pid {run.Process.Id})");
        Thread.Sleep(1500); // mid-run: samples are being taken
        using (var kill = System.Diagnostics.Process.Start("kill", [$"-{signal}", run.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            kill.WaitForExit();
        Assert.True(run.Process.WaitForExit(TimeSpan.FromSeconds(30)), "ringbench did not stop");
        if (signal == "TERM")
            Assert.Equal(130, run.Process.ExitCode);
        var gone = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{readers[0]}") && Children(0, "libbpf-c").Contains(readers[0]) && gone.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(100);
        Assert.False(Children(0, "libbpf-c").Contains(readers[0]), $"the reader (pid {readers[0]}) outlived ringbench's SIG{signal} by 10 s");
    }

    [Fact]
    public void AUsersReaderIsParsedOrRefusedInOneLine()
    {
        ExternalReader r = ExternalReader.Parse("mine=./my-reader --fast");
        Assert.Equal("mine", r.Name);
        Assert.True(r.Shell);
        Assert.Equal("./my-reader --fast", r.Command);
        string manifest = Path.Combine(_dir, "aya.reader");
        File.WriteAllText(manifest, "name=aya\ncommand=/opt/aya-reader\nstore=release\ntrigger=edge\ntwins=et-release\n");
        ExternalReader aya = ExternalReader.Parse(manifest);
        Assert.Equal((StoreOrdering.Release, TriggerMode.Edge), (aya.Store, aya.Trigger));
        Assert.Equal(["et-release"], aya.Twins);
        Assert.Contains("must be lower-case", Assert.Throws<RingbenchException>(() => ExternalReader.Parse("Bad Name=x")).Message);
        Assert.Contains("no command", Assert.Throws<RingbenchException>(() => ExternalReader.Parse("empty=")).Message);
        Assert.Contains("neither NAME=COMMAND nor a manifest", Assert.Throws<RingbenchException>(() => ExternalReader.Parse("/nonexistent.reader")).Message);
    }

    [Fact]
    public void AReaderVariantSaysWhereItCannotRun()
    {
        ExternalReader.Give(ExternalReader.Parse("plain=true"));
        ConsumerVariant v = ConsumerVariants.Reader("plain");
        Assert.Contains("not --backend sim", v.Unsupported(new BenchSettings { Backend = BackendKind.Simulated }));
        Assert.Null(v.Unsupported(new BenchSettings { BackToBack = true }));
        Assert.Null(v.Unsupported(new BenchSettings()));
        Assert.Contains("--reader NAME=COMMAND", ConsumerVariants.Reader("nobody-built-this").Unsupported(new BenchSettings()));
        Assert.Contains("reader-<name>", ConsumerVariants.Grammar);
    }

    [SkippableFact]
    public void AMatrixNamesAFailedReaderRunAndRunsTheRest()
    {
        KernelCollection.SkipUnlessBpfWorks();
        string script = Path.Combine(_dir, "dies.sh");
        File.WriteAllText(script, "#!/bin/sh\necho ready; read x; echo 'oops' >&2; exit 3\n");
        string folder = Path.Combine(_dir, "matrix");
        var (exit, _, err) = CliTests.Ringbench("matrix", "-s", "parallel", "-V", "lt-release,reader-dies", "--reader", $"dies=sh {script}",
            "-t", "1", "-w", "0", "-d", "1", "-o", folder);
        Assert.Equal(1, exit);
        Assert.Contains("failed: parallel reader-dies #1: reader-dies: the reader exited 3", err);
        Assert.Contains(": oops", err); // its last line of standard error
        Assert.Contains("1 run(s) failed", err);
        var rows = ResultCsv.Read<ResultRow>(Path.Combine(folder, ResultFolder.ResultsFile));
        Assert.Equal(["lt-release"], rows.Select(r => r.Variant));
        Assert.Single(File.ReadAllLines(Path.Combine(folder, ResultFolder.FailedRunsFile)));
    }
}
