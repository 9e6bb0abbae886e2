using System.Runtime.InteropServices;

namespace Ringbench.Kernel;

/// <summary>
/// The syscall that triggers one batch of the BPF producer: getpgid, as in the kernel bench.
/// Its number is passed to the raw_tp program, which sees every syscall and filters.
/// </summary>
public static class TriggerSyscall
{
    /// <summary>__NR_getpgid for this architecture.</summary>
    public static long Number => RuntimeInformation.ProcessArchitecture switch
    {
        Architecture.X64 => 121,
        Architecture.Arm64 => 155,
        var other => throw new RingbenchException(ExitCode.Environment, $"ringbench does not know the getpgid syscall number on {other}"),
    };

    /// <summary>Runs one batch of the producer on the calling thread's CPU.</summary>
    public static void Fire() => LibC.GetpgidNoTransition(0);
}
