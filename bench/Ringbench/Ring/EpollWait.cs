using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>How the ring fd is registered in epoll: the patch's second change.</summary>
public interface IEpollTrigger
{
    /// <summary>The trait this registration is, as results.csv records it.</summary>
    static abstract TriggerMode Mode { get; }

    static abstract uint Flags { get; }
}

/// <summary>
/// EPOLLIN (libbpf before the patch). epoll_wait re-polls the fd every time and reports it
/// while the ring holds data, so a wake-up the kernel skipped is made up for on the next
/// wait; the cost is an extra poll of the fd per wait.
/// </summary>
public readonly struct LevelTriggered : IEpollTrigger
{
    public static TriggerMode Mode => TriggerMode.Level;

    public static uint Flags => LibC.EpollIn;
}

/// <summary>
/// EPOLLIN|EPOLLET (libbpf after the patch). Reported only on a new wake-up of the map's
/// wait queue; if the kernel decided not to wake us, nothing reports the data already there.
/// </summary>
public readonly struct EdgeTriggered : IEpollTrigger
{
    public static TriggerMode Mode => TriggerMode.Edge;

    public static uint Flags => LibC.EpollIn | LibC.EpollEt;
}

/// <summary>
/// Waits in epoll_wait, registered as <typeparamref name="TTrigger"/> says, on what
/// <typeparamref name="TTarget"/> names: the ring map's own fd on the kernel, or the simulation's
/// eventfd, which also stands in for the one thing the real fd does at the start of a
/// level-triggered epoll_wait (see <see cref="SimulatedEventFd"/>). One wait for both backends;
/// the target is a struct, so each combination is compiled on its own, with no branch left.
/// </summary>
public struct EpollWait<TTrigger, TTarget> : IWaitPolicy<EpollWait<TTrigger, TTarget>>
    where TTrigger : struct, IEpollTrigger
    where TTarget : struct, IWaitTarget
{
    private FileDescriptorHandle _epoll;
    private RingView _ring;

    public static string Name => $"{TTarget.NamePrefix}{TTrigger.Mode.Text()}";

    public static unsafe EpollWait<TTrigger, TTarget> Create(ConsumerSetup setup)
    {
        int epfd = LibC.epoll_create1(LibC.EpollCloexec);
        if (epfd < 0)
            throw new RingbenchException(ExitCode.Environment, $"epoll_create1 failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        var handle = new FileDescriptorHandle(epfd);
        var registration = new LibC.EpollEvent { Events = TTarget.Registration(TTrigger.Flags), Data = 0 };
        if (LibC.epoll_ctl(epfd, LibC.EpollCtlAdd, setup.RingFd, &registration) != 0)
        {
            int errno = Marshal.GetLastPInvokeError();
            handle.Dispose();
            throw new RingbenchException(TTarget.RegistrationRefused, $"epoll_ctl(ADD) on {TTarget.Describe} failed: {LibC.ErrnoText(errno)}");
        }
        return new EpollWait<TTrigger, TTarget> { _epoll = handle, _ring = setup.Ring };
    }

    public readonly unsafe WaitOutcome Wait(int timeoutMs)
    {
        if (TTarget.PollsBeforeSleeping(TTrigger.Flags))
        {
            // ep_poll's spin_lock: a locked instruction, so our last consumer_pos store is
            // globally visible before we read producer_pos, exactly as in the kernel; then the
            // ringbuf fd's poll: readable while producer_pos is ahead of consumer_pos.
            Interlocked.MemoryBarrier();
            if (Volatile.Read(ref *_ring.ProducerPosition) > *_ring.ConsumerPosition)
                return WaitOutcome.Woken;
        }
        LibC.EpollEvent ready;
        int n = LibC.epoll_wait(_epoll.Fd, &ready, 1, timeoutMs);
        return n > 0 ? WaitOutcome.Woken : n == 0 ? WaitOutcome.TimedOut : Failed(Marshal.GetLastPInvokeError());
    }

    /// <summary>
    /// A wait that returned -1: a signal (EINTR) only interrupts it, and the loop waits again;
    /// anything else (EBADF, EINVAL, EFAULT) means the wait can never work, and saying "interrupted"
    /// would spin the consumer on it for the whole run.
    /// </summary>
    public static WaitOutcome Failed(int errno) => errno == LibC.Eintr ? WaitOutcome.Interrupted
        : throw new RingbenchException(ExitCode.KernelRefused, $"epoll_wait on {TTarget.Describe} failed: {LibC.ErrnoText(errno)}");

    public readonly void Dispose() => _epoll?.Dispose();
}

/// <summary>What an <see cref="EpollWait{TTrigger, TTarget}"/> is registered on, and what it must do itself.</summary>
public interface IWaitTarget
{
    /// <summary>"epoll-" or "simulated-": how results name the wait.</summary>
    static abstract string NamePrefix { get; }

    static abstract string Describe { get; }

    /// <summary>The epoll events to register, given the trigger's.</summary>
    static abstract uint Registration(uint triggerFlags);

    /// <summary>Whether the wait must poll the ring itself before sleeping (what the real fd's poll does for level-triggered epoll).</summary>
    static abstract bool PollsBeforeSleeping(uint triggerFlags);

    /// <summary>The exit code when epoll refuses the registration.</summary>
    static abstract ExitCode RegistrationRefused { get; }
}

/// <summary>The BPF ring map's fd: registered with the trigger's own flags; the kernel's fd poll does the rest.</summary>
public readonly struct KernelRingFd : IWaitTarget
{
    public static string NamePrefix => "epoll-";
    public static string Describe => "the ring fd";
    public static uint Registration(uint triggerFlags) => triggerFlags;
    public static bool PollsBeforeSleeping(uint triggerFlags) => false;
    public static ExitCode RegistrationRefused => ExitCode.KernelRefused;
}

/// <summary>
/// The simulated ring's eventfd. The simulated kernel signals each wake-up on it, and it is
/// registered edge-triggered so each signal is one edge, as each irq_work wake-up of the ring's
/// wait queue is. What differs between the two triggers is what the real ringbuf fd does at the
/// start of epoll_wait: level-triggered epoll takes the epoll lock (a full barrier) and polls the
/// fd, which reports readable while producer_pos is ahead of consumer_pos; edge-triggered does
/// not look. So the wait does exactly that for level, and nothing more.
/// </summary>
public readonly struct SimulatedEventFd : IWaitTarget
{
    public static string NamePrefix => "simulated-";
    public static string Describe => "the simulation's eventfd";
    public static uint Registration(uint triggerFlags) => LibC.EpollIn | LibC.EpollEt;
    public static bool PollsBeforeSleeping(uint triggerFlags) => (triggerFlags & LibC.EpollEt) == 0;
    public static ExitCode RegistrationRefused => ExitCode.Environment;
}
