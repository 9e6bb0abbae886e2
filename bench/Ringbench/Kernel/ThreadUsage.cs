namespace Ringbench.Kernel;

/// <summary>
/// A thread's own CPU time and context switches so far: getrusage(RUSAGE_THREAD), which reads
/// only the calling thread's, so each thread takes its own before and after.
/// </summary>
public readonly record struct ThreadUsage(double UserSeconds, double SystemSeconds, long VoluntarySwitches, long InvoluntarySwitches)
{
    public static unsafe ThreadUsage Now()
    {
        LibC.RUsage usage;
        LibC.getrusage(LibC.RusageThread, &usage);
        return new ThreadUsage(usage.UserTime.Seconds + usage.UserTime.Microseconds / 1e6,
            usage.SystemTime.Seconds + usage.SystemTime.Microseconds / 1e6, usage.VoluntarySwitches, usage.InvoluntarySwitches);
    }

    public double CpuSeconds => UserSeconds + SystemSeconds;

    public static ThreadUsage operator -(ThreadUsage a, ThreadUsage b) => new(a.UserSeconds - b.UserSeconds,
        a.SystemSeconds - b.SystemSeconds, a.VoluntarySwitches - b.VoluntarySwitches, a.InvoluntarySwitches - b.InvoluntarySwitches);

    public static ThreadUsage operator +(ThreadUsage a, ThreadUsage b) => new(a.UserSeconds + b.UserSeconds,
        a.SystemSeconds + b.SystemSeconds, a.VoluntarySwitches + b.VoluntarySwitches, a.InvoluntarySwitches + b.InvoluntarySwitches);
}
