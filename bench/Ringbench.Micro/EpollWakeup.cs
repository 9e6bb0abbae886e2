using System.Runtime.InteropServices;
using BenchmarkDotNet.Attributes;

namespace Ringbench.Micro;

/// <summary>
/// The cost of one wake-up round on an eventfd (no BPF needed): signal it, epoll_wait sees it,
/// read it back to clear it. Level- against edge-triggered registration; same thread, so this
/// is the syscall cost, not the cross-CPU wake-up latency.
/// </summary>
[BenchmarkCategory("epoll")]
public unsafe partial class EpollWakeup
{
    private int _eventFd, _levelEpoll, _edgeEpoll;

    [StructLayout(LayoutKind.Sequential, Pack = 4)]
    private struct EpollEvent { public uint Events; public ulong Data; }

    [LibraryImport("libc", SetLastError = true)] private static partial int eventfd(uint initval, int flags);
    [LibraryImport("libc")] private static partial int epoll_create1(int flags);
    [LibraryImport("libc")] private static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);
    [LibraryImport("libc")] private static partial int epoll_wait(int epfd, EpollEvent* events, int max, int timeout);
    [LibraryImport("libc")] private static partial nint write(int fd, ulong* buf, nint count);
    [LibraryImport("libc")] private static partial nint read(int fd, ulong* buf, nint count);
    [LibraryImport("libc")] private static partial int close(int fd);

    private static int Register(int fd, uint events)
    {
        int epfd = epoll_create1(0);
        var ev = new EpollEvent { Events = events };
        if (epfd < 0 || epoll_ctl(epfd, 1, fd, &ev) != 0)
            throw new InvalidOperationException("epoll set-up failed");
        return epfd;
    }

    [GlobalSetup]
    public void Setup()
    {
        _eventFd = eventfd(0, 0x800 /* EFD_NONBLOCK */);
        _levelEpoll = Register(_eventFd, 0x001);
        _edgeEpoll = Register(_eventFd, 0x001 | (1u << 31));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        close(_levelEpoll);
        close(_edgeEpoll);
        close(_eventFd);
    }

    private int Round(int epfd)
    {
        ulong one = 1, got;
        EpollEvent ready;
        write(_eventFd, &one, 8);
        int n = epoll_wait(epfd, &ready, 1, 0);
        read(_eventFd, &got, 8);
        return n;
    }

    [Benchmark(Baseline = true)]
    public int LevelTriggered() => Round(_levelEpoll);

    [Benchmark]
    public int EdgeTriggered() => Round(_edgeEpoll);
}
