using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>An opened (maybe loaded) bpf_object; closing it unloads its programs and maps.</summary>
internal sealed class BpfObjectHandle() : SafeHandle(0, ownsHandle: true)
{
    public BpfObjectHandle(nint obj) : this() => SetHandle(obj);

    public override bool IsInvalid => handle == 0;

    public nint Object => handle;

    protected override bool ReleaseHandle()
    {
        LibBpf.bpf_object__close(handle);
        return true;
    }
}

/// <summary>An attached bpf_link; destroying it detaches the program. Released on every exit path.</summary>
internal sealed class BpfLinkHandle() : SafeHandle(0, ownsHandle: true)
{
    public BpfLinkHandle(nint link) : this() => SetHandle(link);

    public override bool IsInvalid => handle == 0;

    protected override bool ReleaseHandle() => LibBpf.bpf_link__destroy(handle) == 0;
}
