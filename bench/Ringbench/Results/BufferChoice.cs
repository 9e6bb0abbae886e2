using System.Globalization;
using System.Text;
using Ringbench.Compare;
using Ringbench.Ring;

namespace Ringbench.Results;

/// <summary>
/// The question users ask first, per workload: perf buffer, one shared ring, or sharded rings?
/// Each family is represented by its libbpf consumer where it ran (pb-libbpf, the system libbpf
/// or libbpf built before the patch, shards-libbpf), else by the bench's or ringbench's own, so
/// the families differ in the buffer and as little as possible in the reader. For throughput,
/// drops and the producer's cost per record (the kernel's BPF run time, issue 21's counter) a
/// family is picked only where its interval separates it from every other family's; where the
/// intervals do not separate there is no pick, said as such. Memory is what the records may occupy.
/// </summary>
public static class BufferChoice
{
    public sealed record Family(string Name, IReadOnlyList<string> Representatives);

    public static readonly IReadOnlyList<Family> Families =
    [
        new("perf buffer", [ConsumerVariants.PerfLibbpf.Name, ConsumerVariants.PerfCustom.Name]),
        new("one ring", [ConsumerVariants.NativeLibbpf.Name, ConsumerVariants.FlavourName("before"), ConsumerVariants.LevelRelease.Name]),
        new("sharded rings", ConsumerVariants.ShardedRings.Select(v => v.Name).ToList()),
    ];

    public sealed record Option(string Family, TrialSummary Run, MeanInterval Throughput, MeanInterval Drops, MeanInterval ProducerNsPerRecord, long MemoryBytes);

    /// <summary>One workload: the families that ran on it, and the pick for each question ("" where the intervals do not separate).</summary>
    public sealed record Row(string Scenario, IReadOnlyList<Option> Options, string Fastest, string FewestDrops, string CheapestProducer);

    public const string NoPick = "no pick: intervals overlap";

    public static List<Row> Compute(IReadOnlyList<TrialSummary> summaries, double confidence)
    {
        var rows = new List<Row>();
        foreach (var scenario in summaries.GroupBy(s => s.Scenario))
        {
            var options = new List<Option>();
            foreach (Family family in Families)
            {
                TrialSummary? run = family.Representatives.Select(v => scenario.FirstOrDefault(s => s.Variant == v)).FirstOrDefault(s => s is not null);
                if (run is null)
                    continue;
                options.Add(new Option(family.Name, run,
                    MeanInterval.OfRate(run.TrialMeans, confidence),
                    MeanInterval.OfRate(run.Trials.Select(t => t.DropsMean).ToList(), confidence),
                    MeanInterval.OfRate(run.Costs.Select(c => c.BpfNsPerRecord).ToList(), confidence),
                    run.Trials.Select(t => t.BufferBytes).DefaultIfEmpty(0).Max()));
            }
            if (options.Count < 2)
                continue;
            rows.Add(new Row(scenario.Key, options,
                Fastest(options, confidence),
                Separated(options, o => o.Drops, lowerIsBetter: true, allZero: "none drops"),
                Separated(options, o => o.ProducerNsPerRecord, lowerIsBetter: true, allZero: "")));
        }
        return rows;
    }

    /// <summary>The family faster than each other one by a paired ratio interval wholly above 1, or <see cref="NoPick"/>.</summary>
    private static string Fastest(IReadOnlyList<Option> options, double confidence)
    {
        foreach (Option candidate in options)
        {
            if (options.Where(o => o != candidate).All(other => RatioInterval.Of(other.Run, candidate.Run, confidence) is { HasInterval: true } r && r.Low > 1))
                return candidate.Family;
        }
        return NoPick;
    }

    /// <summary>The family whose interval lies wholly on the better side of every other one's, or <see cref="NoPick"/>.</summary>
    private static string Separated(IReadOnlyList<Option> options, Func<Option, MeanInterval> figure, bool lowerIsBetter, string allZero)
    {
        var known = options.Where(o => figure(o).HasInterval).ToList();
        if (known.Count < 2)
            return "no interval";
        if (known.All(o => figure(o).High == 0))
            return allZero.Length > 0 ? allZero : NoPick;
        foreach (Option candidate in known)
        {
            MeanInterval c = figure(candidate);
            bool better = known.Where(o => o != candidate).All(o => lowerIsBetter ? c.High < figure(o).Low : c.Low > figure(o).High);
            if (better)
                return candidate.Family;
        }
        return NoPick;
    }

    public static string Markdown(IReadOnlyList<Row> rows, double confidence)
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
        foreach (Row row in rows)
        {
            for (int i = 0; i < row.Options.Count; i++)
            {
                Option o = row.Options[i];
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
