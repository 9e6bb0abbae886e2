namespace Ringbench.Scenarios;

/// <summary>
/// How long one run warms up and measures, in seconds: named once, read by the matrix's options,
/// the imported references and the plan simulation.
/// </summary>
public readonly record struct RunTiming(int Warmup, int Duration)
{
    /// <summary>run_bench_ringbufs.sh's -w3 -d10: the patch's and the 2020 introduction's numbers were taken so.</summary>
    public static RunTiming Script { get; } = new(3, 10);

    /// <summary>ringbench's one-second runs: on these boxes runs differ far more than one run's mean is uncertain, so the time goes to trials.</summary>
    public static RunTiming Short { get; } = new(1, 1);
}
