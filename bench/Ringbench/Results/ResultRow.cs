using CsvHelper.Configuration.Attributes;
using Ringbench.Scenarios;

namespace Ringbench.Results;

/// <summary>
/// One row of results.csv: one scenario x variant run, with every knob it ran with and the
/// statistics of its measured seconds. The summary model every output is made from.
/// </summary>
public sealed record ResultRow
{
    public const int CurrentSchema = 7;

    /// <summary>
    /// The oldest schema this ringbench still reads: versions 2 to 5 only added columns (2: notify, wait_strategy, is_ceiling, polls;
    /// 3: neighbours, neighbour_cpus; 4: the variant's traits kind, store, trigger, build, variant_notify; 5: samples.csv's
    /// first_half_records and first_half_s, the records of each second's first half, for the run-length check; 6: what the run cost,
    /// cost_records .. costs_unavailable, RunCosts; 7: buffer, buffer_bytes, lost_reported, merged and out_of_order:
    /// which buffer the records went through (ring, shards N, perf), the memory it holds, the perf buffer's reported losses, and
    /// the time-order merge's counts).
    /// </summary>
    public const int OldestReadableSchema = 1;

    [Name("schema_version")] public int SchemaVersion { get; init; } = CurrentSchema;
    [Name("scenario")] public string Scenario { get; init; } = "";
    [Name("group")] public string Group { get; init; } = "";
    [Name("row_label")] public string Label { get; init; } = "";
    [Name("is_control")] public bool IsControl { get; init; }
    [Name("variant")] public string Variant { get; init; } = "";
    [Name("trial")] public int Trial { get; init; }
    [Name("order_position")] public int OrderPosition { get; init; }
    [Name("warmup_s")] public int WarmupSeconds { get; init; }
    [Name("duration_s")] public int DurationSeconds { get; init; }
    [Name("producers")] public int Producers { get; init; }
    [Name("batch_cnt")] public uint BatchCount { get; init; }
    [Name("sampled")] public bool Sampled { get; init; }
    [Name("notify"), Optional] public string Notify { get; init; } = ""; // schema 2: default, sampled:N, never, every:N
    [Name("sample_rate")] public uint SampleRate { get; init; }
    [Name("use_output")] public bool UseOutput { get; init; }
    [Name("b2b")] public bool BackToBack { get; init; }
    [Name("ring_size")] public uint RingSizeBytes { get; init; }
    [Name("affinity")] public bool Affinity { get; init; }
    [Name("prod_cpus")] public string ProducerCpus { get; init; } = "";
    [Name("cons_cpus")] public string ConsumerCpus { get; init; } = "";
    [Name("wait_timeout_ms")] public int WaitTimeoutMs { get; init; }
    [Name("neighbours"), Optional] public int Neighbours { get; init; } // schema 3: CPU-bound threads beside the run
    [Name("neighbour_cpus"), Optional] public string NeighbourCpus { get; init; } = ""; // schema 3: empty = unpinned
    [Name("wait_strategy"), Optional] public string WaitStrategy { get; init; } = ""; // schema 2
    [Name("is_ceiling"), Optional] public bool IsCeiling { get; init; } // schema 2: the reference row, not a consumer
    [Name("kind"), Optional] public string Kind { get; init; } = ""; // schema 4: ConsumerKind
    [Name("store"), Optional] public string Store { get; init; } = ""; // schema 4: how consumer_pos is stored
    [Name("trigger"), Optional] public string Trigger { get; init; } = ""; // schema 4: how the ring fd is registered with epoll
    [Name("build"), Optional] public string Build { get; init; } = ""; // schema 4: for libbpf, which build
    [Name("variant_notify"), Optional] public string VariantNotify { get; init; } = ""; // schema 4: the notification the variant asks for
    [Name("throughput_mean_mps")] public double ThroughputMean { get; init; }
    [Name("throughput_stddev_mps")] public double ThroughputStdDev { get; init; }
    [Name("throughput_median_mps")] public double ThroughputMedian { get; init; }
    [Name("throughput_min_mps")] public double ThroughputMin { get; init; }
    [Name("throughput_max_mps")] public double ThroughputMax { get; init; }
    [Name("drops_mean_mps")] public double DropsMean { get; init; }
    [Name("drops_stddev_mps")] public double DropsStdDev { get; init; }
    [Name("stalls")] public long Stalls { get; init; }
    [Name("stalls_run_total")] public long StallsRunTotal { get; init; }
    [Name("waits")] public long Waits { get; init; }
    [Name("wakeups")] public long Wakeups { get; init; }
    [Name("empty_wakeups")] public long EmptyWakeups { get; init; }
    [Name("timeouts")] public long Timeouts { get; init; }
    [Name("polls"), Optional] public long Polls { get; init; } // schema 2: unnotified looks (poll timer, spin)
    [Name("producer_triggers")] public long ProducerTriggers { get; init; }
    [Name("records_per_wakeup")] public double RecordsPerWakeup { get; init; }
    [Name("consumer_user_s")] public double ConsumerUserSeconds { get; init; }
    [Name("consumer_sys_s")] public double ConsumerSystemSeconds { get; init; }
    [Name("produced")] public long Produced { get; init; }
    [Name("consumed")] public long Consumed { get; init; }
    [Name("dropped")] public long Dropped { get; init; }
    [Name("integrity_ok")] public bool IntegrityOk { get; init; }
    [Name("samples")] public int SampleCount { get; init; }
    [Name("attach_mode")] public string AttachMode { get; init; } = "";
    [Name("started_at")] public DateTimeOffset StartedAt { get; init; }
    [Name("setup_s")] public double SetupSeconds { get; init; }
    [Name("teardown_s")] public double TeardownSeconds { get; init; }
    // Schema 6: what the run cost, over the time the producers ran (RunCosts); -1 where a counter was not available.
    [Name("cost_records"), Optional] public long CostRecords { get; init; } = -1;
    [Name("cost_s"), Optional] public double CostSeconds { get; init; }
    [Name("bpf_run_time_ns"), Optional] public long BpfRunTimeNs { get; init; } = -1;
    [Name("bpf_runs"), Optional] public long BpfRuns { get; init; } = -1;
    [Name("producer_cpu_s"), Optional] public double ProducerCpuSeconds { get; init; } = -1;
    [Name("consumer_vcsw"), Optional] public long ConsumerVoluntarySwitches { get; init; } = -1;
    [Name("consumer_ivcsw"), Optional] public long ConsumerInvoluntarySwitches { get; init; } = -1;
    [Name("consumer_cpu_s_run"), Optional] public double ConsumerCpuSecondsRun { get; init; } = -1;
    [Name("wakeups_run"), Optional] public long WakeupsRun { get; init; } = -1;
    [Name("prod_irq_work"), Optional] public long ProducerIrqWork { get; init; } = -1;
    [Name("prod_resched"), Optional] public long ProducerRescheduling { get; init; } = -1;
    [Name("cons_irq_work"), Optional] public long ConsumerIrqWork { get; init; } = -1;
    [Name("cons_resched"), Optional] public long ConsumerRescheduling { get; init; } = -1;
    [Name("costs_unavailable"), Optional] public string CostsUnavailable { get; init; } = "";
    [Name("buffer"), Optional] public string Buffer { get; init; } = ""; // schema 7: ring, shards N, perf (empty before: ring)
    [Name("buffer_bytes"), Optional] public long BufferBytes { get; init; } // schema 7: memory the records can occupy (0 before)
    [Name("lost_reported"), Optional] public long LostReported { get; init; } // schema 7: PERF_RECORD_LOST total (perf buffer)
    [Name("merged"), Optional] public long Merged { get; init; } // schema 7: records the time-order merge emitted (shards-merged)
    [Name("out_of_order"), Optional] public long OutOfOrder { get; init; } // schema 7: of those, emitted older than one before
    [Name("consumer_bound"), Optional] public int ConsumerBound { get; init; } // schema 7, later: records a consume call stops at (0: no bound)
    [Name("kernel_benchmark"), Optional] public string KernelBenchmark { get; init; } = ""; // schema 7, later: the kernel bench's benchmark a kbench-* row ran (empty for the rest)

    /// <summary>
    /// Whether ringbench counted the consumer's side of this run: false for a process it cannot see
    /// into (the kernel bench, kbench-*), whose wake-ups, waits, stalls, consumer CPU and end-of-run
    /// account are unknown (produced -1), not zero.
    /// </summary>
    [Ignore] public bool ConsumerCounted => Produced >= 0;

    /// <summary>
    /// Whether ringbench counted the consumer's waits, wake-ups and stalls: not for a process it
    /// cannot see into, neither the kernel bench nor a reader process (reader-*), whose records,
    /// CPU and sleeps it does count.
    /// </summary>
    [Ignore] public bool WaitsCounted => ConsumerCounted && Kind != nameof(Ring.ConsumerKind.ExternalReader);

    /// <summary>A count of this run per measured second (the analysis's TrialSummary.PerMeasuredSecond pools it over trials).</summary>
    public double PerMeasuredSecond(long count) => SampleCount == 0 ? double.NaN : (double)count / SampleCount;

    /// <summary>The run's costs, or null for rows written before schema 6.</summary>
    [Ignore] public RunCosts? Costs => CostRecords < 0 ? null : new RunCosts
    {
        Records = CostRecords, Seconds = CostSeconds, BpfRunTimeNs = BpfRunTimeNs, BpfRuns = BpfRuns, ProducerCpuSeconds = ProducerCpuSeconds,
        ConsumerVoluntarySwitches = ConsumerVoluntarySwitches, ConsumerInvoluntarySwitches = ConsumerInvoluntarySwitches,
        ConsumerCpuSeconds = ConsumerCpuSecondsRun, Wakeups = WakeupsRun, ProducerIrqWork = ProducerIrqWork,
        ProducerRescheduling = ProducerRescheduling, ConsumerIrqWork = ConsumerIrqWork, ConsumerRescheduling = ConsumerRescheduling,
        Unavailable = CostsUnavailable,
    };

    /// <summary>The variant as typed traits: from the row's own columns, or (before schema 4) from the catalog's variant of that name.</summary>
    [Ignore] public Ring.VariantTraits Traits => Enum.TryParse(Kind, out Ring.ConsumerKind kind)
        ? new(Variant, kind, Ring.VariantVocabulary.ParseStore(Store), Ring.VariantVocabulary.ParseTrigger(Trigger), WaitStrategy,
            Scenarios.NotifyRequest.FromCsv(VariantNotify), Build) { Benchmark = BenchmarkRan(kind) }
        : Ring.ConsumerVariants.TraitsOf(Variant);

    /// <summary>
    /// The kernel bench's benchmark a kbench-* row ran: its own column, or, in rows written before
    /// the column (2026-12-06), the last word of the row's wait ("the kernel bench's rb-custom"),
    /// the one place it was recorded then. Null for every other kind.
    /// </summary>
    private ScriptBenchmark? BenchmarkRan(Ring.ConsumerKind kind) =>
        kind != Ring.ConsumerKind.KernelBenchBinary ? null
        : ScriptBenchmarks.FromSpelling(KernelBenchmark.Length > 0 ? KernelBenchmark : WaitStrategy[(WaitStrategy.LastIndexOf(' ') + 1)..]);

    [Ignore] public SummaryStatistics Throughput => new(SampleCount, ThroughputMean, ThroughputStdDev, ThroughputMedian, ThroughputMin, ThroughputMax);

    [Ignore] public SummaryStatistics Drops => new(SampleCount, DropsMean, DropsStdDev, double.NaN, double.NaN, double.NaN);

    public static ResultRow From(VariantRun run)
    {
        BenchSettings s = run.Settings;
        SummaryStatistics t = run.Throughput, d = run.Drops;
        return new ResultRow
        {
            Scenario = run.Scenario.Id,
            Group = run.Scenario.Group,
            Label = run.Scenario.Label,
            IsControl = run.Scenario.IsControl,
            Variant = run.Variant,
            Trial = run.Trial,
            OrderPosition = run.OrderPosition,
            WarmupSeconds = s.WarmupSeconds,
            DurationSeconds = s.DurationSeconds,
            Producers = s.Producers,
            BatchCount = s.BatchCount,
            Sampled = s.Sampled,
            Notify = s.NotifyText,
            SampleRate = s.SampleRate,
            UseOutput = s.UseOutput,
            BackToBack = s.BackToBack,
            RingSizeBytes = s.RingSizeBytes,
            Affinity = s.Affinity,
            ProducerCpus = string.Join(' ', s.ProducerCpus ?? []),
            ConsumerCpus = string.Join(' ', s.ConsumerCpus ?? []),
            WaitTimeoutMs = s.WaitTimeoutMs,
            ConsumerBound = s.ConsumerBound,
            Neighbours = s.Neighbours,
            NeighbourCpus = string.Join(' ', s.NeighbourCpus ?? []),
            WaitStrategy = run.Traits.Wait,
            IsCeiling = run.Traits.Kind == Ring.ConsumerKind.Ceiling,
            Kind = run.Traits.Kind.ToString(),
            Store = Ring.VariantVocabulary.Text(run.Traits.Store),
            Trigger = Ring.VariantVocabulary.Text(run.Traits.Trigger),
            Build = run.Traits.Build,
            KernelBenchmark = run.Traits.Benchmark?.Spelling() ?? "",
            VariantNotify = run.Traits.Notify.ToString(),
            ThroughputMean = t.Mean,
            ThroughputStdDev = t.StdDev,
            ThroughputMedian = t.Median,
            ThroughputMin = t.Min,
            ThroughputMax = t.Max,
            DropsMean = d.Mean,
            DropsStdDev = d.StdDev,
            Stalls = run.MeasuredStalls,
            StallsRunTotal = run.TotalStalls,
            Waits = run.Measured.Sum(x => x.Waits),
            Wakeups = run.Measured.Sum(x => x.Wakeups),
            EmptyWakeups = run.Measured.Sum(x => x.EmptyWakeups),
            Timeouts = run.Measured.Sum(x => x.Timeouts),
            Polls = run.Measured.Sum(x => x.Polls),
            ProducerTriggers = run.Measured.Sum(x => x.Triggers),
            RecordsPerWakeup = run.RecordsPerWakeup,
            ConsumerUserSeconds = run.ConsumerUserSeconds,
            ConsumerSystemSeconds = run.ConsumerSystemSeconds,
            Produced = run.Integrity.Produced,
            Consumed = run.Integrity.Consumed,
            Dropped = run.Integrity.Dropped,
            IntegrityOk = run.Integrity.Holds,
            SampleCount = run.Measured.Count,
            AttachMode = run.AttachText,
            StartedAt = run.StartedAt,
            SetupSeconds = run.SetupSeconds,
            TeardownSeconds = run.TeardownSeconds,
            CostRecords = run.Costs?.Records ?? -1,
            CostSeconds = run.Costs?.Seconds ?? 0,
            BpfRunTimeNs = run.Costs?.BpfRunTimeNs ?? -1,
            BpfRuns = run.Costs?.BpfRuns ?? -1,
            ProducerCpuSeconds = run.Costs?.ProducerCpuSeconds ?? -1,
            ConsumerVoluntarySwitches = run.Costs?.ConsumerVoluntarySwitches ?? -1,
            ConsumerInvoluntarySwitches = run.Costs?.ConsumerInvoluntarySwitches ?? -1,
            ConsumerCpuSecondsRun = run.Costs?.ConsumerCpuSeconds ?? -1,
            WakeupsRun = run.Costs?.Wakeups ?? -1,
            ProducerIrqWork = run.Costs?.ProducerIrqWork ?? -1,
            ProducerRescheduling = run.Costs?.ProducerRescheduling ?? -1,
            ConsumerIrqWork = run.Costs?.ConsumerIrqWork ?? -1,
            ConsumerRescheduling = run.Costs?.ConsumerRescheduling ?? -1,
            CostsUnavailable = run.Costs?.Unavailable ?? "",
            Buffer = s.BufferText,
            BufferBytes = s.BufferBytes,
            LostReported = run.LostReported,
            Merged = run.Merged,
            OutOfOrder = run.OutOfOrder,
        };
    }
}
