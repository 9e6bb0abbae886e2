namespace Ringbench.Scenarios;

/// <summary>
/// The 36 scenarios of run_bench_ringbufs.sh that ringbench mirrors, in the script's order,
/// then ringbench's own latency group.
/// "Control" rows are those the kernel script ran with its own consumer, which the patch
/// did not touch: no before/after effect is expected there.
/// </summary>
public static class ScenarioCatalog
{
    public const string ParallelGroup = "Single-producer, parallel producer";
    public const string BoundedGroup = "Bounded consumer: one record a call, drained before waiting (ringbench; the 2026 fix's test)";
    public const string ParallelSampledGroup = "Single-producer, parallel producer, sampled notification";
    public const string BackToBackGroup = "Single-producer, back-to-back mode";
    public const string SampleRateGroup = "Ringbuf back-to-back, effect of sample rate";
    public const string ReserveOutputGroup = "Ringbuf back-to-back, reserve+commit vs output";
    public const string ReserveOutputSampledGroup = "Ringbuf sampled, reserve+commit vs output";
    public const string SameCpuGroup = "Single-producer, consumer/producer competing on the same CPU, low batch count";
    public const string MultiProducerGroup = "Ringbuf, multi-producer contention";
    public const string LatencyGroup = "Latency: how long a record waits to be consumed (ringbench)";
    public const string BusyNeighbourGroup = "Busy neighbour: one CPU-bound thread beside the run (ringbench)";

    /// <summary>The 36 scenarios of the kernel script; the rest are ringbench's own.</summary>
    public static IEnumerable<Scenario> KernelScript => All.Where(s => s.Group is not LatencyGroup and not BusyNeighbourGroup and not BoundedGroup);

    /// <summary>Latency scenarios time one record in this many (every record when paced: there are few).</summary>
    public const int LatencySampleEvery = 64;

    public static readonly int[] SampleRates = [1, 5, 10, 25, 50, 100, 250, 500, 1000, 2000, 3000];
    public static readonly int[] ProducerCounts = [1, 2, 3, 4, 8, 12, 16, 20, 24, 28, 32, 36, 40, 44, 48, 52];

    public static IReadOnlyList<Scenario> All { get; } = Build();

    /// <summary>
    /// The rows the patch's gains are claimed on (its message: the parallel producer with and
    /// without sampled notification, back-to-back, and multi-producer contention at 1 to 4
    /// producers): where the main job also runs the patch's two hunks apart.
    /// </summary>
    public static IReadOnlySet<string> HeadlineIds { get; } = new HashSet<string>(
        ["parallel", "parallel-sampled", "b2b", "multi-producer-1", "multi-producer-2", "multi-producer-3", "multi-producer-4"]);

    /// <summary>The rows the overview figure shows: the patch's main claims and the same-CPU row, one of each kind.</summary>
    public static IReadOnlySet<string> OverviewIds { get; } = new HashSet<string>(
        ["parallel", "parallel-sampled", "b2b", "multi-producer-1", "multi-producer-4", "same-cpu"]);

    /// <summary>The row a one-paragraph review leads with: the patch's headline claim (20.8 -> 43.4 M/s).</summary>
    public const string HeadlineScenario = "parallel";

    public static IEnumerable<string> Groups => All.Select(s => s.Group).Distinct();

    /// <summary>The quiet scenario a busy-neighbour row repeats, or null for any other id (one from another version included).</summary>
    public static string? QuietTwinOf(string id) => All.FirstOrDefault(s => s.Id == id)?.BusyTwinOf;

    /// <summary>The busy-neighbour rows that repeat <paramref name="quietId"/>.</summary>
    public static IEnumerable<string> BusyTwinsOf(string quietId) => All.Where(s => s.BusyTwinOf == quietId).Select(s => s.Id);

    public static Scenario Find(string id) =>
        All.FirstOrDefault(s => s.Id == id)
        ?? throw new RingbenchException(ExitCode.Usage, $"unknown scenario '{id}': './run-bench.sh list' shows the {All.Count} scenarios");

    /// <summary>
    /// Which of its benchmarks the current run_bench_ringbufs.sh runs in each section (docs/bench-spec.md §9): all four in
    /// the single-producer sections (parallel, sampled, back-to-back, same CPU), its own consumer
    /// on the sample-rate and reserve/output rows, libbpf's ring and (since January 2026, "Perfbuf,
    /// multi-producer": the same -pN --rb-batch-cnt 50, sample rate 50 and not sampled) libbpf's
    /// perf buffer in the multi-producer sweep.
    /// </summary>
    private static IReadOnlySet<ScriptBenchmark> ScriptBenchesOf(string group) => new HashSet<ScriptBenchmark>(group switch
    {
        ParallelGroup or ParallelSampledGroup or BackToBackGroup or SameCpuGroup => ScriptBenchmarks.All,
        SampleRateGroup or ReserveOutputGroup or ReserveOutputSampledGroup => [ScriptBenchmark.RbCustom],
        MultiProducerGroup => [ScriptBenchmark.RbLibbpf, ScriptBenchmark.PbLibbpf],
        _ => [],
    });

    private static List<Scenario> Build() =>
        BuildRows().Select(s => s with { ScriptBenches = ScriptBenchesOf(s.Group) }).ToList();

    private static List<Scenario> BuildRows()
    {
        var rows = new List<Scenario>
        {
            new("parallel", ParallelGroup, "rb-libbpf", false, "", s => s),
            new("parallel-sampled", ParallelSampledGroup, "rb-libbpf", false, "--rb-sampled", s => s with { Sampled = true }),
            new("b2b", BackToBackGroup, "rb-libbpf", false, "--rb-b2b", s => s with { BackToBack = true }),
            new("b2b-sampled", BackToBackGroup, "rb-libbpf-sampled", false, "--rb-sampled --rb-b2b",
                s => s with { Sampled = true, BackToBack = true }),
        };
        foreach (int rate in SampleRates)
        {
            rows.Add(new($"sample-rate-{rate}", SampleRateGroup, $"rb-sampled-{rate}", true,
                $"--rb-b2b --rb-batch-cnt {rate} --rb-sampled --rb-sample-rate {rate}",
                s => s with { BackToBack = true, BatchCount = (uint)rate, Sampled = true, SampleRate = (uint)rate }));
        }
        rows.Add(new("reserve", ReserveOutputGroup, "reserve", true, "--rb-b2b", s => s with { BackToBack = true }));
        rows.Add(new("output", ReserveOutputGroup, "output", true, "--rb-b2b --rb-use-output",
            s => s with { BackToBack = true, UseOutput = true }));
        rows.Add(new("reserve-sampled", ReserveOutputSampledGroup, "reserve-sampled", true, "--rb-sampled",
            s => s with { Sampled = true }));
        rows.Add(new("output-sampled", ReserveOutputSampledGroup, "output-sampled", true, "--rb-sampled --rb-use-output",
            s => s with { Sampled = true, UseOutput = true }));
        rows.Add(new("same-cpu", SameCpuGroup, "rb-libbpf", false,
            "--rb-batch-cnt 1 --rb-sample-rate 1 --prod-affinity 0 --cons-affinity 0",
            s => s with { BatchCount = 1, SampleRate = 1, ProducerCpus = [0], ConsumerCpus = [0] }));
        foreach (int producers in ProducerCounts)
        {
            rows.Add(new($"multi-producer-{producers}", MultiProducerGroup, $"rb-libbpf nr_prod {producers}", false,
                $"-p{producers} --rb-batch-cnt 50", s => s with { Producers = producers, BatchCount = 50 }));
        }
        // ringbench's own: delivery latency. A paced producer (one record every T) shows the cost
        // of a wake-up; the tight-loop rows show what batching and sampling do to it.
        foreach (var (label, micros) in new[] { ("10us", 10), ("100us", 100), ("1ms", 1000) })
        {
            rows.Add(new($"latency-paced-{label}", LatencyGroup, $"rb-paced-{label}", false,
                $"(ringbench) --pace-us {micros} --batch-cnt 1 --latency-every 1",
                s => s with { PaceMicroseconds = micros, BatchCount = 1, LatencySampleEvery = 1 }));
        }
        foreach (uint batch in new uint[] { 50, 500 })
        {
            rows.Add(new($"latency-parallel-b{batch}", LatencyGroup, $"rb-parallel-b{batch}", false,
                $"(ringbench) --batch-cnt {batch} --latency-every {LatencySampleEvery}",
                s => s with { BatchCount = batch, LatencySampleEvery = LatencySampleEvery }));
        }
        rows.Add(new("latency-sampled", LatencyGroup, "rb-sampled-500", false,
            $"(ringbench) --rb-sampled --latency-every {LatencySampleEvery}",
            s => s with { Sampled = true, LatencySampleEvery = LatencySampleEvery }));
        rows.Add(new("latency-same-cpu", LatencyGroup, "rb-same-cpu", false,
            $"(ringbench) --batch-cnt 1 --prod-affinity 0 --cons-affinity 0 --latency-every {LatencySampleEvery}",
            s => s with { BatchCount = 1, ProducerCpus = [0], ConsumerCpus = [0], LatencySampleEvery = LatencySampleEvery }));
        // ringbench's own: the bounded consumer of the 2026 barrier fix's test ("drains one record
        // per call while a concurrent producer fills the ring"): the parallel producer, the
        // consumer's calls end after one record, and it calls again until a call finds nothing
        // before it waits. A design that misses a barrier on that path stalls here.
        rows.Add(new("bounded-1", BoundedGroup, "rb-bounded-1", false, "(ringbench) --consumer-bound 1",
            s => s with { ConsumerBound = 1 }));
        // ringbench's own: the patch's headline rows with one unpinned CPU-bound thread beside the
        // run, as on a machine that is doing anything else. Same knobs as the quiet rows.
        foreach (string quiet in new[] { "parallel", "parallel-sampled", "b2b", "multi-producer-4" })
        {
            Scenario q = rows.First(r => r.Id == quiet);
            rows.Add(new($"{quiet}-busy1", BusyNeighbourGroup, q.Label, false, $"{q.KernelFlags} (ringbench) --neighbours 1".Trim(),
                s => q.Configure(s) with { Neighbours = 1 }) { BusyTwinOf = quiet });
        }
        return rows;
    }
}
