namespace Ringbench.Scenarios;

/// <summary>
/// The kernel bench's four benchmarks, the consumers run_bench_ringbufs.sh compares: libbpf's
/// ring_buffer, the bench's own ring consumer (ringbench's kernel-bench variant mirrors it),
/// libbpf's perf_buffer and the bench's own perf buffer reader.
/// </summary>
public enum ScriptBenchmark
{
    RbLibbpf,
    RbCustom,
    PbLibbpf,
    PbCustom,
}

public static class ScriptBenchmarks
{
    public static IReadOnlyList<ScriptBenchmark> All { get; } = Enum.GetValues<ScriptBenchmark>();

    /// <summary>The bench's own name for it: its argument on the bench's command line, the script's and the reference CSVs' word.</summary>
    public static string Spelling(this ScriptBenchmark benchmark) => benchmark switch
    {
        ScriptBenchmark.RbLibbpf => "rb-libbpf",
        ScriptBenchmark.RbCustom => "rb-custom",
        ScriptBenchmark.PbLibbpf => "pb-libbpf",
        _ => "pb-custom",
    };

    /// <summary>The benchmark the bench calls <paramref name="spelling"/>, or null for another word.</summary>
    public static ScriptBenchmark? FromSpelling(string spelling) =>
        All.Where(b => b.Spelling() == spelling).Select(b => (ScriptBenchmark?)b).FirstOrDefault();

    /// <summary>The perf buffer's two (pb-*): the transport the ring is compared with.</summary>
    public static bool IsPerfBuffer(this ScriptBenchmark benchmark) => benchmark is ScriptBenchmark.PbLibbpf or ScriptBenchmark.PbCustom;
}
