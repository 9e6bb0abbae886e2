namespace Ringbench;

/// <summary>Process exit codes for failures a user can cause or fix.</summary>
public enum ExitCode
{
    Success = 0,
    /// <summary>A run finished but its integrity check failed (records lost or invented).</summary>
    IntegrityFailure = 1,
    /// <summary>Bad command-line input: unknown scenario or variant, invalid knob.</summary>
    Usage = 2,
    /// <summary>The machine lacks something: privileges, libbpf, the BPF object.</summary>
    Environment = 3,
    /// <summary>The kernel refused: the program did not load or attach.</summary>
    KernelRefused = 4,
    /// <summary>Ctrl-C or SIGTERM: the run stopped early (and cleaned up).</summary>
    Interrupted = 130,
}

/// <summary>
/// An error the user can act on. The CLI prints <see cref="Exception.Message"/> as one line
/// and exits with <see cref="ExitCode"/>; no stack trace.
/// </summary>
public sealed class RingbenchException(ExitCode exitCode, string message, Exception? inner = null)
    : Exception(message, inner)
{
    public ExitCode ExitCode { get; } = exitCode;

    /// <summary>
    /// One run failed for a reason of its own variant (a reader process that died, printed garbage
    /// or never answered): a matrix names it in one line, counts it and goes on with the next run,
    /// where any other error stops the matrix.
    /// </summary>
    public bool RunFailed { get; init; }
}
