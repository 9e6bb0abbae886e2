namespace Ringbench.Kernel;

/// <summary>
/// One libbpf flavour that bpf-progs/libbpf-flavours/build-flavours.sh built: the installed
/// libbpf's source with a diff (or none), what that source's ringbuf.c does with the
/// consumer_pos store and the epoll registration (read from the patched source, checked by the
/// tests against the object code and the kernel's fdinfo), and the library to load.
/// </summary>
public sealed record LibbpfFlavour(string Name, string Description, string Source, string Diff, string Store, string Trigger, string LibraryPath)
{
    /// <summary>The optimisation level libbpf and the consumer library were built with: -O2 as distributions ship libbpf, -O0 as the kernel bench builds it.</summary>
    public string Optimisation { get; init; } = "-O2";

    /// <summary>The model-check design (<see cref="Model.ConsumerDesigns"/>) the flavour's diff says it builds, or "" for one that names none.</summary>
    public string Design { get; init; } = "";

    /// <summary>The distribution version of the libbpf source it was built from ("1.1.2-0+deb12u1"); "" for a build older than the field.</summary>
    public string Version { get; init; } = "";

    /// <summary>The diff it is a side of, as reports name it ("seed-ringbuf-seqcst-epollet.diff", "designs/barrier.diff"); "" for a build older than the field.</summary>
    public string Patch { get; init; } = "";

    /// <summary>Where the build copies the flavours: beside the harness.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "libbpf-flavours");

    /// <summary>The flavours built for this harness, by name.</summary>
    public static IReadOnlyDictionary<string, LibbpfFlavour> Built => Catalog.Value;

    private static readonly Lazy<IReadOnlyDictionary<string, LibbpfFlavour>> Catalog = new(() => ReadFolder(Folder));

    /// <summary>Why <paramref name="name"/> is not available, in one line; null if it is.</summary>
    public static string? WhyMissing(string name)
    {
        if (Built.ContainsKey(name))
            return null;
        return BuildManifest.WhyUnavailable(Folder) is string reason
            ? $"libbpf flavour '{name}' not built: {reason}"
            : $"libbpf flavour '{name}' not built (./run-bench.sh builds the seed's flavours from libbpf's source package; './run-bench.sh libbpf-patch FILE NAME' builds others)";
    }

    public static LibbpfFlavour Get(string name) => Built.TryGetValue(name, out LibbpfFlavour? f) ? f
        : throw new RingbenchException(ExitCode.Environment, WhyMissing(name)!);

    /// <summary>Reads every &lt;name&gt;.flavour (key=value lines) that has its &lt;name&gt;.so beside it.</summary>
    public static IReadOnlyDictionary<string, LibbpfFlavour> ReadFolder(string folder)
    {
        var flavours = new SortedDictionary<string, LibbpfFlavour>(StringComparer.Ordinal);
        foreach (var (name, library, field) in BuildManifest.Read(folder, ".flavour", n => n + ".so"))
        {
            flavours[name] = new LibbpfFlavour(name, field("description"), field("source"), field("diff"),
                field("store"), field("trigger"), library)
            {
                // Flavours built before the level was recorded were built -O2.
                Optimisation = field("opt") is { Length: > 0 } opt ? opt : "-O2",
                Design = field("design"),
                Version = field("version"),
                Patch = field("patch"),
            };
        }
        return flavours;
    }
}
