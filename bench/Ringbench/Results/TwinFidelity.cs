using System.Globalization;
using System.Text;
using Ringbench.Compare;
using Ringbench.Ring;

namespace Ringbench.Results;

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


    /// <summary>The section of summary.md; empty when no port ran beside its twin.</summary>
    public static string Markdown(IReadOnlyList<Row> rows)
    {
        if (rows.Count == 0)
            return "";
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder("## Port fidelity: each C# port against its native twin\n\n");
        md.Append("The twin is libbpf itself, built from the installed version's source with the same store and trigger " +
                  "(bpf-progs/libbpf-flavours/). Ratio: port / twin throughput (ratio of geometric means of the trial means), with a " +
                  $"{rows[0].Ratio.Confidence:P1} {rows[0].Ratio.Method} interval. Attempted: consumed + dropped per measured second, the " +
                  $"producer's pace. ⚠ marks a twin whose whole interval lies outside ±{Tolerance:P0}.\n\n");
        md.Append("| scenario | port / twin | port M/s | twin M/s | attempted port / twin M/s | wake-ups/s port / twin | ratio | fidelity |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---|\n");
        foreach (Row r in rows)
        {
            string fidelity = r.Unfaithful ? $"⚠ {VerdictRule.Text(r.Verdict)} than libbpf" : r.Faithful ? $"within ±{Tolerance:P0}" : VerdictRule.Text(r.Verdict);
            md.Append(inv, $"| {r.Scenario} | {r.Port} / {r.Twin} | {r.PortMps:F3} | {r.TwinMps:F3} | {r.PortAttemptedMps:F3} / {r.TwinAttemptedMps:F3} | ");
            md.Append(inv, $"{r.PortWakeupsPerSecond:F0} / {r.TwinWakeupsPerSecond:F0} | {MatrixSummary.RatioText(r.Ratio)} | {fidelity} |\n");
        }
        int flagged = rows.Count(r => r.Unfaithful), faithful = rows.Count(r => r.Faithful);
        md.Append('\n').Append(inv, $"{faithful} of {rows.Count} pairs within ±{Tolerance:P0} of libbpf, {flagged} outside, " +
                                    $"{rows.Count - faithful - flagged} not settled at these trials.\n\n");
        return md.ToString();
    }
}
