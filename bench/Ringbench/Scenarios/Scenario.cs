namespace Ringbench.Scenarios;

/// <summary>
/// One row of the matrix (docs/bench-spec.md §8): an id as in the reference CSV, the
/// heading and row label of the kernel script, and how it changes the default knobs.
/// </summary>
public sealed record Scenario(
    string Id,
    string Group,
    string Label,
    bool IsControl,
    string KernelFlags,
    Func<BenchSettings, BenchSettings> Configure)
{
    /// <summary>One of the rows the patch's message argues from (<see cref="ScenarioCatalog.HeadlineIds"/>).</summary>
    public bool IsHeadline => ScenarioCatalog.HeadlineIds.Contains(Id);

    /// <summary>
    /// The kernel bench's benchmarks run_bench_ringbufs.sh runs on this row (rb-libbpf, rb-custom,
    /// pb-libbpf, pb-custom): the variants that mirror one of them run where the script runs it.
    /// </summary>
    public IReadOnlySet<ScriptBenchmark> ScriptBenches { get; init; } = new HashSet<ScriptBenchmark>();

    /// <summary>For a busy-neighbour row: the quiet scenario it repeats with a CPU-bound thread beside the run; null otherwise.</summary>
    public string? BusyTwinOf { get; init; }

    /// <summary>This scenario's knobs on top of <paramref name="defaults"/>.</summary>
    public BenchSettings Settings(BenchSettings defaults) => Configure(defaults);

    public override string ToString() => Id;
}
