using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>
/// N CPU-bound threads beside the benchmark, as on any working machine where something else
/// is busy: a tight arithmetic loop that never sleeps and never touches the ring. Unpinned
/// (the scheduler puts them where it likes), or cycled over named CPUs. They start before the
/// producers and stop after the last sample, so every measured second has them.
/// </summary>
public sealed class BusyNeighbours : IDisposable
{
    private readonly List<Thread> _threads = [];
    private volatile bool _stop;

    private BusyNeighbours() { }

    public static BusyNeighbours Start(BenchSettings settings)
    {
        var neighbours = new BusyNeighbours();
        for (int i = 0; i < settings.Neighbours; i++)
        {
            int? cpu = settings.NeighbourCpus is { Count: > 0 } cpus ? cpus[i % cpus.Count] : null;
            var thread = new Thread(() => neighbours.Spin(cpu)) { IsBackground = true, Name = $"busy-neighbour-{i}" };
            neighbours._threads.Add(thread);
            thread.Start();
        }
        return neighbours;
    }

    private double _cpuSeconds;

    /// <summary>CPU time the neighbour threads burnt (each adds its own, from getrusage(RUSAGE_THREAD), as it stops); complete after Dispose.</summary>
    public double CpuSeconds => Volatile.Read(ref _cpuSeconds);

    private void Spin(int? cpu)
    {
        Kernel.ThreadUsage start = Kernel.ThreadUsage.Now();
        try
        {
            SpinUntilStopped(cpu);
        }
        finally
        {
            double used = (Kernel.ThreadUsage.Now() - start).CpuSeconds;
            lock (_threads)
                _cpuSeconds += used;
        }
    }

    private void SpinUntilStopped(int? cpu)
    {
        CpuAffinity.PinCurrentThread(cpu);
        // A data dependency the JIT cannot drop; the flag is read once per few thousand steps.
        ulong x = 0x9E3779B97F4A7C15;
        while (!_stop)
        {
            for (int i = 0; i < 4096; i++)
                x = x * 6364136223846793005UL + 1442695040888963407UL;
        }
        GC.KeepAlive(x);
    }

    public void Dispose()
    {
        _stop = true;
        foreach (Thread t in _threads)
            t.Join();
    }
}
