using System.Globalization;
using System.Text;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>summary.md's port-fidelity section (<see cref="TwinFidelity"/>), formatted.</summary>
public static class TwinFidelityReport
{
    /// <summary>The section of summary.md; empty when no port ran beside its twin.</summary>
    public static string Markdown(IReadOnlyList<TwinFidelity.Row> rows)
    {
        if (rows.Count == 0)
            return "";
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder("## Port fidelity: each C# port against its native twin\n\n");
        md.Append("The twin is libbpf itself, built from the installed version's source with the same store and trigger " +
                  "(bpf-progs/libbpf-flavours/). Ratio: port / twin throughput (ratio of geometric means of the trial means), with a " +
                  $"{rows[0].Ratio.Confidence:P1} {rows[0].Ratio.Method} interval. Attempted: consumed + dropped per measured second, the " +
                  $"producer's pace. ⚠ marks a twin whose whole interval lies outside ±{TwinFidelity.Tolerance:P0}.\n\n");
        md.Append("| scenario | port / twin | port M/s | twin M/s | attempted port / twin M/s | wake-ups/s port / twin | ratio | fidelity |\n");
        md.Append("|---|---|---:|---:|---:|---:|---:|---|\n");
        foreach (TwinFidelity.Row r in rows)
        {
            string fidelity = r.Unfaithful ? $"⚠ {VerdictRule.Text(r.Verdict)} than libbpf" : r.Faithful ? $"within ±{TwinFidelity.Tolerance:P0}" : VerdictRule.Text(r.Verdict);
            md.Append(inv, $"| {r.Scenario} | {r.Port} / {r.Twin} | {r.PortMps:F3} | {r.TwinMps:F3} | {r.PortAttemptedMps:F3} / {r.TwinAttemptedMps:F3} | ");
            md.Append(inv, $"{r.PortWakeupsPerSecond:F0} / {r.TwinWakeupsPerSecond:F0} | {r.Ratio.Text()} | {fidelity} |\n");
        }
        int flagged = rows.Count(r => r.Unfaithful), faithful = rows.Count(r => r.Faithful);
        md.Append('\n').Append(inv, $"{faithful} of {rows.Count} pairs within ±{TwinFidelity.Tolerance:P0} of libbpf, {flagged} outside, " +
                                    $"{rows.Count - faithful - flagged} not settled at these trials.\n\n");
        return md.ToString();
    }
}
