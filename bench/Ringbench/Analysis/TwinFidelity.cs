using Ringbench.Ring;

namespace Ringbench.Analysis;

/// <summary>
/// Port fidelity: each C# port against its native twin (libbpf built from source with the same
/// store and trigger: lt-release with libbpf-before, et-seqcst with libbpf-after, lt-seqcst with
/// libbpf-store-only, et-release with libbpf-et-only), scenario by scenario, as the ratio port /
/// twin with its interval. The attempted rate (consumed + dropped per measured second) of both is
/// shown beside it, because a producer running at another pace changes everything downstream.
/// A twin whose interval lies wholly outside ±5% is flagged: there the port does not measure
/// what libbpf does.
/// </summary>
public static class TwinFidelity
{
    public const double Tolerance = 0.05;

    public sealed record Row(string Scenario, string Port, string Twin, double PortMps, double TwinMps,
        double PortAttemptedMps, double TwinAttemptedMps, double PortWakeupsPerSecond, double TwinWakeupsPerSecond,
        RatioInterval Ratio, Verdict Verdict)
    {
        /// <summary>The port is slower or faster than its twin by more than the tolerance, for sure.</summary>
        public bool Unfaithful => Verdict is Verdict.Faster or Verdict.Slower;

        public bool Faithful => Verdict == Verdict.Same;
    }

    public static IReadOnlyList<Row> Compute(FolderSummary folder)
    {
        var result = new List<Row>();
        foreach (TrialSummary port in folder.Summaries)
        {
            if (port.Traits.TwinIn(folder.Variants) is not VariantTraits twinTraits
                || folder.Find(port.Scenario, twinTraits.Name) is not TrialSummary twin)
                continue;
            RatioInterval ratio = RatioInterval.Of(twin, port, folder.Confidence);
            result.Add(new Row(port.Scenario, port.Variant, twin.Variant, port.PooledThroughput.Mean, twin.PooledThroughput.Mean,
                Attempted(port), Attempted(twin), port.WakeupsPerSecond, twin.WakeupsPerSecond,
                ratio, VerdictRule.Decide(ratio, Tolerance)));
        }
        return result;
    }

    /// <summary>Records the producer attempted per measured second: consumed plus dropped.</summary>
    public static double Attempted(TrialSummary s) => s.PooledThroughput.Mean + s.PooledDrops.Mean;
}
