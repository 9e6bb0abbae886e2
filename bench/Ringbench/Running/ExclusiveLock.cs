using System.Globalization;
using System.Runtime.InteropServices;
using Ringbench.Kernel;

namespace Ringbench.Running;

/// <summary>
/// One benchmark at a time: on two cores one busy process turns a 1.8x ratio into 0.8x, so a
/// second kernel run on the same machine must not measure under the first one's load. The lock
/// is flock(2) on a file, held by this process's open file description: released when the
/// holder exits however it exits (SIGKILL included), so a killed ringbench never leaves a stale
/// lock behind. The file holds one line saying who holds it, for the run that waits.
///
/// Two locks use it: the machine's (every kernel run, matrix and stress) and a result folder's
/// (a matrix writing it), so that --resume refuses a folder another live process is writing
/// instead of both appending the same runs.
/// </summary>
public sealed class ExclusiveLock : IDisposable
{
    private readonly FileDescriptorHandle _fd;

    private ExclusiveLock(FileDescriptorHandle fd) => _fd = fd;

    /// <summary>The machine's lock file: /run/lock (tmpfs, gone at reboot) where it is writable, else the temp folder; RINGBENCH_LOCK names another.</summary>
    public static string MachineLockPath =>
        Environment.GetEnvironmentVariable("RINGBENCH_LOCK") is { Length: > 0 } path ? path
        : Directory.Exists("/run/lock") ? "/run/lock/ringbench.lock"
        : Path.Combine(Path.GetTempPath(), "ringbench.lock");

    /// <summary>
    /// A result folder's lock file, beside the machine's and named by a hash of the folder's full
    /// path, so that nothing is left inside the folder (which is committed, fetched and compared).
    /// </summary>
    public static string FolderLockPath(string folder)
    {
        byte[] hash = System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(Path.TrimEndingDirectorySeparator(Path.GetFullPath(folder))));
        return Path.Combine(Path.GetDirectoryName(MachineLockPath)!, $"ringbench-folder-{Convert.ToHexStringLower(hash)[..16]}.lock");
    }

    /// <summary>Takes the lock at once, or returns null with the holder's line (who holds it) if another process has it.</summary>
    public static ExclusiveLock? TryTake(string path, string holder, out string heldBy)
    {
        FileDescriptorHandle fd = Open(path);
        if (LibC.flock(fd.Fd, LibC.LockEx | LibC.LockNb) == 0)
        {
            heldBy = "";
            var taken = new ExclusiveLock(fd);
            taken.Say(holder);
            return taken;
        }
        int errno = Marshal.GetLastPInvokeError();
        fd.Dispose();
        if (errno != LibC.EWouldBlock)
            throw new RingbenchException(ExitCode.Environment, $"could not lock {path}: {LibC.ErrnoText(errno)}");
        heldBy = Holder(path);
        return null;
    }

    /// <summary>
    /// Takes the lock, waiting for the holder to finish: one line naming it, then a look a
    /// second until it is free; null if <paramref name="cancel"/> fires first.
    /// </summary>
    public static ExclusiveLock? Take(string path, string holder, Action<string> waiting, CancellationToken cancel)
    {
        bool said = false;
        while (true)
        {
            if (TryTake(path, holder, out string heldBy) is ExclusiveLock taken)
                return taken;
            if (!said)
            {
                waiting(heldBy);
                said = true;
            }
            if (cancel.WaitHandle.WaitOne(TimeSpan.FromSeconds(1)))
                return null;
        }
    }

    /// <summary>Who holds the lock at <paramref name="path"/>, as the holder wrote it ("pid N: ...").</summary>
    public static string Holder(string path)
    {
        // Read with open(2), not File: .NET emulates FileShare with flock on Unix, and a shared
        // lock asked for by File.ReadAllText fails against the holder's exclusive one.
        int fd = LibC.open(path, 0 /* O_RDONLY */, 0);
        if (fd < 0)
            return "a process that has not said who it is";
        using var handle = new FileDescriptorHandle(fd);
        byte[] buffer = new byte[4096];
        nint read;
        unsafe
        {
            fixed (byte* p = buffer)
                read = LibC.pread(fd, p, buffer.Length, 0);
        }
        string text = read > 0 ? System.Text.Encoding.UTF8.GetString(buffer, 0, (int)read).Trim() : "";
        return text.Length > 0 ? text : "a process that has not said who it is";
    }

    public void Dispose()
    {
        // Closing the fd releases the lock; the file stays (removing it would race a waiter that opened it).
        _fd.Dispose();
    }

    private void Say(string holder)
    {
        // On a read-only fd (a file another user made) the writes fail quietly: the lock holds all the same.
        string line = string.Create(CultureInfo.InvariantCulture, $"pid {Environment.ProcessId}: {holder}, since {DateTimeOffset.Now:yyyy-MM-dd HH:mm:ss}\n");
        byte[] bytes = System.Text.Encoding.UTF8.GetBytes(line);
        LibC.ftruncate(_fd.Fd, 0);
        unsafe
        {
            fixed (byte* p = bytes)
                LibC.pwrite(_fd.Fd, p, bytes.Length, 0);
        }
    }

    private static FileDescriptorHandle Open(string path)
    {
        int fd = LibC.open(path, LibC.ORdWr | LibC.OCreat | LibC.OCloexec, 0x1b6 /* 0666 */);
        if (fd >= 0)
        {
            // Any user's run (root, or one given CAP_BPF and CAP_PERFMON) must be able to take it:
            // 0666 whatever the umask, where this process owns the file.
            try
            {
                if (!OperatingSystem.IsWindows())
                    File.SetUnixFileMode(path, (UnixFileMode)0x1b6);
            }
            catch (Exception e) when (e is UnauthorizedAccessException or IOException)
            {
                // another user's file: it keeps its mode
            }
            return new FileDescriptorHandle(fd);
        }
        // A file another user made and this one may only read: flock works on a read-only fd too
        // (the holder's line then stays the last writer's).
        fd = LibC.open(path, LibC.OCloexec, 0);
        if (fd < 0)
            throw new RingbenchException(ExitCode.Environment, $"could not open the lock file {path}: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        return new FileDescriptorHandle(fd);
    }
}
