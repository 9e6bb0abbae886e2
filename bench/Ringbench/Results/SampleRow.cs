using CsvHelper.Configuration.Attributes;

namespace Ringbench.Results;

/// <summary>One row of samples.csv: one second of one run, as counts, so any statistic can be recomputed.</summary>
public sealed record SampleRow
{
    [Name("schema_version")] public int SchemaVersion { get; init; } = ResultRow.CurrentSchema;
    [Name("scenario")] public string Scenario { get; init; } = "";
    [Name("variant")] public string Variant { get; init; } = "";
    [Name("trial")] public int Trial { get; init; }
    [Name("index")] public int Index { get; init; }
    [Name("is_warmup")] public bool IsWarmup { get; init; }
    [Name("elapsed_s")] public double ElapsedSeconds { get; init; }
    [Name("records")] public long Records { get; init; }
    [Name("drops")] public long Drops { get; init; }
    [Name("triggers")] public long Triggers { get; init; }
    [Name("waits")] public long Waits { get; init; }
    [Name("wakeups")] public long Wakeups { get; init; }
    [Name("empty_wakeups")] public long EmptyWakeups { get; init; }
    [Name("timeouts")] public long Timeouts { get; init; }
    [Name("stalls")] public long Stalls { get; init; }
    [Name("polls"), Optional] public long Polls { get; init; } // schema 2
    [Name("first_half_records"), Optional] public long FirstHalfRecords { get; init; } = -1; // schema 5
    [Name("first_half_s"), Optional] public double FirstHalfSeconds { get; init; } // schema 5

    /// <summary>The sample as the statistics read it.</summary>
    public Sample ToSample() => new(Index, IsWarmup, ElapsedSeconds, Records, Drops, Triggers, Waits, Wakeups, EmptyWakeups, Timeouts, Stalls, Polls)
    {
        FirstHalfRecords = FirstHalfRecords,
        FirstHalfSeconds = FirstHalfSeconds,
    };

    public static IEnumerable<SampleRow> From(VariantRun run) => run.Samples.Select(s => new SampleRow
    {
        Scenario = run.Scenario.Id,
        Variant = run.Variant,
        Trial = run.Trial,
        Index = s.Index,
        IsWarmup = s.IsWarmup,
        ElapsedSeconds = s.ElapsedSeconds,
        Records = s.Records,
        Drops = s.Drops,
        Triggers = s.Triggers,
        Waits = s.Waits,
        Wakeups = s.Wakeups,
        EmptyWakeups = s.EmptyWakeups,
        Timeouts = s.Timeouts,
        Stalls = s.Stalls,
        Polls = s.Polls,
        FirstHalfRecords = s.FirstHalfRecords,
        FirstHalfSeconds = s.FirstHalfSeconds,
    });
}
