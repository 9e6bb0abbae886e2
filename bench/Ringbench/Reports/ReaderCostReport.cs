using System.Globalization;
using System.Text;
using Ringbench.Analysis;
using Ringbench.Ring;

using static Ringbench.Reports.CounterText;

namespace Ringbench.Reports;

/// <summary>
/// What each reader in another process costs (<see cref="ReaderCost"/>), formatted: a sentence per
/// reader and scenario built from the counters, a table for summary.md, and the headline's line.
/// </summary>
public static class ReaderCostReport
{
    private static readonly CultureInfo Inv = CultureInfo.InvariantCulture;

    /// <summary>What the reader is, in its own traits: the library, how it stores consumer_pos, how it waits.</summary>
    public static string Describe(VariantTraits reader) =>
        $"{reader.Name} ({(reader.Build.Length > 0 ? reader.Build + "; " : "")}consumer_pos store {reader.Store.Text()}, epoll {reader.Trigger.Text()}; wait: {reader.Wait})";

    /// <summary>One sentence per reader and scenario: its rate against each baseline, then why, from the counters, against the first baseline.</summary>
    public static IReadOnlyList<string> Sentences(IReadOnlyList<ReaderCost.Row> rows)
    {
        var why = Why(rows).ToDictionary(w => (w.Reader, w.Scenario), w => w.Text);
        var sentences = new List<string>();
        foreach (var group in rows.GroupBy(r => (r.Reader.Name, r.Scenario)))
        {
            // The counters are set against one baseline: libbpf itself before a C# port, a twin before libbpf as shipped.
            ReaderCost.Row first = group.OrderBy(r => r.Baseline.Kind == ConsumerKind.Libbpf ? 0 : 1).ThenBy(r => r.Relation).First();
            string against = string.Join(" and ", group.Select(r =>
                $"{r.Ratio.Text()} of {r.Baseline.Name} ({VerdictRule.Text(r.Verdict)})"));
            ReaderCost.Mechanism me = first.ReaderSide, them = first.BaselineSide;
            sentences.Add(string.Create(Inv,
                $"{group.Key.Scenario}: {group.Key.Name} consumed {me.Mps:F3} M/s, {against}. Per record it spent " +
                $"{Number(me.CpuNsPerRecord, "F0")} ns of consumer CPU against {first.Baseline.Name}'s {Number(them.CpuNsPerRecord, "F0")}, " +
                $"slept {Number(me.SleepsPerThousand, "F2")} times per 1k records against {Number(them.SleepsPerThousand, "F2")}, " +
                $"and the producer dropped {Percent(me.DropShare)} of the records against {Percent(them.DropShare)} " +
                $"(the producer's BPF program: {Number(me.BpfNsPerRecord, "F0")} against {Number(them.BpfNsPerRecord, "F0")} ns/record).") +
                (why.TryGetValue(group.Key, out string? because) ? " Why: " + because : ""));
        }
        return sentences;
    }

    /// <summary>Why, in words, from the analysis's <see cref="ReaderCost.Explanation"/>: one sentence per reader and scenario where the counters say something.</summary>
    private static IReadOnlyList<(string Scenario, string Reader, string Text)> Why(IReadOnlyList<ReaderCost.Row> rows)
    {
        var sentences = new List<(string, string, string)>();
        foreach (ReaderCost.Explanation e in ReaderCost.Why(rows))
        {
            var parts = new List<string>();
            if (e.SameStore is { } same && e.OwnPathCosts)
                parts.Add(string.Create(Inv, $"{same.Baseline.Name}, with the same store ({e.Reader.Store.Text()}) and trigger ({e.Reader.Trigger.Text()}), spends " +
                                             $"{same.BaselineSide.CpuNsPerRecord:F0} ns per record against its {same.ReaderSide.CpuNsPerRecord:F0}: " +
                                             $"neither its store nor its wait is the cost, its own path for each record is"));
            else if (e.SameStore is { } alike && e.StoreExplainsCost)
                parts.Add(string.Create(Inv, $"it spends about what {alike.Baseline.Name}, with the same store and trigger, spends per record " +
                                             $"({alike.ReaderSide.CpuNsPerRecord:F0} against {alike.BaselineSide.CpuNsPerRecord:F0} ns): its store and its wait are its cost"));
            ReaderCost.Row? other = e.Shipped ?? e.SameStore;
            if (e.NeverSleeps && other is not null)
                parts.Add(string.Create(Inv, $"it almost never sleeps ({other.ReaderSide.SleepsPerThousand:F2} times per 1k records against " +
                                             $"{other.BaselineSide.SleepsPerThousand:F2} for {other.Baseline.Name}): it is bound by its CPU, not by wake-ups"));
            if (e.DropsMore && other is not null)
                parts.Add(string.Create(Inv, $"{(e.NeverSleeps ? "so the ring fills and the producer drops" : "the producer dropped")} {Percent(other.ReaderSide.DropShare)} of the records " +
                                             $"against {Percent(other.BaselineSide.DropShare)} beside {other.Baseline.Name}"));
            if (parts.Count > 0)
                sentences.Add((e.Scenario, e.Reader.Name, string.Join("; ", parts) + "."));
        }
        return sentences;
    }

    /// <summary>The headline's line: each reader's ratio to libbpf as shipped, scenario by scenario; null where no reader ran beside it.</summary>
    public static string? HeadlineLine(IReadOnlyList<ReaderCost.Row> rows, double confidence)
    {
        var shipped = rows.Where(r => r.Relation == ReaderCost.Relation.LibbpfAsShipped).ToList();
        if (shipped.Count == 0)
            return null;
        return "Readers in other processes, against libbpf as shipped: " + string.Join("; ", shipped.GroupBy(r => (r.Reader.Name, r.Baseline.Name))
            .Select(g => $"{g.Key.Item1} / {g.Key.Item2}: " + string.Join(", ", g.Select(r => $"{r.Scenario} {r.Ratio.Text()} ({VerdictRule.Text(r.Verdict)})")))) +
            string.Create(Inv, $" ({confidence:P0} intervals).");
    }

    /// <summary>summary.md's section; empty where no reader ran beside a baseline.</summary>
    public static string Markdown(IReadOnlyList<ReaderCost.Row> rows, double confidence)
    {
        if (rows.Count == 0)
            return "";
        var md = new StringBuilder("## Readers in other processes\n\n");
        md.AppendLine("Each reader ran as a process of its own through the reader protocol (docs/reader-protocol.md), in the same trials as " +
                      "ringbench's consumers; its CPU and sleeps (voluntary context switches) are read from /proc, its waits are not counted. " +
                      string.Create(Inv, $"Ratios are reader / baseline, paired by trial, {confidence:P0} intervals; same within ±{ReaderCost.Tolerance:P0}.")).AppendLine();
        foreach (VariantTraits reader in rows.Select(r => r.Reader).DistinctBy(r => r.Name))
            md.AppendLine($"- {Describe(reader)}");
        md.AppendLine();
        md.AppendLine("| scenario | reader | baseline | why this baseline | reader M/s | baseline M/s | reader / baseline | verdict | " +
                      "CPU ns/record (reader, baseline) | sleeps per 1k records | dropped | BPF ns/record |");
        md.AppendLine("|---|---|---|---|---:|---:|---:|---|---:|---:|---:|---:|");
        foreach (ReaderCost.Row r in rows)
            md.AppendLine(string.Create(Inv,
                $"| {r.Scenario} | {r.Reader.Name} | {r.Baseline.Name} | {ReaderCost.RelationText(r.Relation)} | {r.ReaderSide.Mps:F3} | {r.BaselineSide.Mps:F3} | " +
                $"{r.Ratio.Text()} | {VerdictRule.Text(r.Verdict)} | {Number(r.ReaderSide.CpuNsPerRecord, "F0")}, {Number(r.BaselineSide.CpuNsPerRecord, "F0")} | " +
                $"{Number(r.ReaderSide.SleepsPerThousand, "F2")}, {Number(r.BaselineSide.SleepsPerThousand, "F2")} | " +
                $"{Percent(r.ReaderSide.DropShare)}, {Percent(r.BaselineSide.DropShare)} | {Number(r.ReaderSide.BpfNsPerRecord, "F0")}, {Number(r.BaselineSide.BpfNsPerRecord, "F0")} |"));
        md.AppendLine();
        foreach (string sentence in Sentences(rows))
            md.AppendLine($"- {sentence}");
        md.AppendLine();
        return md.ToString();
    }
}
