using System.Globalization;
using System.Text;
using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>
/// summary.txt and summary.md from results rows alone (so a folder from any machine works):
/// the kernel script's text, one block of groups per variant like the patch mail's "New:" and
/// "Old:", and Markdown tables with the et-seqcst / lt-release ratio beside them.
/// </summary>
public static class MatrixSummary
{
    public const string Before = "lt-release";
    public const string After = "et-seqcst";

    public static string Text(IReadOnlyList<ResultRow> rows, MachineInfo machine)
    {
        var text = new StringBuilder();
        text.AppendLine($"# ringbench on {machine.Hostname} ({machine.CpuModel}, {machine.Cpus} CPUs, kernel {machine.Kernel}, " +
                        $"{machine.Virtualization}), commit {machine.Commit}, -w{machine.Settings.WarmupSeconds} -d{machine.Settings.DurationSeconds}");
        foreach (string variant in Variants(rows))
        {
            text.AppendLine().AppendLine($"{variant}:").AppendLine("```");
            foreach (var group in GroupsInCatalogOrder(rows.Where(r => r.Variant == variant)))
            {
                text.AppendLine(KernelFormat.Heading(group.Key));
                foreach (ResultRow row in group)
                    text.AppendLine(KernelFormat.Line(row.Label, row.Throughput, row.Drops));
                text.AppendLine();
            }
            text.AppendLine("```");
        }
        return text.ToString();
    }

    public static string Markdown(IReadOnlyList<ResultRow> rows, MachineInfo machine)
    {
        var md = new StringBuilder();
        List<string> variants = Variants(rows);
        bool ratio = variants.Contains(Before) && variants.Contains(After);
        md.AppendLine($"# ringbench results: {machine.Hostname}").AppendLine();
        md.AppendLine($"{machine.CpuModel}, {machine.Cpus} CPUs, kernel {machine.Kernel}, virtualization: {machine.Virtualization}, " +
                      $"libbpf {machine.LibbpfVersion}, {machine.DotnetVersion}, ringbench {machine.HarnessVersion} ({machine.Commit}). " +
                      $"Warm-up {machine.Settings.WarmupSeconds} s, duration {machine.Settings.DurationSeconds} s, " +
                      $"started {machine.StartedAt:yyyy-MM-dd HH:mm}.").AppendLine();
        md.AppendLine("Throughput and drops are mean ± sample stddev of the per-second rates in M/s (the spread *within* one run). " +
                      "Control rows are those the kernel script measured with its own consumer; the patch expects no change there.").AppendLine();
        foreach (var group in GroupsInCatalogOrder(rows))
        {
            md.AppendLine($"## {group.Key}").AppendLine();
            md.Append("| scenario | row |");
            foreach (string v in variants) md.Append($" {v} M/s | {v} drops M/s | {v} stalls |");
            if (ratio) md.Append($" {After} / {Before} |");
            md.AppendLine();
            md.Append("|---|---|").Append(string.Concat(Enumerable.Repeat("---:|---:|---:|", variants.Count)));
            md.AppendLine(ratio ? "---:|" : "");
            foreach (var scenario in group.GroupBy(r => r.Scenario))
            {
                ResultRow first = scenario.First();
                md.Append($"| {scenario.Key}{(first.IsControl ? " (control)" : "")} | {first.Label} |");
                foreach (string v in variants)
                {
                    ResultRow? r = scenario.FirstOrDefault(x => x.Variant == v);
                    md.Append(r is null ? " – | – | – |" : string.Create(CultureInfo.InvariantCulture,
                        $" {r.ThroughputMean:F3} ± {r.ThroughputStdDev:F3} | {r.DropsMean:F3} ± {r.DropsStdDev:F3} | {r.Stalls}{(r.IntegrityOk ? "" : " ⚠ integrity")} |"));
                }
                if (ratio)
                {
                    ResultRow? b = scenario.FirstOrDefault(x => x.Variant == Before), a = scenario.FirstOrDefault(x => x.Variant == After);
                    md.Append(b is null || a is null || b.ThroughputMean <= 0 ? " – |"
                        : string.Create(CultureInfo.InvariantCulture, $" {a.ThroughputMean / b.ThroughputMean:F2}x |"));
                }
                md.AppendLine();
            }
            md.AppendLine();
        }
        return md.ToString();
    }

    private static List<string> Variants(IEnumerable<ResultRow> rows)
    {
        var known = Ring.ConsumerVariants.All.Select(v => v.Name).ToList();
        return rows.Select(r => r.Variant).Distinct().OrderBy(v => known.IndexOf(v) is var i && i < 0 ? int.MaxValue : i).ToList();
    }

    private static IEnumerable<IGrouping<string, ResultRow>> GroupsInCatalogOrder(IEnumerable<ResultRow> rows)
    {
        var order = ScenarioCatalog.All.Select(s => s.Id).ToList();
        int Position(string id) => order.IndexOf(id) is var i && i < 0 ? int.MaxValue : i;
        return rows.OrderBy(r => Position(r.Scenario)).GroupBy(r => r.Group);
    }
}
