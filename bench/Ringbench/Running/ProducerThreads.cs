using Ringbench.Kernel;

namespace Ringbench.Running;

/// <summary>
/// The user-space half of the producer: threads that fire the trigger syscall in a tight
/// loop, each firing one batch of the BPF program. In back-to-back mode a single thread
/// fires once to start the ping-pong and exits; the consumer fires from then on.
/// </summary>
public sealed class ProducerThreads
{
    private readonly List<Thread> _threads = [];
    private volatile bool _stop;
    private Exception? _failure;

    public static ProducerThreads Start(IReadOnlyList<int?> cpus, bool backToBack)
    {
        var producers = new ProducerThreads();
        for (int i = 0; i < cpus.Count; i++)
        {
            int? cpu = cpus[i];
            var thread = new Thread(() => producers.Run(cpu, backToBack), maxStackSize: 256 * 1024)
            {
                IsBackground = true,
                Name = $"ringbench-producer-{i}",
            };
            producers._threads.Add(thread);
        }
        producers._threads.ForEach(t => t.Start());
        return producers;
    }

    private void Run(int? cpu, bool backToBack)
    {
        try
        {
            CpuAffinity.PinCurrentThread(cpu);
            if (backToBack)
            {
                TriggerSyscall.Fire();
                return;
            }
            while (!_stop)
                TriggerSyscall.Fire();
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    /// <summary>Stops the loops and waits for every thread; rethrows a thread's failure.</summary>
    public void StopAndJoin()
    {
        _stop = true;
        foreach (Thread thread in _threads)
            thread.Join();
        if (_failure is not null)
            throw _failure;
    }
}
