using System.Runtime.InteropServices;
using Ringbench.Ring;

namespace Ringbench.Kernel;

/// <summary>
/// libbpf's perf_buffer on the producer's perf event array, opened as the kernel bench opens it
/// (bench_ringbufs.c, perfbuf_libbpf_setup; docs/bench-spec.md §9): one software BPF_OUTPUT event per CPU with raw
/// samples, each mmapped with <see cref="PerfBufferSetup.PagesPerCpu"/> data pages and stored
/// in the map, so bpf_perf_event_output(BPF_F_CURRENT_CPU) finds the producer CPU's ring. Its
/// C event callback counts samples and reported losses into the run's pinned counters.
/// pb-libbpf consumes through it; pb-custom reads the same mmapped rings itself.
/// </summary>
public sealed unsafe class PerfBuffer : IDisposable
{
    private readonly NativeShim.PerfCounts* _counts;
    private nint _handle;

    public PerfBuffer(PerfBufferSetup setup, ConsumerCounters[] pinnedCounters)
    {
        _counts = (NativeShim.PerfCounts*)NativeMemory.Alloc((nuint)sizeof(NativeShim.PerfCounts));
        // The counters array is pinned (ConsumerSetup.NewCounters), so these pointers stay valid.
        _counts->Records = (long*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinnedCounters[0].Records);
        _counts->Lost = (long*)System.Runtime.CompilerServices.Unsafe.AsPointer(ref pinnedCounters[0].LostReported);
        _handle = NativeShim.ringbench_perf_buffer_new(setup.MapFd, (nuint)setup.PagesPerCpu, setup.WakeupEvents, _counts);
        if (_handle == 0)
        {
            int errno = Marshal.GetLastSystemError();
            NativeMemory.Free(_counts);
            throw new RingbenchException(ExitCode.KernelRefused,
                $"perf_buffer__new_raw failed: {LibBpf.ErrorText(errno)} (the kernel refused a BPF_OUTPUT perf event or its mmap)");
        }
        PagesPerCpu = setup.PagesPerCpu;
    }

    /// <summary>
    /// Why this process cannot have a perf buffer here (the kernel refuses its perf event), or
    /// null: asked once, so a matrix names the refusal and runs everything else.
    /// </summary>
    public static string? WhyUnavailable => Probe.Value;

    private static readonly Lazy<string?> Probe = new(() =>
    {
        if (!NativeShim.IsAvailable)
            return "libringbench_native.so not found: build bpf-progs";
        int err = NativeShim.ringbench_perf_event_probe();
        return err == 0 ? null : $"the kernel refused a BPF_OUTPUT perf event: {LibC.ErrnoText(-err)}";
    });

    public nint Handle => _handle;

    public int PagesPerCpu { get; }

    /// <summary>One per online CPU.</summary>
    public int BufferCount => (int)LibBpf.perf_buffer__buffer_cnt(_handle);

    /// <summary>The perf event fd of CPU buffer <paramref name="index"/>.</summary>
    public int BufferFd(int index) => LibBpf.perf_buffer__buffer_fd(_handle, (nuint)index);

    /// <summary>CPU buffer <paramref name="index"/>: its control page (struct perf_event_mmap_page) and its data pages.</summary>
    public PerfRingView Ring(int index)
    {
        void* memory;
        nuint dataSize;
        int err = LibBpf.perf_buffer__buffer(_handle, index, &memory, &dataSize);
        if (err != 0)
            throw new RingbenchException(ExitCode.KernelRefused, $"perf_buffer__buffer({index}) failed: {LibBpf.ErrorText(err)}");
        return new PerfRingView((byte*)memory, (byte*)memory + LibC.PageSize, (ulong)dataSize - 1);
    }

    public void Dispose()
    {
        if (_handle == 0)
            return;
        LibBpf.perf_buffer__free(_handle);
        NativeMemory.Free(_counts);
        _handle = 0;
    }
}

/// <summary>
/// One CPU's perf ring as mapped: the control page and the data area (a power of two; records
/// are 8-byte aligned, so an 8-byte field never straddles its end).
/// </summary>
public readonly unsafe struct PerfRingView(byte* control, byte* data, ulong mask)
{
    /// <summary>offsetof(struct perf_event_mmap_page, data_head), include/uapi/linux/perf_event.h.</summary>
    public const int DataHeadOffset = 1024;

    /// <summary>offsetof(struct perf_event_mmap_page, data_tail): the consumer's position, written by us.</summary>
    public const int DataTailOffset = 1032;

    public ulong* DataHead => (ulong*)(control + DataHeadOffset);
    public ulong* DataTail => (ulong*)(control + DataTailOffset);
    public byte* Data => data;
    public ulong Mask => mask;
}
