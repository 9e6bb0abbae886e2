using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>One mmap'd region, unmapped exactly once.</summary>
internal sealed class MemoryMapping : SafeHandle
{
    private readonly nuint _length;

    private MemoryMapping(nint address, nuint length) : base(LibC.MapFailed, ownsHandle: true)
    {
        SetHandle(address);
        _length = length;
    }

    public override bool IsInvalid => handle == LibC.MapFailed || handle == 0;

    public nint Address => handle;

    public nuint Length => _length;

    public static MemoryMapping Map(nint hint, nuint length, int prot, int flags, int fd, long offset, string what)
    {
        nint address = LibC.mmap(hint, length, prot, flags, fd, (nint)offset);
        if (address == LibC.MapFailed)
        {
            throw new RingbenchException(ExitCode.KernelRefused,
                $"mmap of {what} ({length} bytes) failed: {LibC.ErrnoText(Marshal.GetLastPInvokeError())}");
        }
        return new MemoryMapping(address, length);
    }

    protected override bool ReleaseHandle() => LibC.munmap(handle, _length) == 0;
}
