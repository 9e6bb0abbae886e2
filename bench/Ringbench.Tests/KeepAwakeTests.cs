using Ringbench.Results;
using Ringbench.Running;
using Ringbench.Scenarios;

namespace Ringbench.Tests;

/// <summary>--keep-awake: a SCHED_IDLE spinner pinned to every CPU while a run lasts, and folders that say they ran so.</summary>
[Collection(PinnedCpusCollection.Name)]
public class KeepAwakeTests
{
    /// <summary>The spinners as the kernel sees them: the threads of this process named keep-awake-N, by tid.</summary>
    private static Dictionary<int, string> SpinnerTasks() =>
        Directory.GetDirectories("/proc/self/task")
            .Select(d => (Tid: int.Parse(Path.GetFileName(d)), Comm: TryRead(Path.Combine(d, "comm"))?.Trim() ?? ""))
            .Where(t => t.Comm.StartsWith("keep-awake-", StringComparison.Ordinal))
            .ToDictionary(t => t.Tid, t => t.Comm);

    private static string? TryRead(string path)
    {
        try { return File.ReadAllText(path); }
        catch (IOException) { return null; } // the thread ended between the listing and the read
    }

    /// <summary>The scheduling policy of a thread: field 41 of its stat, counted after the command's closing parenthesis.</summary>
    private static int Policy(int tid)
    {
        string stat = File.ReadAllText($"/proc/self/task/{tid}/stat");
        string[] fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return int.Parse(fields[41 - 3]);
    }

    private static string AllowedList(int tid) =>
        File.ReadLines($"/proc/self/task/{tid}/status").Single(l => l.StartsWith("Cpus_allowed_list:", StringComparison.Ordinal)).Split(':')[1].Trim();

    [SkippableFact]
    public void EachAllowedCpuGetsOneSpinnerAtSchedIdleUntilTheRunEnds()
    {
        PinnedCpusCollection.SkipUnlessAvailable();
        // The loop is the shim's: a shim built before it would fail here, in words, not in a spinner thread.
        Assert.Null(Kernel.NativeShim.SpinnerMissing());
        using (BusyNeighbours off = BusyNeighbours.KeepCpusAwake(new BenchSettings()))
            Assert.Equal(0, off.Count);
        Assert.Empty(SpinnerTasks());

        IReadOnlyList<int> cpus = CpuAffinity.AllowedCpus();
        Assert.Equal(Environment.ProcessorCount, cpus.Count);
        using (BusyNeighbours on = BusyNeighbours.KeepCpusAwake(new BenchSettings { KeepAwake = true }))
        {
            Assert.Equal(cpus.Count, on.Count);
            Dictionary<int, string> tasks = SpinnerTasks();
            Assert.Equal(cpus.Count, tasks.Count);
            // Each pinned to one CPU, every allowed CPU covered, each at SCHED_IDLE (5), before the factory returned.
            Assert.Equal(cpus.Select(c => c.ToString()).Order(), tasks.Keys.Select(AllowedList).Order());
            Assert.All(tasks.Keys, tid => Assert.Equal(Kernel.LibC.SchedIdle, Policy(tid)));
        }
        // Join returns when a thread's managed work is done; the kernel's task goes a moment later
        // (one was still listed in a CI run), so gone means gone within a few seconds.
        var wait = System.Diagnostics.Stopwatch.StartNew();
        while (SpinnerTasks().Count > 0 && wait.Elapsed < TimeSpan.FromSeconds(5))
            Thread.Sleep(20);
        Assert.Empty(SpinnerTasks());
    }

    [Fact]
    public void AFolderSaysItRanWithIdleCpusKeptAwakeAndAResumeMustMatch()
    {
        var halting = new MatrixSettings { WarmupSeconds = 1, DurationSeconds = 1 };
        var awake = halting with { KeepAwake = true };
        Assert.Equal("idle CPUs kept awake vs halting", awake.FirstDifference(halting));
        Assert.Contains("Idle CPUs kept awake", new MachineInfo { Settings = awake }.Description);
        Assert.DoesNotContain("kept awake", new MachineInfo { Settings = halting }.Description);

        // A machine.json from before the field reads as a run whose CPUs halted.
        string dir = Directory.CreateTempSubdirectory("ringbench-keep-awake-").FullName;
        try
        {
            string path = Path.Combine(dir, "machine.json");
            new MachineInfo { Settings = awake }.Save(path);
            Assert.True(MachineInfo.Load(path).Settings.KeepAwake);
            File.WriteAllText(path, File.ReadAllText(path).Replace("\"keep_awake\": true,", ""));
            Assert.DoesNotContain("keep_awake", File.ReadAllText(path));
            Assert.False(MachineInfo.Load(path).Settings.KeepAwake);
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }

    [Fact]
    public void MatrixDefaultsReachTheFolderSettings()
    {
        var plan = new MatrixPlan([ScenarioCatalog.Find("parallel")], [Ring.ConsumerVariants.LevelRelease], new BenchSettings { KeepAwake = true });
        Assert.True(plan.Settings.KeepAwake);
        Assert.True(ScenarioCatalog.Find("parallel").Settings(plan.Defaults).KeepAwake);
    }
}
