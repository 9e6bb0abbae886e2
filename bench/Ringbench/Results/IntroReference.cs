using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>
/// The benchmark's own introduction: the ring-buffer and perf-buffer numbers Andrii Nakryiko
/// published with bench_ringbufs.c ("[PATCH v4 bpf-next 4/5] bpf: add BPF ringbuf and perf
/// buffer benchmarks", 2020-05-29, Message-ID &lt;20200529075424.3139988-5-andriin@fb.com&gt;,
/// merged for Linux 5.8 as "bpf: Add BPF ringbuf and perf buffer benchmarks"), on a 28-core/
/// 56-thread Intel Xeon E5-2680 v4, one -w3 -d10 run per row. Transcribed into
/// results/reference-2020/published.csv and imported like the patch's reference, each of the
/// bench's four benchmarks as the ringbench variant that mirrors it.
/// </summary>
public static class IntroReference
{
    public const string FolderName = "reference-2020";
    public const string PublishedFile = "published.csv";

    /// <summary>The kernel bench's benchmark -> the variant that mirrors it here (rb-libbpf: the system libbpf's ring_buffer).</summary>
    public static readonly IReadOnlyDictionary<string, string> VariantOf = new Dictionary<string, string>
    {
        [ScriptBenchmark.RbLibbpf.Spelling()] = Ring.ConsumerVariants.NativeLibbpf.Name,
        [ScriptBenchmark.RbCustom.Spelling()] = Ring.ConsumerVariants.KernelBench.Name,
        [ScriptBenchmark.PbLibbpf.Spelling()] = Ring.ConsumerVariants.PerfLibbpf.Name,
        [ScriptBenchmark.PbCustom.Spelling()] = Ring.ConsumerVariants.PerfCustom.Name,
    };

    public static MachineInfo Machine => new()
    {
        Hostname = "ringbuf-intro-2020",
        CpuModel = "Intel Xeon CPU E5-2680 v4 @ 2.40GHz (28 cores)",
        Cpus = 56,
        Kernel = "bpf-next, May 2020 (merged for Linux 5.8)",
        Virtualization = "none",
        LibbpfVersion = "libbpf of the same tree (May 2020)",
        DotnetVersion = "n/a (kernel selftest bench)",
        HarnessVersion = "kernel run_bench_ringbufs.sh (first version)",
        Commit = "bpf: Add BPF ringbuf and perf buffer benchmarks (<20200529075424.3139988-5-andriin@fb.com>)",
        Settings = new MatrixSettings
        {
            WarmupSeconds = Scenarios.RunTiming.Script.Warmup, DurationSeconds = Scenarios.RunTiming.Script.Duration, Trials = 1,
            Variants = VariantOf.Values.ToList(),
            Scenarios = ScenarioCatalog.KernelScript.Select(s => s.Id).ToList(),
        },
    };

    /// <summary>Reads the transcribed rows as result rows, each bench under the variant that mirrors it.</summary>
    public static List<ResultRow> ReadPublished(string path) => ReferenceRow.Read(path, "2020 reference", p =>
        VariantOf.TryGetValue(p.Bench, out string? variant) ? variant
            : throw new RingbenchException(ExitCode.Usage, $"unknown bench '{p.Bench}' in the 2020 reference (expected {string.Join(", ", VariantOf.Keys)})"));

    /// <summary>Writes results.csv and machine.json into <paramref name="folder"/> (results/reference-2020, beside its published.csv).</summary>
    public static void Import(string publishedCsv, string folder) => ReferenceRow.Import(ReadPublished(publishedCsv), Machine, folder);

    /// <summary>Where it lives in a checkout, once imported.</summary>
    public static string? DefaultFolder() =>
        MachineInfo.RepositoryRoot() is string repo && File.Exists(Path.Combine(repo, "results", FolderName, ResultFolder.ResultsFile))
            ? Path.Combine(repo, "results", FolderName)
            : null;
}
