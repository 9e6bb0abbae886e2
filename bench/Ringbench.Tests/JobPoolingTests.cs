using Ringbench.Analysis;
using Ringbench.Results;
using Xunit.Abstractions;

namespace Ringbench.Tests;

/// <summary>
/// Pooling jobs of one machine and commit (<see cref="JobPooling"/>): the between-job component's
/// coverage measured by a seeded simulation with known truth, against a pooling that ignores the
/// jobs; and jobs that are two questions refused in one line.
/// </summary>
public sealed class JobPoolingTests(ITestOutputHelper output) : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-pool-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private const int Experiments = 200;
    private const int Seed = 20261206;

    public static TheoryData<double, int, int> Cells()
    {
        var cells = new TheoryData<double, int, int>();
        foreach (double share in VerdictSimulation.PoolShares)
            foreach (var (jobs, trials) in new[] { (2, 4), (2, 6), (3, 4) })
                cells.Add(share, jobs, trials);
        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void PooledIntervalsCoverTheTruthWhateverTheJobsShare(double share, int jobs, int trials)
    {
        var cell = VerdictSimulation.PooledJobs(share, jobs, trials, 40, Experiments, Seed);
        output.WriteLine(cell.Row());
        Assert.True(cell.Coverage >= 0.93, cell.Row());
        Assert.True(cell.FalseVerdicts <= 1 - SequentialPlan.FamilyConfidence, cell.Row());
    }

    [Fact]
    public void IgnoringTheJobsClaimsAPrecisionTheyDoNotHave()
    {
        // The check on the component itself: with a job effect as large as the trials' spread, the
        // trials pooled as one job's cover the truth far less often than they claim; with none, both hold.
        var shared = VerdictSimulation.PooledJobs(1, 2, 6, 40, Experiments, Seed);
        output.WriteLine(shared.Row());
        Assert.True(shared.NaiveCoverage < 0.85, shared.Row());
        Assert.True(shared.Coverage >= 0.93, shared.Row());
        var none = VerdictSimulation.PooledJobs(0, 2, 6, 40, Experiments, Seed);
        output.WriteLine(none.Row());
        Assert.True(none.NaiveCoverage >= 0.93 && none.Coverage >= 0.93, none.Row());
        // The share is estimated, not assumed: near what was drawn.
        Assert.InRange(VerdictSimulation.PooledJobs(4, 2, 6, 40, Experiments, Seed).MeanEstimatedShare, 3, 5);
    }

    [Fact]
    public void JobsOfAnotherCommitOrMachineAreRefusedInOneLine()
    {
        FolderSummary Job(string name, string commit, string host)
        {
            ResultFolder folder = ResultFolder.CreateNew(Path.Combine(_dir, name));
            new MachineInfo { Hostname = host, CpuModel = "c", Cpus = 2, Kernel = "6.1", Virtualization = "kvm", Commit = commit }.Save(folder.MachineJson);
            for (int trial = 0; trial < 3; trial++)
            {
                folder.Record(ResultCsvTests.FakeRun("b2b", "lt-release", 10e6) with { Trial = trial });
                folder.Record(ResultCsvTests.FakeRun("b2b", "et-seqcst", 11e6 * (1 + 0.01 * trial)) with { Trial = trial });
            }
            return FolderSummary.Load(folder, null);
        }
        FolderSummary a = Job("a", "abc", "h"), b = Job("b", "def", "h"), c = Job("c", "abc", "other"), d = Job("d", "abc", "h");
        var commit = Assert.Throws<RingbenchException>(() => JobPooling.Compute([a, b]));
        Assert.Equal(ExitCode.Usage, commit.ExitCode);
        Assert.Equal("pool: b ran another commit (def against abc); compare builds with ./run-bench.sh compare", commit.Message);
        Assert.Contains("ran on another machine", Assert.Throws<RingbenchException>(() => JobPooling.Compute([a, c])).Message);
        Assert.DoesNotContain('\n', Assert.Throws<RingbenchException>(() => JobPooling.Compute([a, c])).Message);
        Assert.Throws<RingbenchException>(() => JobPooling.Compute([a]));
        // Two jobs of one machine and commit pool: one row, two jobs, six trials.
        JobPooling.Result pool = JobPooling.Compute([a, d]);
        PairResult row = Assert.Single(pool.Pooled);
        Assert.Equal(6, row.Ratio.Trials);
        Assert.Equal(2, pool.PerJob.Single().PerJob.Count);
        Assert.True(row.Ratio.HasInterval);
    }
}
