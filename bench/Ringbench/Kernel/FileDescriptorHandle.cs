using Microsoft.Win32.SafeHandles;

namespace Ringbench.Kernel;

/// <summary>An owned file descriptor (epoll, eventfd, memfd), closed exactly once.</summary>
internal sealed class FileDescriptorHandle : SafeHandleZeroOrMinusOneIsInvalid
{
    public FileDescriptorHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
