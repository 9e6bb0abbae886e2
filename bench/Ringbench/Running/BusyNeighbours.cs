using Ringbench.Scenarios;

namespace Ringbench.Running;

/// <summary>
/// N CPU-bound threads beside the benchmark, as on any working machine where something else
/// is busy: a tight arithmetic loop that never sleeps and never touches the ring. Unpinned
/// (the scheduler puts them where it likes), or cycled over named CPUs. They start before the
/// producers and stop after the last sample, so every measured second has them.
/// <para>
/// The same loop at SCHED_IDLE, one pinned to each CPU, keeps idle CPUs awake (--keep-awake):
/// a CPU with nothing else to run spins instead of halting, and the consumer or producer that
/// wakes there preempts the spinner at once. On a VM guest a halted vCPU is woken by the
/// hypervisor, which is what makes a wake-up dear there: kept awake, parallel on the development
/// guest ran several times faster for every variant, with far fewer wake-ups a record
/// (results/2026-12-07-vm-keep-awake, levels.txt). That guest has no cpuidle driver, so
/// /dev/cpu_dma_latency, the bare-metal way to the same end, does nothing there.
/// </para>
/// </summary>
public sealed class BusyNeighbours : IDisposable
{
    private readonly List<Thread> _threads = [];
    private readonly bool _idleClass;
    // Keep-awake spinners count down as each is pinned and at SCHED_IDLE (or failed: _failure says why).
    private readonly CountdownEvent _ready = new(1);
    private volatile string? _failure;
    // Set once by Dispose; the managed loop reads it with Volatile.Read, the native one relaxed in C.
    private int _stop;
    private double _cpuSeconds;

    private BusyNeighbours(bool idleClass) => _idleClass = idleClass;

    public static BusyNeighbours Start(BenchSettings settings)
    {
        var neighbours = new BusyNeighbours(idleClass: false);
        for (int i = 0; i < settings.Neighbours; i++)
            neighbours.Add(settings.NeighbourCpus is { Count: > 0 } cpus ? cpus[i % cpus.Count] : null, $"busy-neighbour-{i}");
        return neighbours;
    }

    /// <summary>With <see cref="BenchSettings.KeepAwake"/>, one SCHED_IDLE spinner pinned to each CPU this process may use; otherwise none.</summary>
    public static BusyNeighbours KeepCpusAwake(BenchSettings settings)
    {
        var spinners = new BusyNeighbours(idleClass: true);
        if (!settings.KeepAwake)
            return spinners;
        if (Kernel.NativeShim.SpinnerMissing() is string missing)
            throw new RingbenchException(ExitCode.Environment, "--keep-awake: " + missing);
        foreach (int cpu in CpuAffinity.AllowedCpus())
            spinners.Add(cpu, $"keep-awake-{cpu}");
        // Every spinner pinned and at SCHED_IDLE before the run starts, or the reason one is not, here.
        spinners._ready.Signal();
        spinners._ready.Wait();
        if (spinners._failure is string why)
        {
            spinners.Dispose();
            throw new RingbenchException(ExitCode.Environment, why);
        }
        return spinners;
    }

    /// <summary>The spinning threads' count.</summary>
    public int Count => _threads.Count;

    /// <summary>CPU time the neighbour threads burnt (each adds its own, from getrusage(RUSAGE_THREAD), as it stops); complete after Dispose.</summary>
    public double CpuSeconds => Volatile.Read(ref _cpuSeconds);

    private void Add(int? cpu, string name)
    {
        if (_idleClass)
            _ready.AddCount();
        var thread = new Thread(() => Spin(cpu)) { IsBackground = true, Name = name };
        _threads.Add(thread);
        thread.Start();
    }

    private void Spin(int? cpu)
    {
        Kernel.ThreadUsage start = Kernel.ThreadUsage.Now();
        try
        {
            if (!Prepare(cpu))
                return;
            if (_idleClass)
                SpinNatively();
            else
                SpinUntilStopped();
        }
        finally
        {
            double used = (Kernel.ThreadUsage.Now() - start).CpuSeconds;
            lock (_threads)
                _cpuSeconds += used;
        }
    }

    /// <summary>Pins the thread, and a keep-awake spinner takes SCHED_IDLE; false (with <see cref="_failure"/> set) where a spinner could not.</summary>
    private bool Prepare(int? cpu)
    {
        try
        {
            CpuAffinity.PinCurrentThread(cpu);
            if (_idleClass)
                EnterIdleClass();
            return true;
        }
        catch (RingbenchException e) when (_idleClass)
        {
            _failure = e.Message;
            return false;
        }
        finally
        {
            if (_idleClass)
                _ready.Signal();
        }
    }

    private static unsafe void EnterIdleClass()
    {
        int priority = 0; // struct sched_param { int sched_priority; }: 0 is the only one SCHED_IDLE takes
        if (Kernel.LibC.sched_setscheduler(0, Kernel.LibC.SchedIdle, &priority) != 0)
            throw new RingbenchException(ExitCode.Environment,
                $"could not make a keep-awake thread SCHED_IDLE: {Kernel.LibC.ErrnoText(System.Runtime.InteropServices.Marshal.GetLastPInvokeError())}");
    }

    /// <summary>
    /// A keep-awake spinner's loop, in the native shim: a garbage collection has to stop a managed
    /// loop at a safe point, and at SCHED_IDLE on a busy CPU that loop seldom runs, so the
    /// collection, and every C# consumer with it, would wait (bpf-progs/ringbench_native.c, 5).
    /// </summary>
    private unsafe void SpinNatively()
    {
        fixed (int* stop = &_stop)
            Kernel.NativeShim.ringbench_spin_until(stop);
    }

    private void SpinUntilStopped()
    {
        // A data dependency the JIT cannot drop; the flag is read once per few thousand steps.
        ulong x = 0x9E3779B97F4A7C15;
        while (Volatile.Read(ref _stop) == 0)
        {
            for (int i = 0; i < 4096; i++)
                x = x * 6364136223846793005UL + 1442695040888963407UL;
        }
        GC.KeepAlive(x);
    }

    public void Dispose()
    {
        Volatile.Write(ref _stop, 1);
        foreach (Thread t in _threads)
            t.Join();
        _ready.Dispose();
    }
}
