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

    /// <summary>A new --reader option: a reader process of the user's, as the variant reader-NAME.</summary>
    public static Option<string[]> Reader() => new("--reader")
    {
        Description = "A reader process of your own as the variant reader-NAME: NAME=COMMAND (run as /bin/sh -c 'exec COMMAND') or the path of a " +
                      "manifest (name=, command=, and optionally description=, library=, store=, trigger=, wait=, twins=). It speaks the reader " +
                      "protocol (docs/reader-protocol.md). Repeatable; name it in --variants.",
        AllowMultipleArgumentsPerToken = false,
    };

    /// <summary>Makes the readers given with <paramref name="option"/> known, before any variant is parsed.</summary>
    public static void GiveReaders(ParseResult parsed, Option<string[]> option)
    {
        foreach (string given in parsed.GetValue(option) ?? [])
            Ring.ExternalReader.Give(Ring.ExternalReader.Parse(given));
    }

    /// <summary>A new --keep-awake option: a SCHED_IDLE spinner on every CPU while each run lasts.</summary>
    public static Option<bool> KeepAwake() => new("--keep-awake")
    {
        Description = "Keep idle CPUs from halting: a SCHED_IDLE thread spins on every CPU while each run lasts, and whatever wakes there " +
                      "preempts it at once. On a VM guest waking a halted vCPU goes through the hypervisor; this takes that cost out of every " +
                      "wake-up (on the development guest parallel's slow, wake-up-bound runs go away). Not the default: " +
                      "it measures a machine whose idle CPUs never sleep, and the folder says so.",
    };

    /// <summary>A new --no-wait option: refuse at once where another benchmark holds the machine.</summary>
    public static Option<bool> NoWait() => new("--no-wait")
    {
        Description = "Refuse at once (exit 3) if another ringbench benchmark is running on this machine, instead of waiting for it to end " +
                      "(one benchmark at a time: a second one would measure under the first one's load).",
    };

    /// <summary>
    /// The machine's benchmark lock for a kernel run (Running.ExclusiveLock): taken at once, or after
    /// one line naming the run it waits for; with --no-wait, refused with that run's name.
    /// </summary>
    public static ExclusiveLock TakeMachine(ParseResult parsed, Option<bool> noWait, string what, CancellationToken cancel)
    {
        string path = ExclusiveLock.MachineLockPath;
        if (parsed.GetValue(noWait))
            return ExclusiveLock.TryTake(path, what, out string heldBy)
                   ?? throw new RingbenchException(ExitCode.Environment, $"another benchmark is running on this machine ({heldBy}): --no-wait does not wait for it");
        return ExclusiveLock.Take(path, what,
                   heldBy => Console.Error.WriteLine($"ringbench: waiting for the benchmark already running on this machine ({heldBy}); Ctrl-C gives up"), cancel)
               ?? throw new RingbenchException(ExitCode.Interrupted, "interrupted while waiting for the other benchmark; nothing ran");
    }

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
