using System.Text.RegularExpressions;
using Ringbench.Analysis;
using Ringbench.Reports;
using Ringbench.Kernel;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>
/// The kernel's own bench as variants (bpf-progs/kernel-bench/, kbench-*): built from the
/// fetched kernel source once per libbpf diff and level, its attach change applied and reversed
/// cleanly, the scenario's knobs as its flags, its per-second lines read back as samples, both
/// libbpf builds consuming the kernel-fed ring, and bad trees refused in one line.
/// </summary>
[Collection(KernelCollection.Name)]
public class KernelBenchTests(Xunit.Abstractions.ITestOutputHelper output)
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");
    private static readonly string Script = Path.Combine(Repo, "bpf-progs", "kernel-bench", "build-kernel-bench.sh");
    private static readonly string AttachDiff = Path.Combine(Repo, "bpf-progs", "kernel-bench", "attach-raw-tp.diff");

    public static TheoryData<string> Builds => new("before-o0", "after-o0", "before-o2", "after-o2");

    private static KernelBenchBuild BuiltOrSkip(string name)
    {
        Skip.IfNot(KernelBenchBuild.Built.ContainsKey(name), KernelBenchBuild.WhyMissing(name));
        return KernelBenchBuild.Built[name];
    }

    /// <summary>The kernel tree the build fetched and unpacked (&lt;cache&gt;/kernel-src/&lt;version&gt;/linux, the machine's cache or the build folder's).</summary>
    private static string FetchedTreeOrSkip()
    {
        string[] caches = [Path.Combine(Environment.GetEnvironmentVariable("RINGBENCH_CACHE") ?? "/var/cache/ringbench", "kernel-src"),
            Path.Combine(Repo, "bpf-progs", "build", "kernel-src")];
        string? tree = caches.Where(Directory.Exists).SelectMany(Directory.EnumerateDirectories)
            .Select(v => Path.Combine(v, "linux")).FirstOrDefault(t => File.Exists(Path.Combine(t, ".complete")));
        Skip.If(tree is null, "the kernel source was not fetched here: " + (KernelBenchBuild.WhyMissing("before-o0") ?? "no tree"));
        return tree!;
    }

    private static (int ExitCode, string Stdout, string Stderr) Run(string file, params string[] args) => TestProcess.Run(file, args);

    private static BenchSettings SettingsOf(string scenario) =>
        ScenarioCatalog.Find(scenario).Settings(new BenchSettings { WarmupSeconds = 1, DurationSeconds = 1 });

    [Fact]
    public void ParallelRunsPinnedAsTheScriptsMinusA()
    {
        var (args, ran) = KernelBenchProcess.CommandLine(ScriptBenchmark.RbLibbpf, SettingsOf("parallel"), cpuCount: 2);
        Assert.Equal("-w 1 -d 1 -p 1 -c 1 --rb-batch-cnt 500 --rb-sample-rate 500 --cons-affinity 0 --prod-affinity 1 rb-libbpf", string.Join(' ', args));
        Assert.True(ran.Affinity);
        Assert.Equal([1], ran.ProducerCpus!);
    }

    [Fact]
    public void MoreThreadsThanCpusRunUnpinnedAndTheRowSaysSo()
    {
        // The bench stops when its CPU list runs out; ringbench wraps. The bench runs unpinned instead, and the row records that.
        var (args, ran) = KernelBenchProcess.CommandLine(ScriptBenchmark.RbLibbpf, SettingsOf("multi-producer-4"), cpuCount: 2);
        Assert.DoesNotContain("--prod-affinity", args);
        Assert.DoesNotContain("-a", args);
        Assert.Contains("4", args);
        Assert.False(ran.Affinity);
        Assert.Null(ran.ProducerCpus);
        Assert.Equal("50", args[args.ToList().IndexOf("--rb-batch-cnt") + 1]);
        // Unsampled, the rate is unread, but the bench's perf buffer refuses one above the batch count: capped, as the script does.
        Assert.Equal("50", args[args.ToList().IndexOf("--rb-sample-rate") + 1]);
    }

    [Fact]
    public void ScenarioFlagsBecomeTheBenchsFlags()
    {
        var (sameCpu, _) = KernelBenchProcess.CommandLine(ScriptBenchmark.RbCustom, SettingsOf("same-cpu"), cpuCount: 2);
        Assert.Contains("--cons-affinity 0 --prod-affinity 0", string.Join(' ', sameCpu));
        Assert.Contains("--rb-batch-cnt 1 --rb-sample-rate 1", string.Join(' ', sameCpu));
        var (b2bSampled, _) = KernelBenchProcess.CommandLine(ScriptBenchmark.PbCustom, SettingsOf("b2b-sampled"), cpuCount: 2);
        Assert.Contains("--rb-sampled", b2bSampled);
        Assert.Contains("--rb-b2b", b2bSampled);
        Assert.Equal("pb-custom", b2bSampled[^1]);
        var (output, _) = KernelBenchProcess.CommandLine(ScriptBenchmark.RbCustom, SettingsOf("output"), cpuCount: 2);
        Assert.Contains("--rb-use-output", output);
        Assert.DoesNotContain("--rb-use-output", KernelBenchProcess.CommandLine(ScriptBenchmark.RbCustom, SettingsOf("reserve"), 2).Arguments);
    }

    [Fact]
    public void IterationLinesBecomeSamplesAndTheWarmupIsMarked()
    {
        const string output = """
            Setting up benchmark 'rb-libbpf'...
            Benchmark 'rb-libbpf' started.
            Iter   0 ( 77.466us): hits    7.317M/s (  7.317M/prod), drops    0.060M/s, total operations    7.377M/s
            Iter   1 ( 55.773us): hits    6.461M/s (  6.461M/prod), drops    0.088M/s, total operations    6.549M/s
            Iter   2 (-73.072us): hits    6.660M/s (  6.660M/prod), drops    0.332M/s, total operations    6.992M/s
            Summary: hits    6.560 ± 0.140M/s (  6.560M/prod), drops    0.210 ± 0.173M/s, total operations    6.770 ± 0.313M/s
            """;
        IReadOnlyList<Sample> samples = KernelBenchProcess.Iterations(output, warmupSeconds: 1);
        Assert.Equal([0, 1, 2], samples.Select(s => s.Index));
        Assert.Equal([true, false, false], samples.Select(s => s.IsWarmup));
        Assert.Equal(1 - 73.072e-6, samples[2].ElapsedSeconds, 12);
        Assert.Equal((long)Math.Round(6.660e6 * (1 - 73.072e-6)), samples[2].Records);
        Assert.Equal((long)Math.Round(0.332e6 * (1 - 73.072e-6)), samples[2].Drops);
        // The measured seconds give back the bench's own summary (the mean of its measured iterations' rates).
        Assert.Equal(6.560, samples.Where(s => !s.IsWarmup).Average(s => s.ThroughputMps), 2);
        Assert.Empty(KernelBenchProcess.Iterations("failed to load skeleton\n", 1));
    }

    [Fact]
    public void WhatTheBenchCannotExpressIsNamedNotRun()
    {
        ConsumerVariant rb = ConsumerVariants.KernelBenchBinary(ScriptBenchmark.RbLibbpf, PatchSide.Before, BuildLevel.O0);
        ConsumerVariant pb = ConsumerVariants.KernelBenchBinary(ScriptBenchmark.PbLibbpf, PatchSide.Before, BuildLevel.O0);
        var quiet = SettingsOf("parallel");
        Assert.Contains("busy neighbour", rb.Unsupported(quiet with { Neighbours = 1 }));
        Assert.Contains("not --backend sim", rb.Unsupported(quiet with { Backend = BackendKind.Simulated }));
        Assert.Contains("default or sampled", rb.Unsupported(quiet with { Notify = NotifyMode.Every }));
        Assert.Contains("-w 0", rb.Unsupported(quiet with { WarmupSeconds = 0 }));
        Assert.Contains("512 KiB", rb.Unsupported(quiet with { RingSizeBytes = 1 << 20 }));
        Assert.Contains("refuses", pb.Unsupported(quiet with { Sampled = true, SampleRate = 1000, BatchCount = 500 }));
        // Where the script runs them: rb-libbpf everywhere it can, its own consumers on the script's rows.
        Assert.True(rb.RunsOn(ScenarioCatalog.Find("multi-producer-4")));
        Assert.False(pb.RunsOn(ScenarioCatalog.Find("sample-rate-25")));
        Assert.True(ConsumerVariants.KernelBenchBinary(ScriptBenchmark.RbCustom, PatchSide.Before, BuildLevel.O0).RunsOn(ScenarioCatalog.Find("sample-rate-25")));
    }

    [Fact]
    public void AMissingBuildIsAVariantThatSaysWhyInsteadOfRunning()
    {
        string empty = Directory.CreateTempSubdirectory("ringbench-kbench").FullName;
        try
        {
            Assert.Empty(KernelBenchBuild.ReadFolder(empty));
            File.WriteAllText(Path.Combine(empty, "after-o0.kbench"), "name=after-o0\nstore=seqcst\n"); // a manifest without its bench
            Assert.Empty(KernelBenchBuild.ReadFolder(empty));
            File.WriteAllText(Path.Combine(empty, "bench-after-o0"), "");
            Assert.Equal("seqcst", KernelBenchBuild.ReadFolder(empty)["after-o0"].Store);
        }
        finally
        {
            Directory.Delete(empty, true);
        }
        Assert.Contains("was not built", KernelBenchBuild.WhyMissing("no-such-build"));
        var e = Assert.Throws<RingbenchException>(() => KernelBenchBuild.Get("no-such-build"));
        Assert.Equal(ExitCode.Environment, e.ExitCode);
    }

    [Fact]
    public void UncountedRunsAreLeftOutOfTheWakeupFitNotReadAsZero()
    {
        // Four counted runs whose wake-ups explain their cost, and two of the bench's own process (no wake-ups counted: produced -1).
        var rows = new List<ResultRow>();
        for (int i = 1; i <= 4; i++)
            rows.Add(new ResultRow { Scenario = "parallel", Variant = "libbpf", Trial = i, SampleCount = 1, ThroughputMean = 10.0 / i, Wakeups = 10_000 * i, Produced = 1 });
        for (int i = 1; i <= 2; i++)
            rows.Add(new ResultRow { Scenario = "parallel", Variant = "kbench-rb-libbpf-before", Trial = i, SampleCount = 2, ThroughputMean = 20, Wakeups = 0, Produced = -1 });
        Assert.False(rows[^1].ConsumerCounted);
        WakeupFit.Fit fit = Assert.Single(WakeupFit.Compute(rows));
        Assert.Equal(4, fit.Points.Count);
        Assert.DoesNotContain(fit.Points, p => p.Variant.StartsWith("kbench", StringComparison.Ordinal));
    }

    [Fact]
    public void NamesParseAndTheGroupsHoldFiveEach()
    {
        Assert.Equal(["kbench-rb-libbpf-before", "kbench-rb-libbpf-after", "kbench-rb-custom", "kbench-pb-libbpf", "kbench-pb-custom"],
            ConsumerVariants.Parse("kbench").Select(v => v.Name));
        Assert.All(ConsumerVariants.Parse("kbench-o2"), v => Assert.EndsWith("-o2", v.Name));
        ConsumerVariant after = ConsumerVariants.Parse("kbench-rb-libbpf-after-o2").Single();
        Assert.Equal((ConsumerKind.KernelBenchBinary, StoreOrdering.SeqCst, TriggerMode.Edge, "kernel bench after-o2"),
            (after.Traits.Kind, after.Traits.Store, after.Traits.Trigger, after.Traits.Build));
        Assert.NotNull(after.RunsItself);
        var e = Assert.Throws<RingbenchException>(() => ConsumerVariants.Parse("kbench-rb-custom-after"));
        Assert.Contains("kbench-rb-libbpf-before", e.Message);
        Assert.Throws<RingbenchException>(() => ConsumerVariants.Parse("kbench-nothing"));
        Assert.Contains("kbench-pb-custom", ConsumerVariants.Grammar);
    }

    [SkippableTheory]
    [MemberData(nameof(Builds))]
    public void EachBuildClaimsTheStoreTriggerAndLevelOfItsDiff(string name)
    {
        KernelBenchBuild build = BuiltOrSkip(name);
        bool after = name.StartsWith("after", StringComparison.Ordinal);
        Assert.Equal((after ? "seqcst" : "release", after ? "edge" : "level"), (build.Store, build.Trigger));
        Assert.Equal(name.EndsWith("o0", StringComparison.Ordinal) ? "-O0" : "-O2", build.Optimisation);
        Assert.Matches("^(fentry|raw_tp)", build.Attach);
        Assert.Contains("linux", build.Source);
        Assert.True(File.Exists(build.BenchPath));
    }

    [SkippableTheory]
    [MemberData(nameof(Builds))]
    public void TheAfterBuildsHaveTheLockedStoreTheBeforeBuildsLack(string name)
    {
        KernelBenchBuild build = BuiltOrSkip(name);
        ObjectCode.SkipUnlessX86();
        var (code, disassembly, error) = Run("objdump", "-d", "--no-show-raw-insn", build.BenchPath);
        Skip.If(code != 0, "objdump is not available: " + error.Split('\n')[0]);
        string body = ObjectCode.ProcessRingBody(disassembly);
        Assert.False(body.Length == 0, "ringbuf_process_ring not found in the bench's code");
        Assert.Equal(build.Store == "seqcst", ObjectCode.HasLockedStore(body));
    }

    [SkippableTheory]
    [InlineData("before", "o0")]
    [InlineData("after", "o0")]
    [InlineData("after", "o2")]
    public void BothLibbpfBuildsConsumeTheKernelFedRing(string side, string level)
    {
        BuiltOrSkip($"{side}-{level}");
        KernelCollection.SkipUnlessBpfWorks();
        Scenario parallel = ScenarioCatalog.Find("parallel");
        ConsumerVariant variant = ConsumerVariants.KernelBenchBinary(ScriptBenchmark.RbLibbpf,
            side == "after" ? PatchSide.After : PatchSide.Before, level == "o2" ? BuildLevel.O2 : BuildLevel.O0);
        VariantRun run = ScenarioRun.Execute(parallel, SettingsOf("parallel"), variant, BpfProducer.DefaultObjectPath);
        // -w1 -d1: the bench reports iterations 0 to 2 and measures 1 and 2.
        Assert.Equal(3, run.Samples.Count);
        Assert.Equal(2, run.Measured.Count);
        Assert.True(run.Throughput.Mean > 0.1, $"{run.Throughput.Mean} M/s");
        Assert.False(run.Integrity.Checked);
        Assert.Equal(variant.Traits, run.Traits);
        Assert.Equal("kernel bench " + $"{side}-{level}", ResultRow.From(run).Build);
    }

    /// <summary>
    /// ringbench stopped while the kernel's own bench is the variant: SIGTERM ends the run as Ctrl-C
    /// does (exit 130) and the bench process it started goes with it, so no bench keeps loading BPF
    /// programs and spinning producers beside the next run.
    /// </summary>
    [SkippableFact]
    public void ASignalledRingbenchLeavesNoBenchRunning()
    {
        KernelBenchBuild build = BuiltOrSkip("before-o0");
        KernelCollection.SkipUnlessBpfWorks();
        string comm = Path.GetFileName(build.BenchPath);
        comm = comm[..Math.Min(comm.Length, 15)]; // /proc's comm is cut at 15 characters
        using var run = TestProcess.Start("dotnet", [CliTests.CliPath(), "run", "parallel", "-V", "kbench-rb-libbpf-before", "-w", "1", "-d", "30"]);
        var clock = System.Diagnostics.Stopwatch.StartNew();
        List<int> benches;
        while ((benches = ReaderProcessTests.Children(run.Process.Id, comm)).Count == 0 && clock.Elapsed < TimeSpan.FromSeconds(30) && !run.Process.HasExited)
            Thread.Sleep(100);
        Assert.True(benches.Count == 1, $"no bench ({comm}) started under ringbench (pid {run.Process.Id})");
        Thread.Sleep(1500); // mid-run
        using (var kill = System.Diagnostics.Process.Start("kill", ["-TERM", run.Process.Id.ToString(System.Globalization.CultureInfo.InvariantCulture)])!)
            kill.WaitForExit();
        var (exit, _, error) = run.Finish(TimeSpan.FromSeconds(30), "ringbench after SIGTERM");
        Assert.True(exit == 130, $"exit {exit}: {error}");
        var gone = System.Diagnostics.Stopwatch.StartNew();
        while (Directory.Exists($"/proc/{benches[0]}") && ReaderProcessTests.Children(0, comm).Contains(benches[0]) && gone.Elapsed < TimeSpan.FromSeconds(10))
            Thread.Sleep(100);
        Assert.False(ReaderProcessTests.Children(0, comm).Contains(benches[0]), $"the bench (pid {benches[0]}) outlived ringbench's SIGTERM by 10 s");
    }

    [SkippableFact]
    public void TheAttachChangeAppliesAndReversesCleanly()
    {
        string tree = FetchedTreeOrSkip();
        string work = Directory.CreateTempSubdirectory("ringbench-attach").FullName;
        try
        {
            const string progs = "tools/testing/selftests/bpf/progs";
            Directory.CreateDirectory(Path.Combine(work, progs));
            string[] files = ["ringbuf_bench.c", "perfbuf_bench.c"];
            var original = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(tree, progs, f)));
            foreach (string f in files)
                File.WriteAllBytes(Path.Combine(work, progs, f), original[f]);
            var (forward, o1, e1) = Run("patch", "-p1", "-d", work, "-i", AttachDiff);
            Assert.True(forward == 0, o1 + e1);
            Assert.All(files, f => Assert.Contains("SEC(\"raw_tp/sys_enter\")", File.ReadAllText(Path.Combine(work, progs, f))));
            Assert.All(files, f => Assert.DoesNotContain("fentry/", File.ReadAllText(Path.Combine(work, progs, f))));
            var (reverse, o2, e2) = Run("patch", "-p1", "-R", "-d", work, "-i", AttachDiff);
            Assert.True(reverse == 0, o2 + e2);
            Assert.All(files, f => Assert.Equal(original[f], File.ReadAllBytes(Path.Combine(work, progs, f))));
        }
        finally
        {
            Directory.Delete(work, true);
        }
    }

    [Fact]
    public void ATreeThatIsNotAKernelSourceGetsOneLine()
    {
        string notATree = Directory.CreateTempSubdirectory("ringbench-not-a-tree").FullName;
        string output = Directory.CreateTempSubdirectory("ringbench-kbench-out").FullName;
        try
        {
            var (code, stdout, stderr) = Run("bash", Script, output, "--tree", notATree);
            Assert.Equal(2, code);
            Assert.Equal("", stdout);
            string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
            Assert.Equal($"kernel-bench: {notATree} is not a kernel source tree (no tools/testing/selftests/bpf/benchs/bench_ringbufs.c)", line);
        }
        finally
        {
            Directory.Delete(notATree, true);
            Directory.Delete(output, true);
        }
    }

    [SkippableFact]
    public void ABenchThatWillNotBuildGetsOneLine()
    {
        string real = FetchedTreeOrSkip();
        string tree = Directory.CreateTempSubdirectory("ringbench-broken-tree").FullName;
        string output = Directory.CreateTempSubdirectory("ringbench-kbench-out").FullName;
        try
        {
            // Everything the build looks for is there and the seed diff applies; the selftests' Makefile fails.
            foreach (string file in new[] { "tools/testing/selftests/bpf/benchs/bench_ringbufs.c", "tools/testing/selftests/bpf/progs/ringbuf_bench.c",
                         "tools/testing/selftests/bpf/progs/perfbuf_bench.c", "tools/lib/bpf/ringbuf.c", "Makefile" })
            {
                Directory.CreateDirectory(Path.GetDirectoryName(Path.Combine(tree, file))!);
                File.Copy(Path.Combine(real, file), Path.Combine(tree, file));
            }
            File.WriteAllText(Path.Combine(tree, "tools/testing/selftests/bpf/Makefile"), "%:\n\t@echo 'error: broken on purpose'; exit 1\n");
            var (code, stdout, stderr) = Run("bash", Script, output, "--tree", tree);
            Assert.Equal(3, code);
            // One line says why; any other is a build's progress line ("kernel-bench: building the kernel bench before-o0").
            string[] lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
            string line = Assert.Single(lines, l => l.Contains("failed"));
            Assert.All(lines.Where(l => l != line), l => Assert.Matches(@"^kernel-bench: building the kernel bench \S+$", l));
            Assert.StartsWith("kernel-bench: building the kernel bench", line);
            Assert.Contains("failed: error: broken on purpose", line);
            Assert.False(Directory.EnumerateFiles(Path.Combine(output, "kernel-bench"), "bench-*").Any());
        }
        finally
        {
            Directory.Delete(tree, true);
            Directory.Delete(output, true);
        }
    }

    /// <summary>
    /// The ±5% judgement, measured: seeded paired trials with 10% noise common to a trial and 3%
    /// each variant's own, as this box's trials look. With no difference, a claim that ringbench is
    /// faster or slower by more than 5% must be rare; with a 15% difference it must be the usual call.
    /// </summary>
    [Fact]
    public void TheFivePercentJudgementRarelyInventsADifferenceAndFindsARealOne()
    {
        var random = new Random(20261129);
        double Normal() => Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
        (int Faster, int Slower, int Within) Draw(double truth, int draws)
        {
            int faster = 0, slower = 0, within = 0;
            for (int d = 0; d < draws; d++)
            {
                var bench = new List<(int, double)>();
                var ours = new List<(int, double)>();
                for (int t = 0; t < 5; t++)
                {
                    double common = Math.Exp(0.10 * Normal());
                    bench.Add((t, 10 * common * Math.Exp(0.03 * Normal())));
                    ours.Add((t, 10 * truth * common * Math.Exp(0.03 * Normal())));
                }
                string outcome = HarnessAgainstBench.Judge(RatioInterval.Paired(bench, ours));
                faster += outcome.StartsWith("ringbench faster", StringComparison.Ordinal) ? 1 : 0;
                slower += outcome.StartsWith("ringbench slower", StringComparison.Ordinal) ? 1 : 0;
                within += outcome.StartsWith("within", StringComparison.Ordinal) ? 1 : 0;
            }
            return (faster, slower, within);
        }
        var same = Draw(1.0, 2000);
        var real = Draw(1.15, 2000);
        output.WriteLine($"no difference: faster {same.Faster}, slower {same.Slower}, within {same.Within} of 2000; 1.15x: faster {real.Faster}, within {real.Within}");
        Assert.True(same.Faster + same.Slower < 20, $"a difference claimed in {same.Faster + same.Slower} of 2000 draws with none");
        Assert.True(real.Faster > 1600, $"a 15% difference called faster in only {real.Faster} of 2000 draws");
        Assert.Equal(0, real.Within);
    }
}

/// <summary>
/// The kernel's own bench beside ringbench's pair, as the main job runs it and the report's first
/// paragraph states it (issue 41): its pair on the headline rows only, a second longer a run in the
/// estimate, and the paragraph's counts the against-bench table's.
/// </summary>
public sealed class BenchBesideTests
{
    private static readonly string Repo = MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout");

    [Fact]
    public void TheMainJobRunsTheBenchsPairOnTheHeadlineRowsOnly()
    {
        var variants = ConsumerVariants.Parse(ConsumerVariants.MainJobSpec);
        var bench = variants.Where(v => v.Traits.Kind == ConsumerKind.KernelBenchBinary).ToList();
        // The pair of the same level as libbpf-before/-after (the seed's builds are -O2), so one library is measured by both harnesses.
        Assert.Equal(["kbench-rb-libbpf-before-o2", "kbench-rb-libbpf-after-o2"], bench.Select(v => v.Name));
        var plan = new MatrixPlan(ScenarioCatalog.All, bench, new BenchSettings { Backend = BackendKind.Kernel });
        var ran = ScenarioCatalog.All.Where(s => bench[0].RunsOn(s)).Select(s => s.Id).ToHashSet();
        Assert.Equal(ScenarioCatalog.HeadlineIds.ToHashSet(), ran);
        // Each of its runs is estimated a second longer than its settings: the bench's -d D measures D + 1 s.
        Assert.All(bench, v => Assert.Equal(KernelBenchProcess.SecondsBeyondDuration, v.ExtraSecondsPerRun));
        if (plan.RunsPerTrial > 0) // where the bench is built; its absence leaves the pair out of the plan
            Assert.Equal(plan.RunsPerTrial * 3.0, plan.SecondsPerTrial(2.0), 1e-9);
    }

    /// <summary>
    /// The main job's libbpf pair skips the control rows, which are judged on the kernel bench's
    /// consumer (A/A), and runs on every other row; main-full keeps it everywhere; the suffix
    /// survives into the settings a folder records, so a resumed job runs the same rows.
    /// </summary>
    [Fact]
    public void TheMainJobsLibbpfPairSkipsTheControlRowsOnly()
    {
        var pair = ConsumerVariants.Parse(ConsumerVariants.MainJobSpec).Where(v => v.Traits.Kind == ConsumerKind.Libbpf && v.Traits.Build == VariantTraits.SeedBuild
                                                                                && (v.Traits.IsBeforePatch || v.Traits.IsAfterPatch)).ToList();
        Assert.Equal(["libbpf-before", "libbpf-after"], pair.Select(v => v.Name));
        foreach (ConsumerVariant v in pair)
        {
            Assert.Equal(ScenarioCatalog.All.Where(s => !s.IsControl).Select(s => s.Id), ScenarioCatalog.All.Where(v.RunsOn).Select(s => s.Id));
            Assert.Equal(v.Name + ConsumerVariant.NoControlsSuffix, v.Spelling);
            Assert.Equal(ScenarioScope.NoControls, ConsumerVariants.Parse(v.Spelling).Single().Scope);
        }
        Assert.Equal(15, ScenarioCatalog.All.Count(s => s.IsControl));
        var full = ConsumerVariants.Parse(ConsumerVariants.MainFullSet).Where(v => v.Name is "libbpf-before" or "libbpf-after").ToList();
        Assert.Equal(2, full.Count);
        Assert.All(full, v => Assert.True(ScenarioCatalog.All.All(v.RunsOn)));
    }

    [Fact]
    public void TheFirstParagraphStatesTheBenchsPairAndTheAgreementTheTableHolds()
    {
        string dir = Path.Combine(Repo, "results", "2026-11-29-vm-kbench");
        FolderSummary summary = FolderSummary.Load(ResultFolder.Open(dir), PatchReference.DefaultFolder());
        Conclusion.BenchBeside bench = summary.Concluded.Bench ?? throw new Xunit.Sdk.XunitException("no bench beside the pair");
        Assert.Equal((PatchPair.KernelBenchO2Name, BuildLevel.O2, "parallel"), (bench.Pair.Pair, bench.Level, bench.Pair.Scenario));
        // The counts from against-bench.csv itself: headline rows, the -O2 bench pair's variants, the whole interval within ±5%.
        var table = ResultCsv.ReadPlain<HarnessAgainstBench.Row>(Path.Combine(dir, "against-bench.csv"))
            .Where(r => ScenarioCatalog.HeadlineIds.Contains(r.Scenario) && r.BenchVariant is "kbench-rb-libbpf-before-o2" or "kbench-rb-libbpf-after-o2").ToList();
        Assert.Equal(table.Count, bench.Compared);
        Assert.Equal(table.Count(r => r.Low >= 0.95 && r.High <= 1.05), bench.Within);
        Assert.Equal(["kbench-rb-libbpf-before-o2", "kbench-rb-libbpf-after-o2"], bench.Sides.Select(s => s.BenchVariant));
        string paragraph = string.Join(" ", ConclusionText.Sentences(summary.Concluded));
        Assert.Contains($"within ±5 % of the bench in {bench.Within} of {bench.Compared} comparisons", paragraph);
        Assert.Contains($"{bench.Sides[0].Interval!.Text()} before the patch", paragraph);
    }

    [Fact]
    public void WithoutTheBenchsPairTheParagraphSaysNothingOfIt()
    {
        string dir = Path.Combine(Repo, "results", "2026-11-29-vm-kbench");
        string copy = Directory.CreateTempSubdirectory("ringbench-nobench-").FullName;
        try
        {
            File.Copy(Path.Combine(dir, "machine.json"), Path.Combine(copy, "machine.json"));
            // The -O2 pair gone: the -O0 pair (the patch's protocol) speaks instead; all of the bench gone: no sentence.
            string[] lines = File.ReadAllLines(Path.Combine(dir, "results.csv"));
            File.WriteAllLines(Path.Combine(copy, "results.csv"), lines.Where(l => !l.Contains(",kbench-rb-libbpf-before-o2,") && !l.Contains(",kbench-rb-libbpf-after-o2,")));
            Conclusion.BenchBeside? o0 = FolderSummary.Load(ResultFolder.Open(copy), PatchReference.DefaultFolder()).Concluded.Bench;
            Assert.Equal((PatchPair.KernelBenchO0Name, (BuildLevel?)BuildLevel.O0), (o0?.Pair.Pair, o0?.Level));
            File.WriteAllLines(Path.Combine(copy, "results.csv"), lines.Where(l => !l.Contains(",kbench-")));
            var summary = FolderSummary.Load(ResultFolder.Open(copy), PatchReference.DefaultFolder());
            Assert.Null(summary.Concluded.Bench);
            Assert.DoesNotContain("kernel's own bench", string.Join(" ", ConclusionText.Sentences(summary.Concluded)));
        }
        finally
        {
            Directory.Delete(copy, true);
        }
    }
}
