using System.Diagnostics;

namespace Ringbench;

/// <summary>A fact asked of a small system tool (systemd-detect-virt, git, dpkg-query): its answer, or null when it has none.</summary>
public static class ProcessOutput
{
    /// <summary>
    /// The first line <paramref name="file"/> prints when it succeeds; null when it is missing,
    /// fails, prints nothing, or takes longer than five seconds (it is then killed: a fact for
    /// machine.json is never worth a hung run).
    /// </summary>
    public static string? FirstLine(string file, string arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(file, arguments)
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            });
            if (process is null)
                return null;
            Task<string> output = process.StandardOutput.ReadToEndAsync();
            _ = process.StandardError.ReadToEndAsync();
            if (!process.WaitForExit(5000))
            {
                process.Kill(entireProcessTree: true);
                return null;
            }
            string text = output.Result.Trim();
            return process.ExitCode == 0 && text.Length > 0 ? text.Split('\n')[0].Trim() : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
