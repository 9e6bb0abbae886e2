namespace Ringbench.Running;

/// <summary>
/// The user-space half of the producer: threads that fire the trigger in a tight loop (on the
/// kernel backend a getpgid syscall, each running one batch of the BPF program). In back-to-back mode a single thread
/// fires once to start the ping-pong and exits; the consumer fires from then on.
/// <para>
/// The threads start parked and fire only once <see cref="Release"/> opens the gate. Started
/// firing one by one, the running producers took the CPUs from the thread starting the next, so
/// setup grew with the square of their count: 1.87 s for multi-producer-52's 52 threads (0.12 s
/// for 12) in results/2026-12-06-vm-ffcac7b's setup_s, 146 of the job's 229 s between runs.
/// </para>
/// </summary>
public sealed class ProducerThreads
{
    private readonly List<Thread> _threads = [];
    private readonly ManualResetEventSlim _gate = new(false);
    private volatile bool _stop;
    private Exception? _failure;
    private readonly object _usageLock = new();
    private Kernel.ThreadUsage _usage;

    /// <summary>The producer threads' CPU time and context switches, summed (complete after <see cref="StopAndJoin"/>).</summary>
    public Kernel.ThreadUsage Usage
    {
        get { lock (_usageLock) return _usage; }
    }

    /// <summary>Starts one thread per entry of <paramref name="cpus"/>, each pinned there (null: anywhere) and parked until <see cref="Release"/>.</summary>
    public static ProducerThreads Start(IReadOnlyList<int?> cpus, bool backToBack, Action trigger, int paceMicroseconds = 0)
    {
        var producers = new ProducerThreads();
        for (int i = 0; i < cpus.Count; i++)
        {
            int? cpu = cpus[i];
            var thread = new Thread(() => producers.Run(cpu, backToBack, trigger, paceMicroseconds), maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = $"ringbench-producer-{i}",
            };
            producers._threads.Add(thread);
        }
        producers._threads.ForEach(t => t.Start());
        return producers;
    }

    /// <summary>Opens the gate: every producer starts firing.</summary>
    public void Release() => _gate.Set();

    private void Run(int? cpu, bool backToBack, Action trigger, int paceMicroseconds)
    {
        var start = Kernel.ThreadUsage.Now();
        try
        {
            CpuAffinity.PinCurrentThread(cpu);
            _gate.Wait();
            if (backToBack)
                trigger();
            else if (paceMicroseconds > 0)
                Paced(trigger, paceMicroseconds);
            else
            {
                while (!_stop)
                    trigger();
            }
        }
        catch (Exception e)
        {
            _failure = e;
        }
        finally
        {
            // Only a thread can read its own usage (RUSAGE_THREAD), so each adds its own on the way out.
            var spent = Kernel.ThreadUsage.Now() - start;
            lock (_usageLock)
                _usage += spent;
        }
    }

    /// <summary>
    /// One batch every <paramref name="microseconds"/>, on a fixed schedule (so the rate does
    /// not drift with the trigger's own cost). Long gaps sleep, the last stretch spins: a 10 us
    /// pace is far below the scheduler's resolution. After a short preemption the producer
    /// catches up (on a VM a vCPU can vanish for a millisecond, and restarting the schedule
    /// there lost 6-7% of the rate); only after falling 100 ms behind does it restart instead
    /// of bursting.
    /// </summary>
    private void Paced(Action trigger, int microseconds)
    {
        long period = microseconds * System.Diagnostics.Stopwatch.Frequency / 1_000_000;
        long twoMs = 2 * System.Diagnostics.Stopwatch.Frequency / 1000;
        long restartAfter = System.Diagnostics.Stopwatch.Frequency / 10;
        long next = System.Diagnostics.Stopwatch.GetTimestamp();
        while (!_stop)
        {
            trigger();
            next += period;
            long now = System.Diagnostics.Stopwatch.GetTimestamp();
            if (now > next + restartAfter)
                next = now;
            while (!_stop && (now = System.Diagnostics.Stopwatch.GetTimestamp()) < next)
            {
                if (next - now > twoMs)
                    Thread.Sleep(1);
                else
                    Thread.SpinWait(20);
            }
        }
    }

    /// <summary>Stops the loops and waits for every thread; rethrows a thread's failure.</summary>
    public void StopAndJoin()
    {
        _stop = true;
        _gate.Set(); // a run cancelled before the release must not leave threads parked
        foreach (Thread thread in _threads)
            thread.Join();
        if (_failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure); // keeps the thread's own stack trace
    }
}
