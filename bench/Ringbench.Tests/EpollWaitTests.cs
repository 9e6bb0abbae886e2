using Ringbench.Ring;

namespace Ringbench.Tests;

/// <summary>What a wait does with epoll_wait's -1: a signal interrupts it, anything else stops the run with the errno.</summary>
public class EpollWaitTests
{
    [Fact]
    public void ASignalInterruptsTheWaitAndAnyOtherErrorStopsTheRunWithItsErrno()
    {
        Assert.Equal(WaitOutcome.Interrupted, EpollWait<EdgeTriggered, KernelRingFd>.Failed(4)); // EINTR
        var e = Assert.Throws<RingbenchException>(() => EpollWait<EdgeTriggered, KernelRingFd>.Failed(9)); // EBADF
        Assert.Equal(ExitCode.KernelRefused, e.ExitCode);
        Assert.Contains("epoll_wait on the ring fd failed", e.Message);
        Assert.Contains("(errno 9)", e.Message);
    }
}
