using Ringbench.Kernel;

namespace Ringbench.Scenarios;

/// <summary>
/// A notification rule as the CLI spells it and results.csv records it (default, sampled[:N],
/// never, every:N): what a scenario's producer does (<see cref="BenchSettings.Notify"/>) or what a
/// variant asks of it (a "+notify" suffix, a timed poll's "never"). Parsed here once, from
/// --notify, a variant's suffix and results.csv alike; compared as a value, never as its text.
/// </summary>
public readonly record struct NotifyRequest(NotifyMode Mode, uint? Count = null)
{
    /// <summary>The scenario's own rule: the variant asks for nothing else.</summary>
    public static NotifyRequest Default => new(NotifyMode.Default);

    public static NotifyRequest Never => new(NotifyMode.Never);

    /// <summary>The spelling: "default", "sampled:500", "sampled" (the settings' own rate), "never", "every:500".</summary>
    public override string ToString() => Mode switch
    {
        NotifyMode.Sampled => Count is { } n ? $"sampled:{n}" : "sampled",
        NotifyMode.Never => "never",
        NotifyMode.Every => $"every:{Count}",
        _ => "default",
    };

    /// <summary>Parses a spelling; a bad one is a usage error that names what is allowed.</summary>
    public static NotifyRequest Parse(string text)
    {
        string[] parts = text.Trim().Split(':', 2);
        uint? count = null;
        if (parts.Length == 2)
            count = uint.TryParse(parts[1], out uint n) && n >= 1 ? n
                : throw new RingbenchException(ExitCode.Usage, $"--notify {text}: the count after ':' must be a whole number of records, 1 or more");
        return parts[0] switch
        {
            "default" when count is null => Default,
            "never" when count is null => Never,
            "sampled" => new NotifyRequest(NotifyMode.Sampled, count),
            "every" when count is not null => new NotifyRequest(NotifyMode.Every, count),
            _ => throw new RingbenchException(ExitCode.Usage,
                $"unknown notification '{text}': choose default, sampled[:N], never or every:N (N records per forced wake-up)"),
        };
    }

    /// <summary>A spelling read back from results.csv: an empty column (a file older than schema 4) is the default.</summary>
    public static NotifyRequest FromCsv(string text) => text.Length == 0 ? Default : Parse(text);
}
