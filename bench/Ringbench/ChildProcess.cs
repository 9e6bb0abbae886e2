using System.Diagnostics;

namespace Ringbench;

/// <summary>What ringbench does to a child process it gives up on (the kernel bench, a reader process).</summary>
public static class ChildProcess
{
    /// <summary>Kills <paramref name="process"/> and its children if it still runs; one that exited between the look and the kill is left be.</summary>
    public static void KillTree(Process process)
    {
        try
        {
            if (!process.HasExited)
                process.Kill(entireProcessTree: true);
        }
        catch (InvalidOperationException)
        {
            // never started, or exited between the check and the kill
        }
    }
}
