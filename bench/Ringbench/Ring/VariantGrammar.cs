using System.Globalization;
using System.Text.RegularExpressions;
using Ringbench.Kernel;
using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>
/// The variants by name: the grammar --variants takes (names, sets, parameterised families,
/// the +notify and @headline suffixes, built flavours and readers), and <see cref="Grammar"/>, the
/// one text every help and error lists them from.
/// </summary>
public static partial class ConsumerVariants
{
    /// <summary>Parses a comma-separated list of variant names, or "all", or "strategies".</summary>
    public static IReadOnlyList<ConsumerVariant> Parse(string list)
    {
        var picked = new List<ConsumerVariant>();
        foreach (string name in list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            foreach (ConsumerVariant variant in Named(name))
            {
                if (!picked.Any(v => v.Name == variant.Name))
                    picked.Add(variant);
            }
        }
        return picked.Count > 0 ? picked
            : throw new RingbenchException(ExitCode.Usage, "no variant given: name at least one, 'all' or 'strategies'");
    }

    /// <summary>
    /// The traits of a variant named in a results file written before schema 4 recorded them:
    /// the catalog's own variant of that name, or an unknown kind for a name this version does not know.
    /// </summary>
    public static VariantTraits TraitsOf(string name)
    {
        try
        {
            return Named(name).Single().Traits;
        }
        catch (Exception e) when (e is RingbenchException or InvalidOperationException)
        {
            return new VariantTraits(name, ConsumerKind.Unknown, StoreOrdering.None, TriggerMode.None, "", NotifyRequest.Default);
        }
    }

    private static IEnumerable<ConsumerVariant> Named(string name)
    {
        foreach (var (suffix, scope, _) in ConsumerVariant.ScopeSuffixes)
        {
            if (name.EndsWith(suffix, StringComparison.Ordinal) && name.Length > suffix.Length)
                return Named(name[..^suffix.Length]).Select(v => v with { Scope = scope });
        }
        int plus = name.IndexOf('+');
        if (plus > 0)
            return Named(name[..plus]).Select(v => WithNotify(v, name[(plus + 1)..]));
        if (string.Equals(name, "all", StringComparison.OrdinalIgnoreCase))
            return All;
        if (string.Equals(name, "strategies", StringComparison.OrdinalIgnoreCase))
            return Strategies;
        if (string.Equals(name, "twins", StringComparison.OrdinalIgnoreCase))
            return Twins;
        if (name == Ceiling.Name)
            return [Ceiling];
        if (name == ProducerOnly.Name)
            return [ProducerOnly];
        if (name == KernelBench.Name)
            return [KernelBench];
        if (name == KernelBenchAgain.Name)
            return [KernelBenchAgain];
        if (name.StartsWith(KernelBenchPrefix, StringComparison.Ordinal) || name == "kbench")
            return KernelBenchNamed(name) ?? throw new RingbenchException(ExitCode.Usage, $"unknown variant '{name}': the kernel bench's are {KernelBenchGrammar}");
        if (PerfBuffers.FirstOrDefault(v => v.Name == name) is ConsumerVariant perf)
            return [perf];
        if (string.Equals(name, "perfbuf", StringComparison.OrdinalIgnoreCase))
            return PerfBuffers;
        if (ShardedRings.Append(ShardsMerged).FirstOrDefault(v => v.Name == name) is ConsumerVariant sharded)
            return [sharded];
        if (string.Equals(name, "shards", StringComparison.OrdinalIgnoreCase))
            return ShardedRings;
        if (name.StartsWith(ReaderPrefix, StringComparison.Ordinal) && name.Length > ReaderPrefix.Length)
            return [Reader(name[ReaderPrefix.Length..])];
        if (string.Equals(name, ReadersSet, StringComparison.OrdinalIgnoreCase))
            return Readers.Count > 0 ? Readers : throw new RingbenchException(ExitCode.Usage, "no reader process is built here (see bpf-progs/readers/) and none was given with --reader");
        if (All.Concat(DesignPorts).FirstOrDefault(v => v.Name == name) is ConsumerVariant known)
            return [known];
        if (string.Equals(name, DesignsSet, StringComparison.OrdinalIgnoreCase))
            return Designs;
        if (string.Equals(name, MainFullSet, StringComparison.OrdinalIgnoreCase))
            return Parse(MainFullSpec);
        if (string.Equals(name, MainJobSet, StringComparison.OrdinalIgnoreCase))
            return Parse(MainJobSpec);
        if (name.StartsWith(FlavourPrefix, StringComparison.Ordinal) && name.Length > FlavourPrefix.Length
            && (SeedFlavours.Any(f => f.Flavour == name[FlavourPrefix.Length..]) || LibbpfFlavour.Built.ContainsKey(name[FlavourPrefix.Length..])))
            return [Flavour(name[FlavourPrefix.Length..])];
        Match m = ParameterisedName().Match(name);
        if (m.Success)
        {
            TimeSpan t = ParseDuration(m.Groups["amount"].Value, m.Groups["unit"].Value, name);
            return [m.Groups["kind"].Value switch
            {
                "timed" => Timed(t),
                "hybrid" => Hybrid(t),
                "hybrid-yield" => HybridYield(t),
                _ => NativeTimed(t),
            }];
        }
        throw new RingbenchException(ExitCode.Usage, $"unknown variant '{name}': choose from {Grammar}");
    }

    /// <summary>
    /// Every name <see cref="Parse"/> takes, written from the catalog itself, so the help texts and
    /// the error for an unknown name can never leave a variant out or name one that is gone.
    /// </summary>
    public static string Grammar =>
        $"{string.Join(", ", All.Select(v => v.Name))} ('all' is these {All.Count}); " +
        $"{string.Join(", ", SeedFlavours.Select(f => FlavourPrefix + f.Flavour))} (libbpf built from source without and with the patch, or one of its hunks: " +
        "the ports' native twins; 'twins' is the ports with their twins; 'libbpf-patch FILE NAME' builds more); " +
        $"{KernelBench.Name}, {KernelBenchAgain.Name} (the kernel bench's own consumer, twice: the A/A check); {Ceiling.Name}; {ProducerOnly.Name} (no consumer reads: the producers' own rate); " +
        $"{string.Join(", ", PerfBuffers.Select(v => v.Name))} (the perf buffer, as the kernel bench's; 'perfbuf' is both; they and kernel-bench run where the script runs them); " +
        $"{string.Join(", ", ShardedRings.Select(v => v.Name))} (sharded rings, one per CPU or --shards N, read by libbpf or the C# ports; 'shards' is all three; they run where the script runs rb-libbpf); " +
        $"{ShardsMerged.Name} (the same put back in time order: the cost of the merge); " +
        $"{KernelBenchGrammar}; " +
        $"{ReaderPrefix}<name> (a reader in another process through the reader protocol: {ReaderNamesText}, or one given with --reader NAME=COMMAND; '{ReadersSet}' is every one); " +
        $"'{MainJobSet}' (the main job's default, below); '{MainFullSet}' (the main job with every section's variants: libbpf's pair on the control rows too, ports, ceiling, perf buffer, the 2026 designs on the headline rows); " +
        $"{string.Join(", ", DesignPorts.Select(v => v.Name))} and {string.Join(", ", DesignFlavours.Select(f => FlavourName(f.Flavour)))} (the 2026 consumer designs, ported and built into libbpf; '{DesignsSet}' is these with libbpf-before, libbpf-after, the positive control libbpf-et-only and et-release); " +
        "timed-<T>, hybrid-<T>, hybrid-yield-<T>, libbpf-timed-<T> with T like 100us or 1ms; " +
        $"'strategies' ({string.Join(", ", Strategies.Select(v => v.Name))}); " +
        "a +<notify> suffix (default, sampled:N, never, every:N) sets the producer's notification, e.g. et-seqcst+every:500; " +
        string.Join("; ", ConsumerVariant.ScopeSuffixes.Select(s => $"an {s.Suffix} suffix runs a variant {s.Meaning}"));

    /// <summary>
    /// "variant+notify": the consumer of <paramref name="variant"/> with the producer asking for
    /// wake-ups as <paramref name="notify"/> says (--notify's spelling: default, sampled:N, never,
    /// every:N), e.g. et-seqcst+every:500. The producer-side strategy axis, nameable in a matrix.
    /// </summary>
    public static ConsumerVariant WithNotify(ConsumerVariant variant, string notify)
    {
        if (variant.ProducerSide(new BenchSettings()).Notify == NotifyMode.Never)
            throw new RingbenchException(ExitCode.Usage,
                $"variant '{variant.Name}+{notify}': {variant.Name} polls on a timer and turns the producer's wake-ups off itself");
        NotifyRequest rule = NotifyRequest.Parse(notify); // a bad spelling fails here, before any run
        return variant with
        {
            Name = $"{variant.Name}+{notify}",
            Description = $"{variant.Description}; producer notification {notify}",
            ProducerSide = s => variant.ProducerSide(s).WithNotify(rule),
            Traits = variant.Traits with { Notify = rule },
        };
    }

    [GeneratedRegex(@"^(?<kind>timed|hybrid|hybrid-yield|libbpf-timed)-(?<amount>\d+)(?<unit>us|ms)$")]
    private static partial Regex ParameterisedName();

    private static TimeSpan ParseDuration(string amount, string unit, string name)
    {
        long n = long.TryParse(amount, NumberStyles.None, CultureInfo.InvariantCulture, out long v) && v <= 10_000_000 ? v
            : throw new RingbenchException(ExitCode.Usage, $"variant '{name}': the duration is out of range");
        TimeSpan t = unit == "ms" ? TimeSpan.FromMilliseconds(n) : TimeSpan.FromMicroseconds(n);
        return t <= TimeSpan.FromSeconds(10) ? t
            : throw new RingbenchException(ExitCode.Usage, $"variant '{name}': at most 10 seconds");
    }

    /// <summary>A duration as variant names spell it: whole milliseconds as "1ms", anything else in microseconds.</summary>
    public static string DurationText(TimeSpan t) => t.Ticks % TimeSpan.TicksPerMillisecond == 0 && t > TimeSpan.Zero
        ? $"{(long)t.TotalMilliseconds}ms"
        : $"{(long)t.TotalMicroseconds}us";
}
