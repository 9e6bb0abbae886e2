using Ringbench.Analysis;
using Ringbench.Results;
using Ringbench.Ring;
using Ringbench.Running;
using Ringbench.Scenarios;
using Ringbench.Reports;

namespace Ringbench.Tests;

[Collection(PinnedCpusCollection.Name)]
public class AdaptiveTrialsTests
{
    private static ResultRow Row(string scenario, string variant, int trial, double mean) => new()
    {
        Scenario = scenario, Group = "g", Label = "l", Variant = variant, Trial = trial, ThroughputMean = mean,
        ThroughputStdDev = 0.1, SampleCount = 5, IntegrityOk = true,
    };

    [SkippableFact]
    public void OpenIsWhatTheReportWouldSayUndecided()
    {
        var rows = new List<ResultRow>();
        for (int t = 0; t < 3; t++)
        {
            rows.Add(Row("steady", "lt-release", t, 10 + 0.01 * t));
            rows.Add(Row("steady", "et-seqcst", t, 10.02 - 0.01 * t));
            rows.Add(Row("noisy", "lt-release", t, 10));
            rows.Add(Row("noisy", "et-seqcst", t, new[] { 7.0, 13.0, 10.5 }[t]));
        }
        var statuses = AdaptiveTrials.Assess(rows, [], 0.95).ToDictionary(s => s.Scenario);
        Assert.False(statuses["steady"].Open);
        Assert.Contains("same", statuses["steady"].Why);
        Assert.True(statuses["noisy"].Open);
        Assert.Contains("too noisy", statuses["noisy"].Why);
        Assert.Equal(3, statuses["noisy"].Trials);
    }

    private sealed class Quiet : IMatrixObserver
    {
        public List<string?> Stops { get; } = [];
        public void Starting(int position, int total, Scenario scenario, TrialSchedule.Slot slot, BenchSettings settings) { }
        public void Sampled(Sample sample) { }
        public void Finished(VariantRun run, double overheadSeconds) { }
        public void Skipped(int alreadyDone) { }
        public void NotRun(Scenario scenario, ConsumerVariant variant, string why) { }
        public void Looked(IReadOnlyList<AdaptiveTrials.Status> statuses, IReadOnlyList<TrialAllocation.Grant> grants, string? stoppedBecause) =>
            Stops.Add(stoppedBecause);
    }

    /// <summary>
    /// The first look's trials, made by hand so the truth is known without the code under test:
    /// b2b's pair gives the same ratio (1.00x) in both trials, so its interval is a point inside the
    /// patch's "no change" band (settled); parallel's pair gives 0.5x then 4x, an interval that
    /// holds both no change and the patch's 2.09x (open). Judged against the patch's reference,
    /// as the main job judges.
    /// </summary>
    private static (ResultFolder Folder, MatrixPlan Plan) FirstLookByHand(string dir, TimeSpan? budget)
    {
        var folder = ResultFolder.CreateNew(dir);
        foreach (var (scenario, trial, before, after) in new[]
                 { ("b2b", 0, 10e6, 10e6), ("b2b", 1, 12e6, 12e6), ("parallel", 0, 10e6, 5e6), ("parallel", 1, 10e6, 40e6) })
        {
            folder.Record(ResultCsvTests.FakeRun(scenario, "lt-release", before) with { Trial = trial });
            folder.Record(ResultCsvTests.FakeRun(scenario, "et-seqcst", after) with { Trial = trial });
        }
        var plan = new MatrixPlan([ScenarioCatalog.Find("b2b"), ScenarioCatalog.Find("parallel")],
            [ConsumerVariants.LevelRelease, ConsumerVariants.EdgeSeqCst],
            new BenchSettings { WarmupSeconds = 0, DurationSeconds = 1, Backend = BackendKind.Simulated }, Trials: 3)
        {
            Adaptive = SequentialPlan.Parse("2,3"),
            Budget = budget,
            Reference = FolderSummary.ReferenceRun.Load(PatchReference.DefaultFolder() ?? throw new InvalidOperationException("no patch reference")).Rows,
        };
        return (folder, plan);
    }

    /// <summary>Records the order the matrix starts its runs in.</summary>
    private sealed class Order : IMatrixObserver
    {
        public List<(string Scenario, int Trial, string Variant)> Started { get; } = [];
        public void Starting(int position, int total, Scenario scenario, TrialSchedule.Slot slot, BenchSettings settings) =>
            Started.Add((scenario.Id, slot.Trial, slot.Variant.Name));
        public void Sampled(Sample sample) { }
        public void Finished(VariantRun run, double overheadSeconds) { }
        public void Skipped(int alreadyDone) { }
        public List<(string Scenario, string Variant)> NotRunPairs { get; } = [];
        public void NotRun(Scenario scenario, ConsumerVariant variant, string why) => NotRunPairs.Add((scenario.Id, variant.Name));
    }

    [SkippableFact]
    public void AVariantIsSaidNotToRunOnlyWhereItWouldHaveRun()
    {
        PinnedCpusCollection.SkipUnlessAvailable();
        string dir = Path.Combine(Path.GetTempPath(), $"ringbench-notrun-{Guid.NewGuid():N}");
        try
        {
            // The kernel bench on the headline rows cannot run on the simulated backend: said for parallel
            // (a headline row), not for b2b-sampled, where @headline would not have run it anyway.
            var bench = ConsumerVariants.Parse("kbench-rb-libbpf-before-o2@headline").Single();
            var plan = new MatrixPlan([ScenarioCatalog.Find("parallel"), ScenarioCatalog.Find("b2b-sampled")],
                [ConsumerVariants.LevelRelease, bench],
                new BenchSettings { WarmupSeconds = 0, DurationSeconds = 1, Backend = BackendKind.Simulated }, Trials: 1);
            var order = new Order();
            Assert.True(MatrixRun.Execute(plan, ResultFolder.CreateNew(dir), MachineInfo.Probe(plan.Settings, "not used (sim)"), "/unused.bpf.o", order, CancellationToken.None));
            Assert.Equal([("parallel", bench.Name)], order.NotRunPairs);
            Assert.Equal(2, order.Started.Count);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, recursive: true);
        }
    }

    [SkippableFact]
    public void TheMatrixRunsTrialMajorSoDriftSpreadsOverEveryRow()
    {
        PinnedCpusCollection.SkipUnlessAvailable();
        string dir = Path.Combine(Path.GetTempPath(), $"ringbench-order-{Guid.NewGuid():N}");
        try
        {
            var plan = new MatrixPlan([ScenarioCatalog.Find("b2b"), ScenarioCatalog.Find("parallel")],
                [ConsumerVariants.LevelRelease, ConsumerVariants.EdgeSeqCst],
                new BenchSettings { WarmupSeconds = 0, DurationSeconds = 1, Backend = BackendKind.Simulated }, Trials: 2);
            var order = new Order();
            Assert.True(MatrixRun.Execute(plan, ResultFolder.CreateNew(dir), MachineInfo.Probe(plan.Settings, "not used (sim)"), "/unused.bpf.o", order, CancellationToken.None));
            Assert.Equal(8, order.Started.Count);
            // Every scenario's first trial before any scenario's second; within a pass, scenarios in catalog order.
            Assert.Equal([0, 0, 0, 0, 1, 1, 1, 1], order.Started.Select(s => s.Trial));
            Assert.Equal(["b2b", "b2b", "parallel", "parallel", "b2b", "b2b", "parallel", "parallel"], order.Started.Select(s => s.Scenario));
            // The variants' order rotates per trial.
            Assert.NotEqual(order.Started[0].Variant, order.Started[4].Variant);
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }

    [SkippableFact]
    public void OnlyTheOpenVerdictGetsTheNextLookAndOnlyItsPair()
    {
        PinnedCpusCollection.SkipUnlessAvailable();
        string dir = Path.Combine(Path.GetTempPath(), $"ringbench-adaptive-{Guid.NewGuid():N}");
        try
        {
            var (folder, plan) = FirstLookByHand(dir, budget: null);
            var observer = new Quiet();
            Assert.True(MatrixRun.Execute(plan, folder, MachineInfo.Probe(plan.Settings, "not used (sim)"), "/unused.bpf.o", observer, CancellationToken.None));
            var trials = folder.Completed().GroupBy(r => (r.Scenario, r.Variant)).ToDictionary(g => g.Key, g => g.Count());
            Assert.Equal(2, trials[("b2b", "lt-release")]);
            Assert.Equal(2, trials[("b2b", "et-seqcst")]);
            Assert.Equal(3, trials[("parallel", "lt-release")]);
            Assert.Equal(3, trials[("parallel", "et-seqcst")]);
            Assert.NotNull(observer.Stops.Last());
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }

    [SkippableFact]
    public void ABudgetTooSmallForTheNextLookStopsWithTheBudgetAsTheReason()
    {
        PinnedCpusCollection.SkipUnlessAvailable();
        string dir = Path.Combine(Path.GetTempPath(), $"ringbench-adaptive-{Guid.NewGuid():N}");
        try
        {
            var (folder, plan) = FirstLookByHand(dir, budget: TimeSpan.FromSeconds(0.5));
            var observer = new Quiet();
            MatrixRun.Execute(plan, folder, MachineInfo.Probe(plan.Settings, "not used (sim)"), "/unused.bpf.o", observer, CancellationToken.None);
            Assert.Equal(8, folder.Completed().Count); // nothing ran past the first look
            Assert.Contains("budget", observer.Stops.Single());
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }

    [SkippableFact]
    public void AutoTrialsGoOnOnlyWhereTheVerdictIsOpenAndTheKernelBenchsSecondColumnRunsOnlyOnControls()
    {
        PinnedCpusCollection.SkipUnlessAvailable();
        string dir = Path.Combine(Path.GetTempPath(), $"ringbench-adaptive-{Guid.NewGuid():N}");
        try
        {
            var plan = new MatrixPlan([ScenarioCatalog.Find("b2b"), ScenarioCatalog.Find("reserve"), ScenarioCatalog.Find("multi-producer-1")],
                [ConsumerVariants.LevelRelease, ConsumerVariants.EdgeSeqCst, ConsumerVariants.KernelBench, ConsumerVariants.KernelBenchAgain],
                new BenchSettings { WarmupSeconds = 0, DurationSeconds = 1, Backend = BackendKind.Simulated }, Trials: 3)
            {
                Adaptive = SequentialPlan.Parse("2,3"),
            };
            var folder = ResultFolder.CreateNew(dir);
            var machine = MachineInfo.Probe(plan.Settings, "not used (sim)");
            var observer = new Quiet();
            Assert.True(MatrixRun.Execute(plan, folder, machine, "/unused.bpf.o", observer, CancellationToken.None));

            IReadOnlyList<ResultRow> rows = folder.Completed();
            // The A/A's second column only on the control row; the bench's consumer where the script runs rb-custom (b2b, reserve), not multi-producer.
            Assert.DoesNotContain(rows, r => r.Variant == "kernel-bench-2" && r.Scenario != "reserve");
            Assert.Contains(rows, r => r.Variant == "kernel-bench-2" && r.Scenario == "reserve");
            Assert.Equal(["b2b", "reserve"], rows.Where(r => r.Variant == "kernel-bench").Select(r => r.Scenario).Distinct().Order());
            double confidence = SequentialPlan.Parse("2,3").Confidence;
            foreach (var scenario in rows.GroupBy(r => r.Scenario))
            {
                int trials = scenario.Max(r => r.Trial) + 1;
                Assert.InRange(trials, 2, 3);
                // A scenario got its third trial exactly when its verdict was open at the second.
                var atFirstLook = AdaptiveTrials.Assess(scenario.Where(r => r.Trial < 2).ToList(), [], confidence).Single();
                Assert.Equal(atFirstLook.Open, trials == 3);
                // ...and only the pair its verdict is on ran it: the kernel bench's consumer keeps its first look's trials.
                Assert.All(scenario.Where(r => r.Trial == 2), r => Assert.Contains(r.Variant, new[] { "lt-release", "et-seqcst" }));
            }
            Assert.NotNull(observer.Stops.Last());
            FolderOutputs.Write(folder, null);
            Assert.Contains("adaptive trials", File.ReadAllText(folder.SummaryMarkdown));
        }
        finally
        {
            if (Directory.Exists(dir))
                Directory.Delete(dir, true);
        }
    }
}
