using Microsoft.Win32.SafeHandles;

namespace Ringbench.Kernel;

/// <summary>An owned file descriptor (epoll, eventfd, memfd, BPF statistics), closed exactly once. 0 is a valid fd (a process may have closed stdin); -1 is none.</summary>
internal sealed class FileDescriptorHandle : SafeHandleMinusOneIsInvalid
{
    public FileDescriptorHandle(int fd) : base(ownsHandle: true) => SetHandle(fd);

    public int Fd => (int)handle;

    protected override bool ReleaseHandle() => LibC.close((int)handle) == 0;
}
