namespace Ringbench.Kernel;

/// <summary>A program's accumulated run time and run count (struct bpf_prog_info's run_time_ns, run_cnt).</summary>
public readonly record struct BpfProgramRunTime(long Nanoseconds, long Runs)
{
    public static BpfProgramRunTime operator -(BpfProgramRunTime a, BpfProgramRunTime b) => new(a.Nanoseconds - b.Nanoseconds, a.Runs - b.Runs);
}

/// <summary>
/// The kernel's BPF run-time statistics for the length of a run. They are turned on with
/// bpf_enable_stats(BPF_STATS_RUN_TIME), which hands back an fd: the kernel keeps them on while
/// any such fd is open (kernel/bpf/syscall.c since Linux 5.8: bpf_enable_runtime_stats takes a
/// reference on bpf_stats_enabled_key for an anon-inode fd, dropped when the fd is released), so
/// closing it, or the process dying, turns them off again. The sysctl kernel.bpf_stats_enabled
/// would stay on after a killed run and slow every BPF program on the box; the fd cannot. (The
/// sysctl shows only what the sysctl itself turned on: it reads 0 while an fd holds statistics
/// on, so whether they are on is seen by a program's run count moving, as the tests do.) The command needs CAP_SYS_ADMIN: with CAP_BPF alone the run says so and
/// reports the other costs.
/// <para>
/// While on, the kernel times every run of every program (two clock reads a run), so the
/// producer's own cost grows a little; the run's results say the statistics were on.
/// </para>
/// </summary>
public sealed class BpfRunStats : IDisposable
{
    private readonly FileDescriptorHandle? _fd;

    private BpfRunStats(FileDescriptorHandle? fd, string? unavailable)
    {
        _fd = fd;
        Unavailable = unavailable;
    }

    /// <summary>Why there are no statistics this run (null when they are on).</summary>
    public string? Unavailable { get; }

    /// <summary>Turns the statistics on for as long as this object lives; never throws: a refusal is <see cref="Unavailable"/>.</summary>
    public static BpfRunStats Enable()
    {
        int fd = LibBpf.bpf_enable_stats(LibBpf.BpfStatsRunTime);
        return fd >= 0 ? new BpfRunStats(new FileDescriptorHandle(fd), null)
            : new BpfRunStats(null, $"BPF run-time statistics not available: the kernel refused bpf_enable_stats ({LibC.ErrnoText(-fd)})");
    }

    /// <summary>A program's totals so far, or null where the statistics are off or the program cannot be read.</summary>
    public static unsafe BpfProgramRunTime? Read(int programFd)
    {
        ulong nanoseconds, runs;
        return programFd >= 0 && NativeShim.ringbench_prog_run_stats(programFd, &nanoseconds, &runs) == 0
            ? new BpfProgramRunTime((long)nanoseconds, (long)runs) : null;
    }

    public void Dispose() => _fd?.Dispose();
}
