using System.Diagnostics;

namespace Ringbench.Tests;

/// <summary>
/// Tests that run the simulated ring on threads pinned to CPUs 0 and 1 (as a run pins its consumer
/// and producers) and assert on rates: they run alone, never beside another class's spinning
/// threads on the same two CPUs, so a rate band or a polls-a-second floor says something about
/// the code and not about what else the test host ran at that moment.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public class PinnedCpusCollection
{
    public const string Name = "pinned CPUs";

    /// <summary>Skips the calling test, with the reason, where this process may not run on CPUs 0 and 1 (a cgroup or a container's cpuset).</summary>
    public static void SkipUnlessAvailable()
    {
        Skip.IfNot(OperatingSystem.IsLinux(), "the simulation pins threads with sched_setaffinity: Linux only");
        if (OperatingSystem.IsLinux())
        {
            long mask = (long)Process.GetCurrentProcess().ProcessorAffinity;
            Skip.If((mask & 0b11) != 0b11, $"the tests pin threads to CPUs 0 and 1, and this process may run only on CPU mask 0x{mask:x}");
        }
    }
}
