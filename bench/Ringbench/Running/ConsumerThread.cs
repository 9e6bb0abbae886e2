using Ringbench.Kernel;
using Ringbench.Ring;

namespace Ringbench.Running;

/// <summary>The thread a consumer runs on: pinned, and timed in CPU (user and system) as well as wall clock.</summary>
internal sealed class ConsumerThread
{
    private readonly Thread _thread;
    private Exception? _failure;

    public ConsumerThread(IRingConsumer consumer, int? cpu)
    {
        _thread = new Thread(() => Run(consumer, cpu)) { IsBackground = true, Name = "ringbench-consumer" };
        _thread.Start();
    }

    /// <summary>The consumer thread's CPU time and context switches over its run (complete after <see cref="Join"/>).</summary>
    public ThreadUsage Usage { get; private set; }

    public double UserSeconds => Usage.UserSeconds;

    public double SystemSeconds => Usage.SystemSeconds;

    private void Run(IRingConsumer consumer, int? cpu)
    {
        try
        {
            CpuAffinity.PinCurrentThread(cpu);
            var before = ThreadUsage.Now();
            consumer.Run();
            Usage = consumer.OwnUsage ?? ThreadUsage.Now() - before;
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    public void Join()
    {
        _thread.Join();
        if (_failure is not null)
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure); // keeps the thread's own stack trace
    }
}
