using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>Which scenarios of a matrix a variant runs on.</summary>
public enum ScenarioScope
{
    Every,
    /// <summary>The control rows only (the kernel bench's consumer, for the A/A check).</summary>
    Controls,
    /// <summary>The patch's headline rows only (<see cref="ScenarioCatalog.HeadlineIds"/>).</summary>
    Headline,
    /// <summary>Every row but the control rows, which are judged on the kernel bench's consumer (A/A), not on this variant.</summary>
    NoControls,
    /// <summary>Where run_bench_ringbufs.sh runs the kernel bench's benchmark this variant mirrors (<see cref="ConsumerVariant.ScriptBench"/>).</summary>
    ScriptRows,
}

/// <summary>
/// A named consumer the user can pick: how it stores consumer_pos, how it waits, and what it
/// needs of the producer's notification (timed polls ask for none).
/// </summary>
public sealed record ConsumerVariant(string Name, string Description, Func<ConsumerSetup, IRingConsumer> Create)
{
    /// <summary>Why this variant cannot run with these settings, or null if it can: its own needs, then a record bound it cannot keep.</summary>
    public Func<BenchSettings, string?> Unsupported
    {
        get => s => _unsupported(s) ?? (s.ConsumerBound > 0 && !StopsAtRecordBound ? "needs a consumer that stops a call at a record bound (libbpf's ring_buffer or a C# port)" : null);
        init => _unsupported = value;
    }

    private readonly Func<BenchSettings, string?> _unsupported = _ => null;

    /// <summary>The consumer can stop a call at a record bound and drain again before waiting (<see cref="BenchSettings.ConsumerBound"/>).</summary>
    public bool StopsAtRecordBound { get; init; }

    /// <summary>
    /// A variant that is a process of its own (the kernel bench's binary): it runs the scenario
    /// itself, with its own producer and consumer, instead of consuming ringbench's producer. Null
    /// for every consumer ringbench runs in-process.
    /// </summary>
    public Func<ConsumerVariant, Scenario, BenchSettings, Action<Results.Sample>?, CancellationToken, Results.VariantRun>? RunsItself { get; init; }

    /// <summary>The scenario's settings as this variant runs them: a strategy that polls on a timer turns the producer's wake-ups off.</summary>
    public Func<BenchSettings, BenchSettings> ProducerSide { get; init; } = s => s;

    /// <summary>Which scenarios the variant runs on in a matrix: all, the control rows (the kernel bench's own consumer, for the A/A check there), or the headline rows (a suffix @headline).</summary>
    public ScenarioScope Scope { get; init; }

    public bool RunsOn(Scenario scenario) => Scope switch
    {
        ScenarioScope.Controls => scenario.IsControl,
        ScenarioScope.Headline => scenario.IsHeadline,
        ScenarioScope.NoControls => !scenario.IsControl,
        ScenarioScope.ScriptRows => ScriptBench is ScriptBenchmark b && scenario.ScriptBenches.Contains(b),
        _ => true,
    };

    /// <summary>The kernel bench's benchmark this variant mirrors (rb-custom, pb-libbpf, pb-custom), for <see cref="ScenarioScope.ScriptRows"/>.</summary>
    public ScriptBenchmark? ScriptBench { get; init; }

    /// <summary>
    /// Wall seconds a run takes beyond what its settings ask for, known before it runs: the kernel
    /// bench's -d D measures D + 1 seconds. The first look's estimate adds it.
    /// </summary>
    public double ExtraSecondsPerRun { get; init; }

    /// <summary>The name as a matrix's settings record it: with its scope's suffix where it has one.</summary>
    public string Spelling => Name + SuffixOf(Scope);

    /// <summary>The suffix that narrows a variant to <paramref name="scope"/> ("@headline"), or "" for a scope no suffix names.</summary>
    public static string SuffixOf(ScenarioScope scope) => ScopeSuffixes.FirstOrDefault(s => s.Scope == scope).Suffix ?? "";

    public const string HeadlineSuffix = "@headline";

    public const string NoControlsSuffix = "@no-controls";

    /// <summary>The suffixes a user writes to narrow where a variant runs in a matrix, each with the scope it names and what it means.</summary>
    public static IReadOnlyList<(string Suffix, ScenarioScope Scope, string Meaning)> ScopeSuffixes { get; } =
    [
        (HeadlineSuffix, ScenarioScope.Headline,
            $"only on the patch's headline rows ({string.Join(", ", ScenarioCatalog.HeadlineIds.Order(StringComparer.Ordinal))})"),
        (NoControlsSuffix, ScenarioScope.NoControls,
            "on every row but the control rows (those are judged on the kernel bench's own consumer, A/A)"),
    ];

    private readonly VariantTraits _traits = new("", ConsumerKind.Unknown, StoreOrdering.None, TriggerMode.None, "", NotifyRequest.Default);

    /// <summary>
    /// The variant as results.csv records it and the outputs read it: its kind, how it stores
    /// consumer_pos, how the ring fd is registered, how it waits (in words), the notification it
    /// asks of the producer and, for libbpf, which build; always under the variant's own name.
    /// </summary>
    public VariantTraits Traits { get => _traits with { Name = Name }; init => _traits = value; }

    public override string ToString() => Name;
}
