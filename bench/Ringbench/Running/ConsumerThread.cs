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

    public double UserSeconds { get; private set; }

    public double SystemSeconds { get; private set; }

    private unsafe void Run(IRingConsumer consumer, int? cpu)
    {
        try
        {
            CpuAffinity.PinCurrentThread(cpu);
            LibC.RUsage before, after;
            LibC.getrusage(LibC.RusageThread, &before);
            consumer.Run();
            LibC.getrusage(LibC.RusageThread, &after);
            UserSeconds = Seconds(after.UserTime) - Seconds(before.UserTime);
            SystemSeconds = Seconds(after.SystemTime) - Seconds(before.SystemTime);
        }
        catch (Exception e)
        {
            _failure = e;
        }
    }

    private static double Seconds(LibC.TimeVal t) => t.Seconds + t.Microseconds / 1e6;

    public void Join()
    {
        _thread.Join();
        if (_failure is not null)
            throw _failure;
    }
}
