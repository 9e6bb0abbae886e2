using System.CommandLine;
using Ringbench.Running;

namespace Ringbench.Cli;

/// <summary>Options and parsing that several commands share, defined once.</summary>
internal static class CommonOptions
{
    /// <summary>A new --backend option (each command holds its own instance).</summary>
    public static Option<string> Backend() => new("--backend")
    {
        Description = "kernel: the BPF producer and its ring in the running kernel (needs root). sim: the kernel's producer protocol " +
                      "simulated in-process on an in-memory ring, no BPF needed; never chosen silently.",
        DefaultValueFactory = _ => "kernel",
    };

    public static BackendKind ParseBackend(string value) => value switch
    {
        "kernel" => BackendKind.Kernel,
        "sim" => BackendKind.Simulated,
        _ => throw new RingbenchException(ExitCode.Usage, $"unknown backend '{value}': choose kernel or sim"),
    };

    public const string SimulationNotice =
        "ringbench: backend sim: the kernel's producer protocol simulated in this process, no BPF; numbers are not kernel numbers";

    /// <summary>Comma- or space-separated words from repeated options, trimmed.</summary>
    public static List<string> Words(IEnumerable<string>? values) =>
        (values ?? []).SelectMany(v => v.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).ToList();

    /// <summary>Piped or redirected, Spectre assumes 80 columns and folds every cell; a file or a pipe has room.</summary>
    public static void WideTablesWhenRedirected()
    {
        if (Console.IsOutputRedirected)
            Spectre.Console.AnsiConsole.Profile.Width = 240;
    }
}
