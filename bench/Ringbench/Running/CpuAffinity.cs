using System.Runtime.InteropServices;
using Ringbench.Kernel;
using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>
/// Which CPU each thread runs on, as the kernel bench's -a does it: with no explicit lists
/// the consumer takes CPU 0 and producers the following CPUs in turn, wrapping around the
/// CPU count; explicit lists are cycled through. Null means "not pinned".
/// </summary>
public sealed record CpuAffinity(int? ConsumerCpu, IReadOnlyList<int?> ProducerCpus)
{
    public static CpuAffinity Plan(BenchSettings settings, int producers, int cpuCount)
    {
        if (!settings.Affinity && settings.ProducerCpus is null && settings.ConsumerCpus is null)
            return new CpuAffinity(null, Enumerable.Repeat<int?>(null, producers).ToList());

        int next = 0; // the bench's shared "next CPU" counter for threads without a list
        int NextCpu(IReadOnlyList<int>? list, int index)
        {
            if (list is { Count: > 0 })
                return list[index % list.Count];
            return next++ % cpuCount;
        }
        int consumer = NextCpu(settings.ConsumerCpus, 0);
        var producerCpus = new List<int?>(producers);
        for (int i = 0; i < producers; i++)
            producerCpus.Add(NextCpu(settings.ProducerCpus, i));
        return new CpuAffinity(consumer, producerCpus);
    }

    /// <summary>A cpu_set_t as sched_setaffinity and sched_getaffinity take it here: 16 words, 1024 CPUs.</summary>
    private const int MaskWords = 16;

    /// <summary>The CPUs this process may run on (its cpuset, which a container narrows), by number.</summary>
    public static unsafe IReadOnlyList<int> AllowedCpus()
    {
        Span<ulong> mask = stackalloc ulong[MaskWords];
        mask.Clear();
        fixed (ulong* m = mask)
        {
            if (LibC.sched_getaffinity(0, (nuint)(mask.Length * sizeof(ulong)), m) != 0)
                throw new RingbenchException(ExitCode.Environment,
                    $"could not read which CPUs this process may use: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        }
        var cpus = new List<int>();
        for (int cpu = 0; cpu < mask.Length * 64; cpu++)
            if ((mask[cpu / 64] & (1UL << (cpu % 64))) != 0)
                cpus.Add(cpu);
        return cpus;
    }

    /// <summary>Pins the calling thread to <paramref name="cpu"/> (no-op for null).</summary>
    public static void PinCurrentThread(int? cpu) => PinThread(0, cpu);

    /// <summary>Pins thread <paramref name="tid"/> (0: the calling one; any thread of another process of ours) to <paramref name="cpu"/> (no-op for null).</summary>
    public static unsafe void PinThread(int tid, int? cpu)
    {
        if (cpu is not int c)
            return;
        Span<ulong> mask = stackalloc ulong[MaskWords];
        mask.Clear();
        mask[c / 64] = 1UL << (c % 64);
        fixed (ulong* m = mask)
        {
            if (LibC.sched_setaffinity(tid, (nuint)(mask.Length * sizeof(ulong)), m) != 0)
                throw new RingbenchException(ExitCode.Environment,
                    $"could not pin a thread to CPU {c}: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        }
    }
}
