namespace Ringbench.Kernel;

/// <summary>
/// One libbpf flavour that bpf-progs/libbpf-flavours/build-flavours.sh built: the installed
/// libbpf's source with a diff (or none), what that source's ringbuf.c does with the
/// consumer_pos store and the epoll registration (read from the patched source, checked by the
/// tests against the object code and the kernel's fdinfo), and the library to load.
/// </summary>
public sealed record LibbpfFlavour(string Name, string Description, string Source, string Diff, string Store, string Trigger, string LibraryPath)
{
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
        string unavailable = Path.Combine(Folder, "unavailable.txt");
        return File.Exists(unavailable)
            ? $"libbpf flavour '{name}' not built: {File.ReadAllText(unavailable).Trim()}"
            : $"libbpf flavour '{name}' not built (./run-bench.sh builds the seed's flavours from libbpf's source package; './run-bench.sh libbpf-patch FILE NAME' builds others)";
    }

    public static LibbpfFlavour Get(string name) => Built.TryGetValue(name, out LibbpfFlavour? f) ? f
        : throw new RingbenchException(ExitCode.Environment, WhyMissing(name)!);

    /// <summary>Reads every &lt;name&gt;.flavour (key=value lines) that has its &lt;name&gt;.so beside it.</summary>
    public static IReadOnlyDictionary<string, LibbpfFlavour> ReadFolder(string folder)
    {
        var flavours = new SortedDictionary<string, LibbpfFlavour>(StringComparer.Ordinal);
        if (!Directory.Exists(folder))
            return flavours;
        foreach (string manifest in Directory.EnumerateFiles(folder, "*.flavour"))
        {
            string library = Path.ChangeExtension(manifest, ".so");
            if (!File.Exists(library))
                continue;
            var fields = File.ReadAllLines(manifest)
                .Select(line => line.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .ToDictionary(kv => kv[0].Trim(), kv => kv[1].Trim());
            string Field(string key) => fields.TryGetValue(key, out string? v) ? v : "";
            string name = Path.GetFileNameWithoutExtension(manifest);
            flavours[name] = new LibbpfFlavour(name, Field("description"), Field("source"), Field("diff"),
                Field("store"), Field("trigger"), library);
        }
        return flavours;
    }
}
