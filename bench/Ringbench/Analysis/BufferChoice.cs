using Ringbench.Ring;

namespace Ringbench.Analysis;

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
}
