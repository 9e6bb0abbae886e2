using CsvHelper.Configuration.Attributes;
using Ringbench.Results;
using Ringbench.Ring;

namespace Ringbench.Analysis;

/// <summary>
/// What a reader in another process (reader-*) costs against the consumers it is compared
/// with, scenario by scenario: its throughput over theirs (paired by trial, with the folder's
/// interval and verdict), and the counters that say why: the consumer's CPU per record, its sleeps
/// (voluntary context switches) per thousand records, the share of records dropped and the
/// producer's BPF ns per record. Who it is set against is chosen by traits, never by name: its
/// twins (a C# port or a libbpf of the same store and trigger) and libbpf as shipped (the system
/// library, and the seed's unpatched build).
/// </summary>
public static class ReaderCost
{
    public const double Tolerance = VerdictRule.DefaultThreshold;

    /// <summary>Why a baseline is there: it consumes the same way, or it is what most users run.</summary>
    public enum Relation
    {
        SameStoreAndTrigger,
        LibbpfAsShipped,
    }

    /// <summary>One side's mechanism counters, pooled over its trials (NaN where not measured).</summary>
    public sealed record Mechanism(double Mps, double DropShare, double CpuNsPerRecord, double SleepsPerThousand, double BpfNsPerRecord)
    {
        public static Mechanism Of(TrialSummary s)
        {
            var costed = s.Trials.Where(t => t.ConsumerCpuSecondsRun >= 0 && t.Consumed > 0).ToList();
            var slept = s.Trials.Where(t => t.ConsumerVoluntarySwitches >= 0 && t.Consumed > 0).ToList();
            return new Mechanism(
                s.PooledThroughput.Mean,
                s.DropShare,
                costed.Count > 0 ? costed.Sum(t => t.ConsumerCpuSecondsRun) * 1e9 / costed.Sum(t => t.Consumed) : double.NaN,
                slept.Count > 0 ? slept.Sum(t => t.ConsumerVoluntarySwitches) * 1000.0 / slept.Sum(t => t.Consumed) : double.NaN,
                s.MeanCost(c => c.BpfNsPerRecord));
        }
    }

    public sealed record Row(string Scenario, VariantTraits Reader, VariantTraits Baseline, Relation Relation,
        Mechanism ReaderSide, Mechanism BaselineSide, RatioInterval Ratio, Verdict Verdict);

    /// <summary>A row as reader-costs.csv holds it.</summary>
    public sealed record CsvRow
    {
        [Name("scenario")] public string Scenario { get; init; } = "";
        [Name("reader")] public string Reader { get; init; } = "";
        [Name("baseline")] public string Baseline { get; init; } = "";
        [Name("relation")] public string Relation { get; init; } = "";
        [Name("reader_mps")] public double ReaderMps { get; init; }
        [Name("baseline_mps")] public double BaselineMps { get; init; }
        [Name("ratio")] public double Ratio { get; init; }
        [Name("ratio_ci_low")] public double Low { get; init; }
        [Name("ratio_ci_high")] public double High { get; init; }
        [Name("confidence")] public double Confidence { get; init; }
        [Name("trials")] public int Trials { get; init; }
        [Name("verdict")] public string Verdict { get; init; } = "";
        [Name("reader_cpu_ns_per_record")] public double ReaderCpuNs { get; init; }
        [Name("baseline_cpu_ns_per_record")] public double BaselineCpuNs { get; init; }
        [Name("reader_sleeps_per_1k")] public double ReaderSleeps { get; init; }
        [Name("baseline_sleeps_per_1k")] public double BaselineSleeps { get; init; }
        [Name("reader_drop_share")] public double ReaderDropShare { get; init; }
        [Name("baseline_drop_share")] public double BaselineDropShare { get; init; }
        [Name("reader_bpf_ns_per_record")] public double ReaderBpfNs { get; init; }
        [Name("baseline_bpf_ns_per_record")] public double BaselineBpfNs { get; init; }
    }

    public static CsvRow ToCsv(Row r) => new()
    {
        Scenario = r.Scenario, Reader = r.Reader.Name, Baseline = r.Baseline.Name, Relation = RelationText(r.Relation),
        ReaderMps = r.ReaderSide.Mps, BaselineMps = r.BaselineSide.Mps, Ratio = r.Ratio.Ratio, Low = r.Ratio.Low, High = r.Ratio.High,
        Confidence = r.Ratio.Confidence, Trials = r.Ratio.Trials, Verdict = VerdictRule.Text(r.Verdict),
        ReaderCpuNs = r.ReaderSide.CpuNsPerRecord, BaselineCpuNs = r.BaselineSide.CpuNsPerRecord,
        ReaderSleeps = r.ReaderSide.SleepsPerThousand, BaselineSleeps = r.BaselineSide.SleepsPerThousand,
        ReaderDropShare = r.ReaderSide.DropShare, BaselineDropShare = r.BaselineSide.DropShare,
        ReaderBpfNs = r.ReaderSide.BpfNsPerRecord, BaselineBpfNs = r.BaselineSide.BpfNsPerRecord,
    };

    public static string RelationText(Relation relation) => relation == Relation.SameStoreAndTrigger ? "same store and trigger" : "libbpf as shipped";

    /// <summary>
    /// The consumers a reader is set against: ports and libbpf builds with its store, trigger and
    /// notification (a reader that claims none has no such twin), and libbpf as shipped woken as
    /// the reader is (the system library; the seed's unpatched build).
    /// </summary>
    public static IEnumerable<(VariantTraits Baseline, Relation Relation)> Baselines(VariantTraits reader, IEnumerable<VariantTraits> variants)
    {
        foreach (VariantTraits v in variants)
        {
            if (v.Kind is not (ConsumerKind.Port or ConsumerKind.Libbpf) || v.Notify != reader.Notify)
                continue;
            bool asShipped = v.Kind == ConsumerKind.Libbpf && (v.Build == VariantTraits.SystemBuild || (v.Build == VariantTraits.SeedBuild && v.IsBeforePatch));
            bool twin = reader.Store != StoreOrdering.None && reader.Trigger != TriggerMode.None && (v.Store, v.Trigger) == (reader.Store, reader.Trigger)
                        && v.Build is VariantTraits.SystemBuild or VariantTraits.SeedBuild or "";
            if (twin)
                yield return (v, Relation.SameStoreAndTrigger);
            else if (asShipped)
                yield return (v, Relation.LibbpfAsShipped);
        }
    }

    /// <summary>CPU per record this far apart (either way) counts as different in <see cref="Why"/>; closer, as alike.</summary>
    public const double CpuFactor = 1.2;

    /// <summary>A reader that sleeps this many times less often than libbpf as shipped is bound by its CPU.</summary>
    public const double SleepFactor = 3;

    /// <summary>Drops count as more where the share is this many times the baseline's and at least a point of the records above it.</summary>
    public const double DropFactor = 1.5;

    /// <summary>
    /// Why a reader costs what it does on one scenario, from the counters against two baselines:
    /// whether libbpf with the same store and trigger spends about as much CPU per record (then
    /// the store and the wait explain the cost) or far less (then it is the reader's own path),
    /// and whether the reader sleeps far less than libbpf as shipped (a consumer that never
    /// waits is bound by its CPU) and the producer drops more beside it.
    /// </summary>
    public sealed record Explanation(string Scenario, VariantTraits Reader, Row? SameStore, Row? Shipped,
        bool StoreExplainsCost, bool OwnPathCosts, bool NeverSleeps, bool DropsMore);

    public static IReadOnlyList<Explanation> Why(IReadOnlyList<Row> rows) =>
        rows.GroupBy(r => (r.Scenario, r.Reader.Name)).Select(g =>
        {
            Row? same = g.FirstOrDefault(r => r.Relation == Relation.SameStoreAndTrigger && r.Baseline.Kind == ConsumerKind.Libbpf);
            Row? shipped = g.FirstOrDefault(r => r.Relation == Relation.LibbpfAsShipped && r.Baseline.Build == VariantTraits.SeedBuild)
                           ?? g.FirstOrDefault(r => r.Relation == Relation.LibbpfAsShipped);
            double cpu = same is null ? double.NaN : same.ReaderSide.CpuNsPerRecord / same.BaselineSide.CpuNsPerRecord;
            Row? sleeps = shipped ?? same;
            return new Explanation(g.Key.Scenario, g.First().Reader, same, shipped,
                StoreExplainsCost: cpu < CpuFactor && cpu > 1 / CpuFactor,
                OwnPathCosts: cpu >= CpuFactor,
                NeverSleeps: sleeps is not null && sleeps.ReaderSide.SleepsPerThousand * SleepFactor < sleeps.BaselineSide.SleepsPerThousand,
                DropsMore: sleeps is not null && sleeps.ReaderSide.DropShare > sleeps.BaselineSide.DropShare * DropFactor
                           && sleeps.ReaderSide.DropShare - sleeps.BaselineSide.DropShare > 0.01);
        }).ToList();

    public static IReadOnlyList<Row> Compute(IReadOnlyList<TrialSummary> summaries, IReadOnlyList<VariantTraits> variants, double confidence)
    {
        var byRun = summaries.ToDictionary(s => (s.Scenario, s.Variant));
        var rows = new List<Row>();
        foreach (TrialSummary reader in summaries.Where(s => s.Traits.Kind == ConsumerKind.ExternalReader))
        {
            foreach (var (baseline, relation) in Baselines(reader.Traits, variants))
            {
                if (!byRun.TryGetValue((reader.Scenario, baseline.Name), out TrialSummary? b))
                    continue;
                RatioInterval ratio = RatioInterval.Of(b, reader, confidence);
                rows.Add(new Row(reader.Scenario, reader.Traits, baseline, relation, Mechanism.Of(reader), Mechanism.Of(b),
                    ratio, VerdictRule.Decide(ratio, Tolerance)));
            }
        }
        return rows;
    }
}
