using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>How the ring fd is registered in epoll: the patch's second change.</summary>
public interface IEpollTrigger
{
    static abstract string Name { get; }

    static abstract uint Flags { get; }
}

/// <summary>
/// EPOLLIN (libbpf before the patch). epoll_wait re-polls the fd every time and reports it
/// while the ring holds data, so a wake-up the kernel skipped is made up for on the next
/// wait; the cost is an extra poll of the fd per wait.
/// </summary>
public readonly struct LevelTriggered : IEpollTrigger
{
    public static string Name => "level";

    public static uint Flags => LibC.EpollIn;
}

/// <summary>
/// EPOLLIN|EPOLLET (libbpf after the patch). Reported only on a new wake-up of the map's
/// wait queue; if the kernel decided not to wake us, nothing reports the data already there.
/// </summary>
public readonly struct EdgeTriggered : IEpollTrigger
{
    public static string Name => "edge";

    public static uint Flags => LibC.EpollIn | LibC.EpollEt;
}

/// <summary>Waits in epoll_wait on the ring fd, registered as <typeparamref name="TTrigger"/> says.</summary>
public struct EpollWait<TTrigger> : IWaitPolicy<EpollWait<TTrigger>> where TTrigger : struct, IEpollTrigger
{
    private FileDescriptorHandle _epoll;

    public static string Name => $"epoll-{TTrigger.Name}";

    public static unsafe EpollWait<TTrigger> Create(ConsumerSetup setup)
    {
        int ringFd = setup.RingFd;
        int epfd = LibC.epoll_create1(LibC.EpollCloexec);
        if (epfd < 0)
            throw new RingbenchException(ExitCode.Environment, $"epoll_create1 failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        var handle = new FileDescriptorHandle(epfd);
        var registration = new LibC.EpollEvent { Events = TTrigger.Flags, Data = 0 };
        if (LibC.epoll_ctl(epfd, LibC.EpollCtlAdd, ringFd, &registration) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new RingbenchException(ExitCode.KernelRefused, $"epoll_ctl(ADD) on the ring fd failed: {LibC.ErrnoText(errno)}");
        }
        return new EpollWait<TTrigger> { _epoll = handle };
    }

    public readonly unsafe WaitOutcome Wait(int timeoutMs)
    {
        LibC.EpollEvent ready;
        int n = LibC.epoll_wait(_epoll.Fd, &ready, 1, timeoutMs);
        return n > 0 ? WaitOutcome.Woken : n == 0 ? WaitOutcome.TimedOut : WaitOutcome.Interrupted;
    }

    public readonly void Dispose() => _epoll?.Dispose();
}
