using System.Runtime.InteropServices;
using System.Text;

namespace Ringbench.Kernel;

/// <summary>
/// libringbench_native.so (bpf-progs/ringbench_native.c): the C record callback of the
/// native-libbpf baseline, a capture of libbpf's log, a program's run-time statistics, and the
/// perf buffer's setup with its counting event callback.
/// </summary>
internal static unsafe partial class NativeShim
{
    private const string Lib = "libringbench_native.so";

    [LibraryImport(Lib)]
    public static partial void ringbench_capture_libbpf_log();

    [LibraryImport(Lib)]
    private static partial nuint ringbench_take_libbpf_log(byte* buffer, nuint capacity);

    /// <summary>run_time_ns and run_cnt of a program's struct bpf_prog_info; 0 or a negative errno.</summary>
    [LibraryImport(Lib)]
    public static partial int ringbench_prog_run_stats(int progFd, ulong* runTimeNs, ulong* runCount);

    /// <summary>
    /// A perf buffer on the perf event array <paramref name="mapFd"/>, as the kernel bench opens it
    /// (software BPF_OUTPUT events with raw samples, one per CPU, <paramref name="pages"/> data
    /// pages each, a wake-up every <paramref name="wakeupEvents"/> samples), whose event callback
    /// counts samples and reported losses into <paramref name="counts"/>. 0 with errno set on failure.
    /// </summary>
    [LibraryImport(Lib, SetLastError = true)]
    public static partial nint ringbench_perf_buffer_new(int mapFd, nuint pages, ulong wakeupEvents, PerfCounts* counts);

    /// <summary>Spins until *<paramref name="stop"/> is non-zero, in native code, where a garbage collection never waits for the thread (the keep-awake spinner).</summary>
    [LibraryImport(Lib)]
    public static partial void ringbench_spin_until(int* stop);

    /// <summary>Null where the shim and its spinner loop load; otherwise why not, in words (a shim built before the loop existed has no such export).</summary>
    public static string? SpinnerMissing()
    {
        try
        {
            Export("ringbench_spin_until");
            return null;
        }
        catch (Exception e) when (e is DllNotFoundException or EntryPointNotFoundException)
        {
            return $"{Lib} has no ringbench_spin_until ({e.Message}); rebuild the natives (./run-bench.sh builds them)";
        }
    }

    /// <summary>Opens and closes one perf buffer event as the perf buffer would: 0, or the kernel's negative errno.</summary>
    [LibraryImport(Lib)]
    public static partial int ringbench_perf_event_probe();

    /// <summary>struct ringbench_perf_counts: where the perf event callback counts.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct PerfCounts
    {
        public long* Records;
        public long* Lost;
    }

    /// <summary>Address of <c>ringbench_count_record</c>, a ring_buffer_sample_fn that atomically increments *ctx.</summary>
    public static nint CountRecordCallback => Export("ringbench_count_record");

    /// <summary>Address of <c>ringbench_count_record_bounded</c>: counts through <see cref="BoundedCount.Records"/> and ends the call (-E2BIG) at its bound.</summary>
    public static nint CountRecordBoundedCallback => Export("ringbench_count_record_bounded");

    /// <summary>The bounded callback's ctx (struct ringbench_bounded_count); the harness owns it.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public unsafe struct BoundedCount
    {
        public long* Records;
        public long Bound;
        public long InCall;
    }

    /// <summary>What the bounded callback returns at its bound, as libbpf hands it back.</summary>
    public const int BoundReached = -7; // -E2BIG

    /// <summary>
    /// Address of <c>ringbench_count_and_time_record</c>: counts like <see cref="CountRecordCallback"/>
    /// through <see cref="LatencyContext.Records"/>, and passes each stamped record's latency to
    /// <see cref="LatencyContext.OnLatency"/>.
    /// </summary>
    public static nint CountAndTimeRecordCallback => Export("ringbench_count_and_time_record");

    /// <summary>struct ringbench_latency_ctx.</summary>
    [StructLayout(LayoutKind.Sequential)]
    public struct LatencyContext
    {
        public long* Records;
        public long Unstamped;
        public delegate* unmanaged<long, nint, void> OnLatency;
        public nint State;
    }

    private static nint Export(string name) =>
        NativeLibrary.GetExport(NativeLibrary.Load(Lib, typeof(NativeShim).Assembly, null), name);

    /// <summary>The libbpf messages since the last call (warnings and errors only).</summary>
    public static string TakeLibbpfLog()
    {
        const int capacity = 64 * 1024;
        byte[] buffer = new byte[capacity];
        fixed (byte* p = buffer)
        {
            nuint n = ringbench_take_libbpf_log(p, capacity);
            return Encoding.UTF8.GetString(buffer, 0, (int)n);
        }
    }

    /// <summary>Whether libringbench_native.so loads from beside the harness.</summary>
    public static bool IsAvailable => NativeLibrary.TryLoad(Lib, typeof(NativeShim).Assembly, null, out _);

    public static void EnsureAvailable()
    {
        if (!IsAvailable)
        {
            throw new RingbenchException(ExitCode.Environment,
                $"{Lib} not found beside the harness: build it with 'make -C bpf-progs' (dotnet build and ./run-bench.sh do)");
        }
    }
}
