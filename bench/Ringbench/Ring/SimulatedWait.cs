using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// The wait policy for the simulated ring. The simulated kernel signals wake-ups on an eventfd,
/// registered edge-triggered so that each signal is one edge, as each irq_work wake-up of the
/// ring's wait queue is. What differs between the two triggers is what the real ringbuf fd
/// does at the start of epoll_wait: level-triggered epoll takes the epoll lock (a full barrier)
/// and polls the fd, which reports readable while producer_pos is ahead of consumer_pos; edge-
/// triggered does not look. This policy does exactly that, and nothing more.
/// </summary>
public struct SimulatedWait<TTrigger> : IWaitPolicy<SimulatedWait<TTrigger>> where TTrigger : struct, IEpollTrigger
{
    private FileDescriptorHandle _epoll;
    private RingView _ring;

    public static string Name => $"simulated-{TTrigger.Name}";

    /// <summary>Level-triggered only: the poll the kernel would run at the start of epoll_wait.</summary>
    private static bool PollsBeforeSleeping => (TTrigger.Flags & LibC.EpollEt) == 0;

    public static unsafe SimulatedWait<TTrigger> Create(ConsumerSetup setup)
    {
        int eventFd = setup.RingFd;
        int epfd = LibC.epoll_create1(LibC.EpollCloexec);
        if (epfd < 0)
            throw new RingbenchException(ExitCode.Environment, $"epoll_create1 failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        var handle = new FileDescriptorHandle(epfd);
        var registration = new LibC.EpollEvent { Events = LibC.EpollIn | LibC.EpollEt };
        if (LibC.epoll_ctl(epfd, LibC.EpollCtlAdd, eventFd, &registration) != 0)
        {
            handle.Dispose();
            throw new RingbenchException(ExitCode.Environment, $"epoll_ctl on the simulation's eventfd failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        }
        return new SimulatedWait<TTrigger> { _epoll = handle, _ring = setup.Ring };
    }

    public readonly unsafe WaitOutcome Wait(int timeoutMs)
    {
        if (PollsBeforeSleeping)
        {
            // ep_poll's spin_lock: a locked instruction, so our last consumer_pos store is
            // globally visible before we read producer_pos, exactly as in the kernel.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref *_ring.ProducerPosition) > *_ring.ConsumerPosition)
                return WaitOutcome.Woken;
        }
        LibC.EpollEvent ready;
        int n = LibC.epoll_wait(_epoll.Fd, &ready, 1, timeoutMs);
        return n > 0 ? WaitOutcome.Woken : n == 0 ? WaitOutcome.TimedOut : WaitOutcome.Interrupted;
    }

    public readonly void Dispose() => _epoll?.Dispose();
}
