using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>
/// The patch's published numbers (Ryzen 9 7950X, 32 threads, -w3 -d10, one run each), turned
/// into ringbench's results schema: "patched" is et-seqcst, "unpatched" is lt-release.
/// </summary>
public static class PatchReference
{
    /// <summary>
    /// The variant names the published rows are stored under: the patch's "Old:" (libbpf before
    /// it) as lt-release and its "New:" as et-seqcst, the C# ports of those two consumers, so a
    /// reference folder reads as any result folder does.
    /// </summary>
    public static readonly string Old = Ring.ConsumerVariants.LevelRelease.Name, New = Ring.ConsumerVariants.EdgeSeqCst.Name;

    public const string Patched = "patched";
    public const string Unpatched = "unpatched";

    public static MachineInfo Machine => new()
    {
        Hostname = "patch-reference",
        CpuModel = "AMD Ryzen 9 7950X 16-Core Processor",
        Cpus = 32,
        Kernel = "unknown (2023 bpf-next)",
        Virtualization = "none",
        LibbpfVersion = "before and after the patch",
        DotnetVersion = "n/a (kernel selftest bench)",
        HarnessVersion = "kernel run_bench_ringbufs.sh",
        Commit = "libbpf: fix ringbuf synchronization, use EPOLLET",
        Settings = new MatrixSettings
        {
            WarmupSeconds = Scenarios.RunTiming.Script.Warmup, DurationSeconds = Scenarios.RunTiming.Script.Duration, Trials = 1,
            Variants = [Old, New],
            Scenarios = ScenarioCatalog.All.Select(s => s.Id).ToList(),
        },
    };

    /// <summary>Reads the published CSV (../shared/reference/patch-ryzen9-7950x.csv) as result rows.</summary>
    public static List<ResultRow> ReadPublished(string path) => ReferenceRow.Read(path, "patch reference", p => p.Libbpf switch
    {
        Patched => New,
        Unpatched => Old,
        _ => throw new RingbenchException(ExitCode.Usage, $"unknown libbpf column value '{p.Libbpf}' in the patch reference"),
    });

    /// <summary>Writes results/reference/: results.csv in the results schema and machine.json.</summary>
    public static void Import(string publishedCsv, string folder) => ReferenceRow.Import(ReadPublished(publishedCsv), Machine, folder);

    /// <summary>Where the reference lives in a checkout.</summary>
    public static string? DefaultFolder() =>
        MachineInfo.RepositoryRoot() is string repo && File.Exists(Path.Combine(repo, "results", "reference", ResultFolder.ResultsFile))
            ? Path.Combine(repo, "results", "reference")
            : null;
}
