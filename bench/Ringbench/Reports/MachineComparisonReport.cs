using System.Globalization;
using System.Text;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>machines.md: the machine comparison (<see cref="MachineComparison"/>), formatted.</summary>
public static class MachineComparisonReport
{
    public static string Markdown(MachineComparison comparison, string title)
    {
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder($"# Machines compared: {title}\n\n");
        var differs = comparison.Facts.Where(f => f.Differs).ToList();
        md.Append(differs.Count == 0 ? "The machines differ in none of the facts ringbench records"
            : $"What differs: {string.Join("; ", differs.Select(f => $"**{f.Fact}** ({string.Join(" / ", f.Values)})"))}");
        var same = comparison.Facts.Where(f => !f.Differs).ToList();
        md.Append(same.Count == 0 ? ".\n\n" : $". The same on every machine: {string.Join("; ", same.Select(f => $"{f.Fact} {f.Values[0]}"))}.\n\n");

        md.Append("| machine |").Append(string.Concat(comparison.Facts.Select(f => $" {f.Fact} |"))).Append('\n');
        md.Append("|---|").Append(string.Concat(comparison.Facts.Select(_ => "---|"))).Append('\n');
        for (int i = 0; i < comparison.Machines.Count; i++)
            md.Append($"| {comparison.Machines[i].Name} |").Append(string.Concat(comparison.Facts.Select(f => $" {f.Values[i]} |"))).Append('\n');
        md.Append('\n');

        string confidences = string.Join(" / ", comparison.Rows.Select(r => r.Confidence).Distinct().Select(c => c.ToString("P1", inv)));
        md.Append("Only ratios compare across machines: each row is one machine's after / before ratio over its own trials, " +
                  $"with a t interval on the logarithms at that machine's confidence ({confidences}), paired by trial, and the verdict on that machine " +
                  $"(±{VerdictRule.DefaultThreshold:P0}). *of ceiling*: the variant's throughput as a share of the ceiling row on the same " +
                  "machine. *BPF ns/record*: the producer's cost per record from the kernel's run-time statistics, mean over trials " +
                  "(– where the folder predates them). The M/s columns are each machine's own, side by side for reference, never a verdict between machines.\n\n");
        foreach (var scenario in comparison.Rows.GroupBy(r => r.Scenario))
        {
            md.Append($"## {scenario.Key}\n\n");
            md.Append("| machine | pair | before M/s | after M/s | after / before [interval] | verdict on that machine | before of ceiling | after of ceiling | BPF ns/record before / after |\n");
            md.Append("|---|---|---:|---:|---:|---|---:|---:|---:|\n");
            foreach (MachineComparison.PairRow r in scenario)
            {
                md.Append(inv, $"| {r.Machine} | {r.Pair} | {r.BeforeMps:F3} | {r.AfterMps:F3} | {r.Interval.Text()} | {r.Verdict} | ");
                md.Append($"{Share(r.BeforeOfCeiling)} | {Share(r.AfterOfCeiling)} | {Ns(r.BeforeBpfNsPerRecord)} / {Ns(r.AfterBpfNsPerRecord)} |\n");
            }
            md.Append('\n');
        }

        if (comparison.Agreements.Count > 0)
        {
            md.Append("## Do the machines agree?\n\n");
            md.Append("Judged by the ratio of the machines' ratios (each machine against the first), with an interval from both " +
                      "machines' intervals: inside ±5% = they agree, excluding 1 = they differ, otherwise these trials cannot tell. " +
                      "Verdict labels are not compared: two estimates of 0.89x and 0.90x agree even where one interval crosses 1.\n\n");
            foreach (var g in comparison.Agreements.GroupBy(a => (a.Scenario, a.Pair)))
            {
                var ratios = g.Select(a => a.First).Take(1).Concat(g.Select(a => a.Other));
                var parts = g.Select(a => $"{a.Other.Machine} / {a.First.Machine} {a.Between.Text()}: {Says(a.Says)}");
                md.Append(inv, $"- {g.Key.Scenario}, {g.Key.Pair} (ratios {string.Join(", ", ratios.Select(r => $"{r.Machine} {r.Ratio.ToString("F2", inv)}x"))}): " +
                               $"{string.Join("; ", parts)}.\n");
            }
            md.Append('\n');
        }

        var findings = comparison.Machines.Where(m => m.Summary.Findings.Count > 0).ToList();
        if (findings.Count > 0)
        {
            md.Append("## Each machine's findings\n\n");
            foreach (MachineComparison.Machine m in findings)
                md.Append($"### {m.Name}\n\n").Append(string.Concat(m.Summary.Findings.Select(f => f.Markdown + "\n"))).Append('\n');
        }
        return md.ToString();
    }

    private static string Says(MachineComparison.Agreement says) => says switch
    {
        MachineComparison.Agreement.Agree => "agree",
        MachineComparison.Agreement.Differ => "differ",
        MachineComparison.Agreement.CannotTell => "cannot tell at these trials",
        _ => "cannot tell (no interval)",
    };

    private static string Ns(double ns) => double.IsNaN(ns) ? "–" : ns.ToString("F1", CultureInfo.InvariantCulture);

    private static string Share(double share) => double.IsNaN(share) ? "–" : share.ToString("P0", CultureInfo.InvariantCulture);
}
