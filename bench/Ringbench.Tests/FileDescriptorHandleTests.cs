using Ringbench.Kernel;

namespace Ringbench.Tests;

public class FileDescriptorHandleTests
{
    [Fact]
    public void DescriptorZeroIsADescriptorAndMinusOneIsNone()
    {
        // A process started with stdin closed gets fd 0 from its first open(): the handle must own it.
        var zero = new FileDescriptorHandle(0);
        bool zeroInvalid = zero.IsInvalid;
        zero.SetHandleAsInvalid(); // never close this test process's real stdin
        Assert.False(zeroInvalid);
        var none = new FileDescriptorHandle(-1);
        Assert.True(none.IsInvalid);
        none.SetHandleAsInvalid();
    }
}
