using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>The libc calls ringbench makes: mmap, epoll, affinity, rusage, the trigger syscall.</summary>
internal static unsafe partial class LibC
{
    private const string Lib = "libc";

    public const int ProtRead = 0x1;
    public const int ProtWrite = 0x2;
    public const int MapShared = 0x01;
    public const int MapPrivate = 0x02;
    public const int MapFixed = 0x10;
    public const int MapAnonymous = 0x20;
    public static readonly nint MapFailed = -1;

    public const int EpollCtlAdd = 1;
    public const uint EpollIn = 0x001;
    public const uint EpollEt = 1u << 31;
    public const int EpollCloexec = 0x80000;

    [StructLayout(LayoutKind.Sequential, Pack = 4)] // x86-64 packs epoll_event; see <sys/epoll.h>
    public struct EpollEvent
    {
        public uint Events;
        public ulong Data;
    }

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint mmap(nint addr, nuint length, int prot, int flags, int fd, nint offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int munmap(nint addr, nuint length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int close(int fd);

    [LibraryImport(Lib, SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    public static partial int open(string path, int flags, int mode);

    public const int ORdWr = 0x2, OCreat = 0x40, OCloexec = 0x80000;

    /// <summary>An advisory lock on an open file, held by the open file description: the kernel drops it when the last fd to it closes, a killed process's too.</summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int flock(int fd, int operation);

    public const int LockEx = 2, LockNb = 4, LockUn = 8;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pwrite(int fd, void* buffer, nint count, long offset);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint pread(int fd, void* buffer, nint count, long offset);
    public const int EWouldBlock = 11;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int epoll_create1(int flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int epoll_ctl(int epfd, int op, int fd, EpollEvent* ev);

    // Not SuppressGCTransition: epoll_wait blocks, and a thread blocked in cooperative
    // mode would stall every garbage collection until it woke.
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int epoll_wait(int epfd, EpollEvent* events, int maxEvents, int timeoutMs);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sched_setaffinity(int pid, nuint cpusetsize, ulong* mask);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sched_getaffinity(int pid, nuint cpusetsize, ulong* mask);

    /// <summary>sched(7)'s SCHED_IDLE: runs only when nothing else on the CPU wants to, and any waking task preempts it.</summary>
    public const int SchedIdle = 5;

    // pid 0 is the calling thread: Linux schedules threads, and the policy is per thread.
    [LibraryImport(Lib, SetLastError = true)]
    public static partial int sched_setscheduler(int pid, int policy, int* param);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int memfd_create([MarshalAs(UnmanagedType.LPUTF8Str)] string name, uint flags);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int ftruncate(int fd, long length);

    [LibraryImport(Lib, SetLastError = true)]
    public static partial int eventfd(uint initval, int flags);

    public const int EfdNonblock = 0x800;
    public const int EfdCloexec = 0x80000;

    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint write(int fd, void* buffer, nint count);

    [LibraryImport(Lib)]
    public static partial uint geteuid();

    [LibraryImport(Lib)]
    public static partial nint sysconf(int name);

    public const int ScPageSize = 30;

    public const int RusageThread = 1;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeVal { public long Seconds; public long Microseconds; }

    [StructLayout(LayoutKind.Sequential)]
    public struct RUsage
    {
        public TimeVal UserTime;
        public TimeVal SystemTime;
        // ru_maxrss .. ru_nsignals: not read.
        private fixed long _unread[12];
        /// <summary>ru_nvcsw: the thread gave up the CPU (blocked, e.g. in epoll_wait).</summary>
        public long VoluntarySwitches;
        /// <summary>ru_nivcsw: the thread was preempted.</summary>
        public long InvoluntarySwitches;
    }

    [LibraryImport(Lib)]
    public static partial int getrusage(int who, RUsage* usage);

    public const int ClockMonotonic = 1;
    public const int Eintr = 4;
    public const int Enotsup = 95;

    [StructLayout(LayoutKind.Sequential)]
    public struct TimeSpec { public long Seconds; public long Nanoseconds; }

    // Blocks, so not SuppressGCTransition (see epoll_wait). Returns the error number itself, not -1.
    [LibraryImport(Lib)]
    public static partial int clock_nanosleep(int clockId, int flags, TimeSpec* request, TimeSpec* remaining);

    /// <summary>
    /// The trigger: one getpgid syscall runs one batch of the BPF producer.
    /// SuppressGCTransition drops the managed/native transition (the call does not block
    /// and returns within microseconds), so the producer loop costs little more than the
    /// syscall itself; the micro-benchmarks measure both forms.
    /// </summary>
    [LibraryImport(Lib, EntryPoint = "getpgid")]
    [SuppressGCTransition]
    public static partial int GetpgidNoTransition(int pid);

    [LibraryImport(Lib, EntryPoint = "getpgid")]
    public static partial int Getpgid(int pid);

    public static int PageSize => (int)sysconf(ScPageSize);

    public static string ErrnoText(int errno) => $"{Marshal.GetPInvokeErrorMessage(errno)} (errno {errno})";
}
