using System.Globalization;
using System.Text;
using Ringbench.Analysis;

namespace Ringbench.Reports;

/// <summary>summary.md's "Choosing a buffer" section (<see cref="BufferChoice"/>), formatted.</summary>
public static class BufferChoiceReport
{
    public static string Markdown(IReadOnlyList<BufferChoice.Row> rows, double confidence)
    {
        if (rows.Count == 0)
            return "";
        var inv = CultureInfo.InvariantCulture;
        var md = new StringBuilder("## Choosing a buffer: perf buffer, one ring or sharded rings\n\n");
        md.AppendLine("Per workload, each buffer read by its libbpf consumer where that ran (in brackets: the variant). Throughput and drops: " +
                      $"mean of the trial means in M/s with a {confidence:P1} t interval; producer: the BPF program's run time per record " +
                      "attempted (the kernel's statistics), in ns: a reserve that fails on a full ring is cheaper than a record written, so " +
                      "heavy drops lower it; read it beside the drops. A pick needs its interval clear of every other's (throughput: the paired ratio " +
                      "interval above 1); otherwise no pick. Memory: what the records may occupy (the ring, every shard, every CPU's perf ring).").AppendLine();
        md.AppendLine("| scenario | buffer [variant] | M/s | drops M/s | producer ns/record | memory | fastest | fewest drops | cheapest producer |");
        md.AppendLine("|---|---|---:|---:|---:|---:|---|---|---|");
        foreach (BufferChoice.Row row in rows)
        {
            for (int i = 0; i < row.Options.Count; i++)
            {
                BufferChoice.Option o = row.Options[i];
                string picks = i == 0 ? $" {row.Fastest} | {row.FewestDrops} | {row.CheapestProducer} |" : " | | |";
                md.AppendLine(inv, $"| {(i == 0 ? row.Scenario : "")} | {o.Family} [{o.Run.Variant}] | {o.Throughput.Text("F3")} | {o.Drops.Text("F3")} | " +
                                   $"{o.ProducerNsPerRecord.Text("F1")} | {Memory(o.MemoryBytes)} |{picks}");
            }
        }
        md.AppendLine();
        return md.ToString();
    }

    private static string Memory(long bytes) => bytes <= 0 ? "–" : bytes >= 1 << 20
        ? string.Create(CultureInfo.InvariantCulture, $"{bytes / (double)(1 << 20):0.#} MiB")
        : string.Create(CultureInfo.InvariantCulture, $"{bytes / 1024} KiB");
}
