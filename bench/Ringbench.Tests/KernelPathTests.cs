using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>
/// The real thing: the BPF producer in the running kernel, consumed by each variant.
/// Skipped, with the reason, where this process may not load BPF or the kernel refuses it.
/// </summary>
[Collection(KernelCollection.Name)]
public class KernelPathTests
{
    private static readonly BenchSettings Short = KernelCollection.Short;

    private static VariantRun RunOrSkip(string scenarioId, ConsumerVariant variant, BenchSettings? settings = null) =>
        KernelCollection.Run(scenarioId, variant, settings is null ? null : _ => settings);

    public static TheoryData<string> IntegrityVariants => new() { "lt-release", "et-seqcst", "lt-seqcst", "libbpf", "kernel-bench", "producer-only" };

    [SkippableTheory]
    [MemberData(nameof(IntegrityVariants))]
    public void VariantConsumesTheKernelProducerAndEveryRecordIsAccountedFor(string variantName)
    {
        VariantRun run = RunOrSkip("parallel", ConsumerVariants.Parse(variantName)[0]);
        Assert.True(run.Integrity.Produced > 0, "the producer wrote nothing");
        Assert.True(run.Integrity.Consumed > 0, "the consumer consumed nothing");
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        Assert.Single(run.Measured);
        Assert.False(run.Interrupted);
    }

    [SkippableFact]
    public void NoWakeupKnobReachesTheBpfProgram()
    {
        // Edge-triggered epoll reports the ring only when the kernel wakes it. With BPF_RB_NO_WAKEUP
        // on every commit it never does, so the (bounded) waits all run out and each finds data.
        BenchSettings quiet = ScenarioCatalog.Find("parallel").Settings(Short) with { Notify = NotifyMode.Never, WaitTimeoutMs = 20 };
        VariantRun never = RunOrSkip("parallel", ConsumerVariants.EdgeSeqCst, quiet);
        ResultRow row = ResultRow.From(never);
        Assert.Equal("never", row.Notify);
        Assert.Equal(0, row.Wakeups);
        Assert.True(row.Timeouts > 0 && row.Stalls > 0, $"timeouts {row.Timeouts}, stalls {row.Stalls}");
        Assert.True(never.Integrity.Holds && never.Integrity.Consumed > 0, never.Integrity.ToString());

        // The same run with the default rule is woken: the zero above is the knob's doing.
        VariantRun woken = RunOrSkip("parallel", ConsumerVariants.EdgeSeqCst, quiet with { Notify = NotifyMode.Default });
        Assert.True(ResultRow.From(woken).Wakeups > 0, "the default notification rule never woke the consumer");
    }

    [SkippableTheory]
    [InlineData("libbpf")]
    [InlineData("libbpf-timed-1ms")]
    public void NativeLibbpfTimesTheStampedRecordsInItsCCallback(string name)
    {
        BenchSettings latency = ScenarioCatalog.Find("parallel").Settings(Short) with { LatencySampleEvery = 64 };
        VariantRun run = RunOrSkip("parallel", ConsumerVariants.Parse(name)[0], latency);
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        LatencyStatistics stats = Assert.IsType<LatencyStatistics>(run.Latency);
        // The producer stamps records 0, 64, 128, ... of each batch of 500: 8 in 500. Nearly all reach the callback.
        double expected = run.Integrity.Consumed * 8.0 / 500;
        Assert.InRange(stats.Count, expected * 0.5, expected * 1.1 + 1);
        Assert.True(stats.P50 > 0 && stats.P50 < 1_000_000, $"p50 {stats.P50} us");
    }

    [SkippableFact]
    public void EveryNNotificationLoadsAndWakesTheConsumer()
    {
        BenchSettings every = ScenarioCatalog.Find("parallel").Settings(Short).WithNotify("every:1000") with { WaitTimeoutMs = 1000 };
        VariantRun run = RunOrSkip("parallel", ConsumerVariants.EdgeSeqCst, every);
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed > 0, run.Integrity.ToString());
        Assert.True(run.TotalWakeups > 0, "forced wake-ups never arrived");
    }

    [SkippableTheory]
    [InlineData("ceiling")]
    [InlineData("timed-100us")]
    [InlineData("hybrid-50us")]
    [InlineData("hybrid-yield-50us")]
    [InlineData("libbpf-timed-1ms")]
    public void StrategiesConsumeTheKernelRingAndAccountForEveryRecord(string name)
    {
        ConsumerVariant variant = ConsumerVariants.Parse(name)[0];
        VariantRun run = RunOrSkip("parallel", variant);
        Assert.True(run.Integrity.Holds && run.Integrity.Consumed > 0, run.Integrity.ToString());
        ResultRow row = ResultRow.From(run);
        Assert.Equal(variant.Traits.Kind == ConsumerKind.Ceiling, row.IsCeiling);
        if (run.Settings.Notify == NotifyMode.Never)
            Assert.Equal(0, row.Wakeups);
        Assert.True(row.Polls > 0 || row.Wakeups > 0, "the consumer never looked");
    }

    [SkippableFact]
    public void EdgeTriggeredReleaseVariantRunsToTheEndAndDrainsEverything()
    {
        // It may stall (that is its point), but every wait is bounded, so it finishes,
        // and the final drain still accounts for every record.
        VariantRun run = RunOrSkip("parallel", ConsumerVariants.EdgeRelease);
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        Assert.True(run.Integrity.Consumed > 0);
    }

    [SkippableFact]
    public void BackToBackAlternatesProductionAndConsumption()
    {
        VariantRun run = RunOrSkip("b2b", ConsumerVariants.EdgeSeqCst);
        Assert.True(run.Integrity.Holds, run.Integrity.ToString());
        Assert.Equal(0, run.Integrity.Dropped); // one batch at a time never overflows a 512 KiB ring
        Assert.True(run.Integrity.Consumed > 500);
        Assert.Equal(0, run.Integrity.Produced % 500);
    }

    [SkippableFact]
    public void OutputModeAndMultipleProducersWork()
    {
        VariantRun output = RunOrSkip("output", ConsumerVariants.LevelRelease);
        Assert.True(output.Integrity.Holds && output.Integrity.Consumed > 0, output.Integrity.ToString());

        var settings = ScenarioCatalog.Find("multi-producer-4").Settings(Short);
        VariantRun multi = RunOrSkip("multi-producer-4", ConsumerVariants.EdgeSeqCst, settings);
        Assert.True(multi.Integrity.Holds, multi.Integrity.ToString());
        Assert.Equal(0, multi.Integrity.Produced % 50);
    }

    [SkippableFact]
    public void TrialsInterleaveVariantsWithFreshLoads()
    {
        KernelCollection.SkipUnlessBpfWorks();
        var runs = VariantSweep.Run(ScenarioCatalog.Find("b2b"), ScenarioCatalog.Find("b2b").Settings(Short),
            [ConsumerVariants.LevelRelease, ConsumerVariants.EdgeSeqCst], trials: 2, bpfObjectPath: null);
        Assert.Equal(["lt-release", "et-seqcst", "et-seqcst", "lt-release"], runs.Select(r => r.Variant));
        Assert.Equal([0, 0, 1, 1], runs.Select(r => r.Trial));
        Assert.All(runs, r => Assert.True(r.Integrity.Holds && r.Integrity.Consumed > 0, r.Integrity.ToString()));
    }

    [SkippableFact]
    public void AttachModeThatRanIsRecorded()
    {
        VariantRun run = RunOrSkip("parallel", ConsumerVariants.LevelRelease, Short with { AttachOrder = [AttachMode.RawTracepoint] });
        Assert.Equal(AttachMode.RawTracepoint, run.AttachMode);
    }

    [Fact]
    public void MissingBpfObjectIsAnEnvironmentErrorThatSaysHowToBuildIt()
    {
        var e = Assert.Throws<RingbenchException>(() =>
            ScenarioRun.Execute(ScenarioCatalog.Find("parallel"), Short, ConsumerVariants.LevelRelease, "/nonexistent/producer.bpf.o"));
        Assert.Equal(ExitCode.Environment, e.ExitCode);
        Assert.Contains("make -C bpf-progs", e.Message);
    }
}

/// <summary>Kernel tests run one at a time: they share CPUs, and each attaches to the same syscall.</summary>
/// <summary>The kernel-facing commands as processes: the stress mode end to end, and a hook the kernel refuses.</summary>
[Collection(KernelCollection.Name)]
public sealed class KernelCommandTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-kcmd-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    [SkippableFact]
    public void StressWritesItsTableAndStallsForEveryVariantAndWorkload()
    {
        KernelCollection.SkipUnlessBpfWorks();
        string output = Path.Combine(_dir, "stress");
        var (exit, _, error) = CliTests.Ringbench("stress", "-m", "0.1", "--variants", "et-seqcst,et-release", "--workloads", "parallel",
            "--neighbours", "0", "-o", output);
        Assert.True(exit == 0, error);
        string[] table = File.ReadAllLines(Path.Combine(output, "stress.md")).Where(l => l.StartsWith("| et-", StringComparison.Ordinal)).ToArray();
        Assert.Equal(2, table.Length);
        foreach (string row in table)
        {
            string[] cells = row.Split('|', StringSplitOptions.TrimEntries);
            Assert.Equal("parallel", cells[2]);
            Assert.True(long.Parse(cells[5].Replace(",", ""), System.Globalization.CultureInfo.InvariantCulture) > 0, row); // it waited
            Assert.Equal("ok", cells[11]);
        }
        Assert.True(File.Exists(Path.Combine(output, "stalls.csv")));
        Assert.True(File.Exists(Path.Combine(output, "machine.json")));
    }

    /// <summary>
    /// SIGTERM mid-stress ends it as Ctrl-C does: exit 130 within seconds, not after the 30-second
    /// run, with the run so far written (stress.md, stalls.csv, machine.json).
    /// </summary>
    [SkippableFact]
    public void ASignalledStressStopsWithItsRunSoFarWritten()
    {
        KernelCollection.SkipUnlessBpfWorks();
        string output = Path.Combine(_dir, "stress-term");
        using var stress = TestProcess.Start("dotnet", [CliTests.CliPath(), "stress", "-m", "0.5", "--variants", "lt-release", "--workloads", "parallel",
            "--neighbours", "0", "-o", output]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        // Past the set-up and into the 30-second run.
        while (clock.Elapsed < TimeSpan.FromSeconds(8) && !stress.Process.HasExited)
            Thread.Sleep(200);
        Assert.False(stress.Process.HasExited, "stress ended before it was signalled");
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", stress.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            kill.WaitForExit();
        var (exit, _, error) = stress.Finish(TimeSpan.FromSeconds(30), "stress after SIGTERM");
        Assert.True(exit == 130, $"exit {exit}: {error}");
        Assert.True(clock.Elapsed < TimeSpan.FromSeconds(25), $"it took {clock.Elapsed.TotalSeconds:F0} s to stop (the run alone would have taken 30)");
        foreach (string file in new[] { "stress.md", "stalls.csv", "machine.json" })
            Assert.True(File.Exists(Path.Combine(output, file)), $"{file} missing after SIGTERM");
    }

    [SkippableFact]
    public void AHookTheKernelRefusesIsExitFourInOneLine()
    {
        KernelCollection.SkipUnlessBpfWorks();
        var (exit, _, error) = CliTests.Ringbench("run", "parallel", "-w", "0", "-d", "1", "--attach", "fentry");
        Skip.If(exit == 0, "this kernel accepts fentry: nothing to refuse");
        Assert.Equal(4, exit);
        string last = error.Trim().Split('\n')[^1];
        Assert.Contains("fentry", last, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("refused", last);
    }
}

[CollectionDefinition(Name, DisableParallelization = true)]
public class KernelCollection
{
    public const string Name = "kernel";
    private static readonly Lazy<string?> WhyNot = new(Probe);

    /// <summary>Skips the calling test, with the reason, unless a producer loads and attaches here.</summary>
    public static void SkipUnlessBpfWorks() => Skip.If(WhyNot.Value is not null, WhyNot.Value);

    /// <summary>Producer batches from a thread pinned to <paramref name="cpu"/>: every record lands in that CPU's perf ring or shard.</summary>
    public static void FireOn(int cpu, int batches)
    {
        var thread = new Thread(() =>
        {
            CpuAffinity.PinCurrentThread(cpu);
            for (int i = 0; i < batches; i++)
                TriggerSyscall.Fire();
        });
        thread.Start();
        thread.Join();
    }

    /// <summary>The kernel tests' run: no warm-up, one second measured.</summary>
    public static readonly BenchSettings Short = new() { WarmupSeconds = 0, DurationSeconds = 1 };

    /// <summary>One short run of a scenario on the kernel (its settings, changed as <paramref name="change"/> says); skips where BPF is refused.</summary>
    public static VariantRun Run(string scenarioId, ConsumerVariant variant, Func<BenchSettings, BenchSettings>? change = null)
    {
        SkipUnlessBpfWorks();
        Scenario scenario = ScenarioCatalog.Find(scenarioId);
        BenchSettings settings = scenario.Settings(Short);
        return ScenarioRun.Execute(scenario, change?.Invoke(settings) ?? settings, variant, BpfProducer.DefaultObjectPath);
    }

    private static string? Probe()
    {
        if (!Privileges.CanLoadBpf(out string missing))
            return $"needs {missing} to load BPF programs";
        try
        {
            var config = new BenchSettings { BatchCount = 1 }.ToProducerConfig();
            using var producer = BpfProducer.Load(BpfProducer.DefaultObjectPath, config);
            return null;
        }
        catch (RingbenchException e) when (e.ExitCode is ExitCode.KernelRefused or ExitCode.Environment)
        {
            return $"the kernel path is unavailable here: {e.Message}";
        }
    }
}
