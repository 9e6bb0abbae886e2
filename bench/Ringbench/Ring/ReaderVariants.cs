using Ringbench.Kernel;
using Ringbench.Scenarios;

namespace Ringbench.Ring;

/// <summary>The reader processes as variants: reader-&lt;name&gt; for each <see cref="ExternalReader"/> built or given.</summary>
public static partial class ConsumerVariants
{
    public const string ReaderPrefix = "reader-";

    /// <summary>"readers": every reader process this ringbench knows.</summary>
    public const string ReadersSet = "readers";

    /// <summary>Every reader process known here, as variants.</summary>
    public static IReadOnlyList<ConsumerVariant> Readers => ExternalReader.Known.Keys.Select(Reader).ToList();

    /// <summary>
    /// reader-&lt;name&gt;: the reader process of that name, consuming ringbench's ring through the
    /// reader protocol. A reader the build could not make is a variant that says why instead of running.
    /// </summary>
    public static ConsumerVariant Reader(string name)
    {
        string variant = ReaderPrefix + name;
        ExternalReader? reader = ExternalReader.Known.GetValueOrDefault(name);
        string? missing = reader is not null ? null
            : ExternalReader.Unavailable.TryGetValue(name, out string? why) ? $"reader {name} not built: {why}"
            : $"no reader {name}: the set-up builds {string.Join(", ", BuiltReaderNames)}; --reader NAME=COMMAND gives one of your own";
        string library = reader?.Library is { Length: > 0 } l ? $" ({l})" : "";
        return new ConsumerVariant(variant, (reader?.Description ?? $"reader process {name}") + library,
            KernelOnly(variant, "a real BPF ring, by its map ID", setup => new ReaderProcessConsumer(setup,
                reader ?? throw new RingbenchException(ExitCode.Environment, $"{variant}: {missing}"), variant)))
        {
            Unsupported = s =>
                NeedsKernel(s, "the kernel's ring, opened by its map ID")
                ?? (s.LatencySampleEvery > 0 ? "latency is timed by ringbench's own consumers only"
                : s.Buffer == EventBuffer.Perf || s.Sharded ? "reads the one shared ring"
                : missing),
            Traits = Described(ConsumerKind.ExternalReader, reader?.Wait ?? "external reader", reader?.Store ?? StoreOrdering.None,
                reader?.Trigger ?? TriggerMode.None, build: reader?.Library ?? ""),
        };
    }

    /// <summary>The readers the set-up builds, for the grammar: the built ones and those it could not build.</summary>
    private static string ReaderNamesText => string.Join(", ", BuiltReaderNames.Select(n => ReaderPrefix + n).DefaultIfEmpty("none built here"));

    private static IEnumerable<string> BuiltReaderNames =>
        ExternalReader.ReadFolder(ExternalReader.Folder).Keys.Concat(ExternalReader.Unavailable.Keys).Distinct().Order(StringComparer.Ordinal);
}
