using Ringbench.Kernel;

namespace Ringbench.Ring;

/// <summary>
/// A consumer in another process, run through the reader protocol (docs/reader-protocol.md) in
/// the same trials as ringbench's own consumers: the variant reader-&lt;name&gt;. Either built by
/// the set-up (bpf-progs/readers/, a &lt;name&gt;.reader manifest beside the executable) or given by
/// the user (--reader NAME=COMMAND, or --reader FILE for a manifest of their own). What its
/// library does with consumer_pos and the epoll registration is what the manifest says, read
/// from the library's source where the set-up built it; a user's reader claims nothing unless
/// its manifest does.
/// </summary>
public sealed record ExternalReader(string Name, string Command, string Description)
{
    /// <summary>The command runs through /bin/sh (a user's NAME=COMMAND); false for an executable path.</summary>
    public bool Shell { get; init; }

    /// <summary>The library and version it reads with, as its build recorded them.</summary>
    public string Library { get; init; } = "";

    public StoreOrdering Store { get; init; } = StoreOrdering.None;

    public TriggerMode Trigger { get; init; } = TriggerMode.None;

    /// <summary>How it waits, in words (a label, as every variant's).</summary>
    public string Wait { get; init; } = "external reader";

    /// <summary>The variants that consume the ring the same way in ringbench's process (its C# and libbpf twins).</summary>
    public IReadOnlyList<string> Twins { get; init; } = [];

    /// <summary>Where the set-up copies the readers it built: beside the harness.</summary>
    public static string Folder => Path.Combine(AppContext.BaseDirectory, "readers");

    private static readonly Lazy<IReadOnlyDictionary<string, ExternalReader>> BuiltReaders = new(() => ReadFolder(Folder));
    private static readonly Dictionary<string, ExternalReader> Given = new(StringComparer.Ordinal);
    private static readonly Lock GivenLock = new();

    /// <summary>Every reader this ringbench can run: the built ones, then the user's (which may replace a built one of the same name).</summary>
    public static IReadOnlyDictionary<string, ExternalReader> Known
    {
        get
        {
            var all = new SortedDictionary<string, ExternalReader>(BuiltReaders.Value.ToDictionary(), StringComparer.Ordinal);
            lock (GivenLock)
            {
                foreach (var (name, reader) in Given)
                    all[name] = reader;
            }
            return all;
        }
    }

    /// <summary>The names the build tried and could not make, with its one-line reason (unavailable-&lt;name&gt;.txt).</summary>
    public static IReadOnlyDictionary<string, string> Unavailable => UnavailableIn(Folder);

    public static IReadOnlyDictionary<string, string> UnavailableIn(string folder) =>
        !Directory.Exists(folder) ? new Dictionary<string, string>()
        : Directory.EnumerateFiles(folder, "unavailable-*.txt").ToDictionary(
            f => Path.GetFileNameWithoutExtension(f)["unavailable-".Length..], f => File.ReadAllText(f).Trim(), StringComparer.Ordinal);

    /// <summary>Reads every &lt;name&gt;.reader (key=value lines) that has its executable &lt;name&gt; beside it.</summary>
    public static IReadOnlyDictionary<string, ExternalReader> ReadFolder(string folder)
    {
        var readers = new SortedDictionary<string, ExternalReader>(StringComparer.Ordinal);
        foreach (var (name, executable, field) in BuildManifest.Read(folder, ".reader", n => n))
            readers[name] = FromFields(name, executable, shell: false, field);
        return readers;
    }

    /// <summary>
    /// A user's reader from --reader: NAME=COMMAND (the command run through /bin/sh), or the path of
    /// a manifest (name=, command=, and any of description=, library=, store=, trigger=, wait=, twins=).
    /// </summary>
    public static ExternalReader Parse(string given)
    {
        int equals = given.IndexOf('=');
        if (equals > 0 && !File.Exists(given))
        {
            string name = given[..equals].Trim(), command = given[(equals + 1)..].Trim();
            CheckName(name, given);
            if (command.Length == 0)
                throw new RingbenchException(ExitCode.Usage, $"--reader {given}: no command after '='");
            return new ExternalReader(name, command, $"a reader process of the user's: {command}") { Shell = true };
        }
        if (!File.Exists(given))
            throw new RingbenchException(ExitCode.Usage, $"--reader {given}: neither NAME=COMMAND nor a manifest file that exists");
        var fields = File.ReadAllLines(given).Select(l => l.Split('=', 2)).Where(kv => kv.Length == 2)
            .GroupBy(kv => kv[0].Trim()).ToDictionary(g => g.Key, g => g.Last()[1].Trim());
        string Field(string key) => fields.TryGetValue(key, out string? v) ? v : "";
        string manifestName = Field("name");
        CheckName(manifestName, given);
        if (Field("command").Length == 0)
            throw new RingbenchException(ExitCode.Usage, $"--reader {given}: the manifest has no command= line");
        return FromFields(manifestName, Field("command"), shell: true, Field);
    }

    /// <summary>Makes a user's reader known to this process (before the variants are parsed).</summary>
    public static void Give(ExternalReader reader)
    {
        lock (GivenLock)
            Given[reader.Name] = reader;
    }

    private static void CheckName(string name, string given)
    {
        if (!System.Text.RegularExpressions.Regex.IsMatch(name, "^[a-z0-9][a-z0-9-]*$"))
            throw new RingbenchException(ExitCode.Usage,
                $"--reader {given}: the name '{name}' must be lower-case letters, digits and '-' (it becomes the variant reader-{name})");
    }

    private static ExternalReader FromFields(string name, string command, bool shell, Func<string, string> field) => new(name, command,
        field("description") is { Length: > 0 } d ? d : $"reader process {name}")
    {
        Shell = shell,
        Library = field("library"),
        Store = VariantVocabulary.ParseStore(field("store")),
        Trigger = VariantVocabulary.ParseTrigger(field("trigger")),
        Wait = field("wait") is { Length: > 0 } w ? w : "external reader",
        Twins = field("twins").Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries),
    };
}
