using System.Diagnostics;
using Ringbench.Analysis;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Scenarios;
using Ringbench.Reports;

namespace Ringbench.Tests;

/// <summary>
/// The why behind a run: the producer's cost per record (the kernel's BPF run-time statistics,
/// the producer threads' CPU time), the wake-up interrupts, the consumer's context switches; the
/// fit of each scenario's runs on their wake-ups; the patch split into its two hunks.
/// </summary>
[Collection(KernelCollection.Name)]
public class RunCostTests
{
    private static VariantRun Run(string scenarioId, ConsumerVariant variant, Func<BenchSettings, BenchSettings>? change = null) =>
        KernelCollection.Run(scenarioId, variant, change);

    [SkippableFact]
    public void TheCountersArePositiveAndAgreeWithEachOther()
    {
        bool statsWereOn = StatisticsAreOn();
        VariantRun run = Run("parallel", ConsumerVariants.LevelRelease);
        RunCosts costs = run.Costs!;
        Skip.If(costs.BpfRunTimeNs < 0, costs.Unavailable);
        Assert.Equal(run.Integrity.Consumed + run.Integrity.Dropped, costs.Records);
        Assert.True(costs.BpfNsPerRecord > 0, RunText.CostsText(costs));
        Assert.True(costs.BpfRuns > 0, RunText.CostsText(costs));
        // The BPF program runs inside the producer thread's getpgid, so its time is part of that thread's CPU time;
        // it also runs (and returns at once) on every other syscall on the box, which the statistics count too:
        // at most a few percent here (the consumer's epoll_wait calls among them).
        Assert.True(costs.BpfNsPerRecord <= 1.15 * costs.ProducerCpuNsPerRecord, RunText.CostsText(costs));
        Assert.True(costs.BpfNsPerRecord >= 0.5 * costs.ProducerCpuNsPerRecord, RunText.CostsText(costs));
        Assert.True(costs.ConsumerVoluntarySwitches > 0, RunText.CostsText(costs));
        Assert.InRange(costs.ConsumerOffCpuShare, 0, 1);
        // The statistics were the run's only: its fd closed with it.
        Assert.Equal(statsWereOn, StatisticsAreOn());
        // And results.csv keeps every count, so the figures recompute from the file.
        RunCosts? reread = ResultRow.From(run).Costs;
        Assert.Equal(costs, reread);
    }

    [SkippableFact]
    public void MoreWakeupsMeanMoreIrqWork()
    {
        // The same producer once with every commit's wake-up (the default rule with a level-triggered consumer)
        // and once with none (BPF_RB_NO_WAKEUP, the ceiling's timed drain): the irq work follows the wake-ups.
        VariantRun woken = Run("parallel", ConsumerVariants.LevelRelease);
        VariantRun silent = Run("parallel", ConsumerVariants.Ceiling);
        Skip.If(woken.Costs!.ProducerIrqWork < 0, woken.Costs.Unavailable);
        Assert.True(woken.TotalWakeups > silent.TotalWakeups, $"{woken.TotalWakeups} vs {silent.TotalWakeups}");
        Assert.True(woken.Costs.ProducerIrqWorkPerThousand > silent.Costs!.ProducerIrqWorkPerThousand,
            $"woken: {RunText.CostsText(woken.Costs)}; silent: {RunText.CostsText(silent.Costs)}");
    }

    /// <summary>
    /// Whether the kernel times BPF programs right now, for whatever reason: a producer of our own,
    /// attached to getpgid, fired a few times; its run count moves only while statistics are on.
    /// </summary>
    private static bool StatisticsAreOn()
    {
        using BpfProducer probe = BpfProducer.Load(BpfProducer.DefaultObjectPath, new BenchSettings { BatchCount = 1 }.ToProducerConfig());
        for (int i = 0; i < 10; i++)
            TriggerSyscall.Fire();
        return BpfRunStats.Read(probe.ProgramFd) is { Runs: > 0 };
    }

    [SkippableFact]
    public void AKilledRunLeavesTheStatisticsOff()
    {
        KernelCollection.SkipUnlessBpfWorks();
        Skip.If(StatisticsAreOn(), "BPF statistics are already on here (another holder, or the sysctl): a killed run cannot be told apart");
        using TestProcess.Running run = TestProcess.Start("dotnet", [CliTests.CliPath(), "run", "parallel", "--variants", "lt-release", "-w", "0", "-d", "20"]);
        Process p = run.Process;
        var clock = Stopwatch.StartNew();
        bool on = false;
        while (!on && clock.Elapsed < TimeSpan.FromSeconds(30) && !p.HasExited)
        {
            Thread.Sleep(200);
            on = StatisticsAreOn();
        }
        Assert.True(on, "the run never turned the statistics on");
        p.Kill(entireProcessTree: true);
        Assert.True(p.WaitForExit(TimeSpan.FromSeconds(30)), "the killed run did not exit");
        // The kernel drops the fd with the process, and the statistics with the last fd.
        clock.Restart();
        while (StatisticsAreOn() && clock.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(100);
        Assert.False(StatisticsAreOn(), "statistics stayed on after the run was killed");
    }

    [Fact]
    public void MissingInterruptCountsAreSaidNotGuessed()
    {
        Assert.Null(InterruptCounts.Read(out string? why, "/nonexistent/interrupts"));
        Assert.Contains("not available", why);
        Assert.Null(InterruptCounts.Parse(["           CPU0       CPU1", "  0:  1  2  IO-APIC timer"], out why));
        Assert.Contains("no IWI", why);
        var parsed = InterruptCounts.Parse(["           CPU0       CPU1",
            "IWI:   55   26   IRQ work interrupts", "RES:   13   2   Rescheduling interrupts", "CAL:   37   10   Function call interrupts"], out why);
        Assert.Null(why);
        Assert.Equal((26L, 2L, 10L), parsed!.On([1]));
        Assert.Equal((81L, 15L, 47L), parsed.On(null));

        // A run without them shows n/a and the reason, and no number is made up.
        var costs = new RunCosts { Records = 1000, Seconds = 1, Unavailable = "interrupt counts not available: no /proc/interrupts" };
        Assert.True(double.IsNaN(costs.ProducerIrqWorkPerThousand) && double.IsNaN(costs.BpfNsPerRecord));
        Assert.Contains("irq work n/a", RunText.CostsText(costs));
        Assert.Contains("no /proc/interrupts", RunText.CostsText(costs));
    }

    [Fact]
    public void TheFitRecoversAKnownCostPerWakeup()
    {
        // Runs made to obey ns/record = 40 + 5000 x wake-ups/record exactly: the fit must give back 40, 5000 and R² 1.
        var rows = new List<ResultRow>();
        double[] wakeupsPerRecord = [0.0001, 0.001, 0.004, 0.01, 0.002];
        for (int i = 0; i < wakeupsPerRecord.Length; i++)
        {
            double ns = 40 + 5000 * wakeupsPerRecord[i];
            double mps = 1e3 / ns;
            rows.Add(new ResultRow
            {
                Scenario = "parallel", Variant = i % 2 == 0 ? "a" : "b", Trial = i, ThroughputMean = mps, SampleCount = 2,
                Wakeups = (long)Math.Round(wakeupsPerRecord[i] * mps * 1e6 * 2),
            });
        }
        WakeupFit.Fit fit = WakeupFit.Compute(rows).Single();
        Assert.Equal(40, fit.BaseNs, 1);
        Assert.Equal(5000, fit.NsPerWakeup, 0);
        Assert.Equal(1, fit.RSquared, 6);
        Assert.True(fit.MostlyWakeups);

        // A consumer that wakes a fixed number of times a second while something else slows it: the
        // points lie on a line through the origin (both axes divide by the records), which prices nothing.
        var fixedRate = rows.Select(r => r with { Wakeups = 6 * r.SampleCount }).ToList();
        WakeupFit.Fit artefact = WakeupFit.Compute(fixedRate).Single();
        Assert.Equal(1, artefact.RSquared, 6);
        Assert.False(artefact.Plausible);
        Assert.False(artefact.MostlyWakeups);
    }

    private static ResultRow Flavour(string scenario, string variant, string store, string trigger, int trial, double mps, long stalls = 0) => new()
    {
        Scenario = scenario, Group = "g", Label = "l", Variant = variant, Trial = trial, ThroughputMean = mps, SampleCount = 1, IntegrityOk = true,
        Kind = nameof(ConsumerKind.Libbpf), Store = store, Trigger = trigger, Build = VariantTraits.SeedBuild, VariantNotify = "default",
        Stalls = stalls, StallsRunTotal = stalls,
    };

    [Fact]
    public void TheSplitPutsTheEffectWhereItIs()
    {
        // Made so the store doubles throughput and EPOLLET adds nothing on top, while EPOLLET alone collapses with stalls.
        var rows = new List<ResultRow>();
        double[] noise = [1.0, 1.01, 0.99, 1.02, 0.98, 1.0];
        for (int t = 0; t < noise.Length; t++)
        {
            rows.Add(Flavour("parallel", "libbpf-before", "release", "level", t, 5 * noise[t]));
            rows.Add(Flavour("parallel", "libbpf-store-only", "seq_cst", "level", t, 10 * noise[t]));
            rows.Add(Flavour("parallel", "libbpf-after", "seq_cst", "edge", t, 10 * noise[(t + 1) % noise.Length]));
            rows.Add(Flavour("parallel", "libbpf-et-only", "release", "edge", t, 0.5 * noise[t], stalls: 7));
        }
        IReadOnlyList<TrialSummary> summaries = TrialSummary.From(rows);
        PatchSplit.Row split = PatchSplit.Compute(summaries, PairResult.Compute(summaries, 0.95), 0.95).Single();
        Assert.Equal(2, split.Whole.Ratio, 1);
        Assert.Equal(2, split.Store.Ratio, 6);
        Assert.Equal(Verdict.Faster, VerdictRule.Decide(split.Store));
        Assert.Equal(Verdict.Same, VerdictRule.Decide(split.TriggerAfterStore));
        Assert.Equal(42, split.TriggerAloneStalls);
        Assert.StartsWith("the seq_cst store makes it faster", split.Sentence);
        Assert.Contains("EPOLLET on top of it changes nothing", split.Sentence);
        Assert.Contains("EPOLLET without the store stalls (42 lost wake-ups in 6 trials", split.Sentence);
    }
}
