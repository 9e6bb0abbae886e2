namespace Ringbench.Kernel;

/// <summary>
/// The key=value manifests the native builds write beside what they built (a libbpf flavour's
/// .flavour, a kernel bench build's .kbench): what it was built from and what its source does.
/// </summary>
public static class BuildManifest
{
    /// <summary>Why the build made nothing in <paramref name="folder"/>, as it wrote it (unavailable.txt), or null where it left no reason.</summary>
    public static string? WhyUnavailable(string folder)
    {
        string unavailable = Path.Combine(folder, "unavailable.txt");
        return File.Exists(unavailable) ? File.ReadAllText(unavailable).Trim() : null;
    }

    /// <summary>Each manifest with the given extension in <paramref name="folder"/> whose built file (the manifest's name mapped by <paramref name="builtFile"/>) exists, as its fields.</summary>
    public static IEnumerable<(string Name, string BuiltFile, Func<string, string> Field)> Read(string folder, string extension, Func<string, string> builtFile)
    {
        if (!Directory.Exists(folder))
            yield break;
        foreach (string manifest in Directory.EnumerateFiles(folder, "*" + extension).Order(StringComparer.Ordinal))
        {
            string name = Path.GetFileNameWithoutExtension(manifest);
            string built = Path.Combine(folder, builtFile(name));
            if (!File.Exists(built))
                continue;
            var fields = File.ReadAllLines(manifest)
                .Select(line => line.Split('=', 2))
                .Where(kv => kv.Length == 2)
                .GroupBy(kv => kv[0].Trim())
                .ToDictionary(g => g.Key, g => g.Last()[1].Trim());
            yield return (name, built, key => fields.TryGetValue(key, out string? v) ? v : "");
        }
    }
}
