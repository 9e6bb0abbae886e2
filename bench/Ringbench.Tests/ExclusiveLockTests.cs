using Ringbench.Results;
using Ringbench.Running;

namespace Ringbench.Tests;

/// <summary>
/// One benchmark at a time on a machine: the lock itself, and ringbench as processes that meet
/// it. Each test uses a lock file of its own (RINGBENCH_LOCK), so that holding it never makes
/// another test's benchmark wait.
/// </summary>
public sealed class ExclusiveLockTests : IDisposable
{
    private readonly string _dir = Directory.CreateTempSubdirectory("ringbench-lock-").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    private string LockFile => Path.Combine(_dir, "machine.lock");

    private Dictionary<string, string> Env => new() { ["RINGBENCH_LOCK"] = LockFile };

    private TestProcess.Running Ringbench(params string[] args) => TestProcess.Start("dotnet", [CliTests.CliPath(), .. args], environment: Env);

    [Fact]
    public void ASecondHolderIsRefusedAndTheHolderNamedUntilTheFirstLetsGo()
    {
        using (ExclusiveLock? first = ExclusiveLock.TryTake(LockFile, "the first", out _))
        {
            Assert.NotNull(first);
            Assert.Null(ExclusiveLock.TryTake(LockFile, "the second", out string heldBy));
            Assert.StartsWith($"pid {Environment.ProcessId}: the first, since ", heldBy);
        }
        // Free once the first lets go; a process another test forks at that moment holds a copy of
        // the fd until its exec closes it (O_CLOEXEC), so look again for a moment (CI saw it once).
        ExclusiveLock? taken = null;
        for (DateTime limit = DateTime.UtcNow.AddSeconds(5); taken is null && DateTime.UtcNow < limit; Thread.Sleep(20))
            taken = ExclusiveLock.TryTake(LockFile, "the second", out _);
        using ExclusiveLock? again = taken;
        Assert.NotNull(again);
        Assert.StartsWith($"pid {Environment.ProcessId}: the second", ExclusiveLock.Holder(LockFile));
    }

    [Fact]
    public void AKilledHolderLeavesNoStaleLock()
    {
        // flock in a shell of its own, killed while it holds the lock: the kernel releases it.
        using var holder = TestProcess.Start("flock", ["-o", LockFile, "sleep", "60"]);
        DateTime until = DateTime.UtcNow.AddSeconds(10);
        while (ExclusiveLock.TryTake(LockFile, "probe", out _) is { } early)
        {
            early.Dispose(); // the shell has not taken it yet
            Assert.True(DateTime.UtcNow < until, "flock never took the lock");
            Thread.Sleep(50);
        }
        holder.Process.Kill(entireProcessTree: true);
        holder.Process.WaitForExit();
        // The lock goes with the last process that had the file open: the killed ones are reaped within moments.
        ExclusiveLock? taken = null;
        string heldBy = "";
        for (DateTime limit = DateTime.UtcNow.AddSeconds(5); taken is null && DateTime.UtcNow < limit; Thread.Sleep(50))
            taken = ExclusiveLock.TryTake(LockFile, "after the kill", out heldBy);
        using ExclusiveLock? released = taken;
        Assert.True(taken is not null, $"still held after the kill: {heldBy}");
    }

    [SkippableFact]
    public void NoWaitRefusesAtOnceNamingTheRunningBenchmark()
    {
        KernelCollection.SkipUnlessBpfWorks();
        using ExclusiveLock? held = ExclusiveLock.TryTake(LockFile, "matrix into results/other", out _);
        using var second = Ringbench("run", "parallel", "-V", "lt-release", "-w", "0", "-d", "1", "--no-wait");
        var (exit, _, err) = second.Finish(TimeSpan.FromMinutes(2), "run --no-wait");
        Assert.Equal(3, exit);
        Assert.Contains($"another benchmark is running on this machine (pid {Environment.ProcessId}: matrix into results/other", err);
    }

    [SkippableFact]
    public void ARunWaitsForTheRunningBenchmarkAndThenRuns()
    {
        KernelCollection.SkipUnlessBpfWorks();
        ExclusiveLock? held = ExclusiveLock.TryTake(LockFile, "stress into results/other", out _);
        using var second = Ringbench("run", "parallel", "-V", "lt-release", "-w", "0", "-d", "1");
        Thread.Sleep(TimeSpan.FromSeconds(4)); // long enough for a one-second run that did not wait
        Assert.False(second.Process.HasExited, "the run did not wait for the lock");
        held!.Dispose();
        var (exit, _, err) = second.Finish(TimeSpan.FromMinutes(2), "run after waiting");
        Assert.True(exit == 0, err);
        Assert.Contains($"waiting for the benchmark already running on this machine (pid {Environment.ProcessId}: stress into results/other", err);
    }

    [SkippableFact]
    public void TwoMatricesStartedTogetherRunOneAfterTheOther()
    {
        KernelCollection.SkipUnlessBpfWorks();
        string a = Path.Combine(_dir, "a"), b = Path.Combine(_dir, "b");
        string[] Args(string folder) => ["matrix", "-s", "parallel,b2b", "-V", "lt-release", "-t", "1", "-w", "0", "-d", "2", "-o", folder];
        using var first = Ringbench(Args(a));
        Thread.Sleep(300);
        using var second = Ringbench(Args(b));
        var one = first.Finish(TimeSpan.FromMinutes(3), "first matrix");
        var two = second.Finish(TimeSpan.FromMinutes(3), "second matrix");
        Assert.True(one.ExitCode == 0, one.Stderr);
        Assert.True(two.ExitCode == 0, two.Stderr);
        Assert.Contains("waiting for the benchmark already running on this machine", one.Stderr + two.Stderr);
        var rowsA = ResultCsv.Read<ResultRow>(Path.Combine(a, ResultFolder.ResultsFile));
        var rowsB = ResultCsv.Read<ResultRow>(Path.Combine(b, ResultFolder.ResultsFile));
        Assert.Equal(2, rowsA.Count); // each folder whole
        Assert.Equal(2, rowsB.Count);
        // No run of one overlaps a run of the other: every run of the later folder starts after every run of the earlier has measured.
        var (early, late) = rowsA.Min(r => r.StartedAt) < rowsB.Min(r => r.StartedAt) ? (rowsA, rowsB) : (rowsB, rowsA);
        DateTimeOffset earlyEnd = early.Max(r => r.StartedAt + TimeSpan.FromSeconds(r.SetupSeconds + r.SampleCount));
        Assert.True(late.Min(r => r.StartedAt) >= earlyEnd, $"{late.Min(r => r.StartedAt):O} < {earlyEnd:O}");
    }

    [Fact]
    public void ResumeRefusesAFolderAnotherProcessIsWriting()
    {
        string folder = Path.Combine(_dir, "writing");
        Directory.CreateDirectory(folder);
        using ExclusiveLock? writer = ExclusiveLock.TryTake(ExclusiveLock.FolderLockPath(folder), "matrix", out _);
        // The folder's lock sits beside the machine's default one: the child must see the same place (no RINGBENCH_LOCK).
        using var resume = TestProcess.Start("dotnet", [CliTests.CliPath(), "matrix", "--backend", "sim", "--resume", folder]);
        var (exit, _, err) = resume.Finish(TimeSpan.FromMinutes(2), "matrix --resume");
        Assert.Equal(2, exit);
        Assert.Contains($"cannot resume {folder}: another ringbench is writing it (pid {Environment.ProcessId}: matrix", err);
    }
}
