using System.Globalization;
using System.Text.RegularExpressions;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// The time a matrix says it will take, against the time it took (issue 40: "the ETA's accuracy").
/// On the simulated backend a run lasts its warm-up and measured seconds in wall time, as a kernel
/// run does, so the estimate's formula (runs x (w + d + a run's overhead)) is tried for real.
/// </summary>
public sealed partial class MatrixEtaTests
{
    /// <summary>How far the runs may take from the estimate: a loaded test host stretches the overhead, a wrong formula (w or d left out) misses by 40% or more.</summary>
    private const double Tolerance = 0.2;

    [Fact]
    public void AFixedMatrixTakesTheTimeItSaidWithinTwentyPercent()
    {
        string output = Directory.CreateTempSubdirectory("ringbench-eta-").FullName;
        try
        {
            var (code, _, stderr) = TestProcess.Run("dotnet", [CliTests.CliPath(), "matrix", "--backend", "sim", "-s", "parallel,b2b,multi-producer-2",
                "-V", "lt-release,et-seqcst", "-t", "3", "-o", output], TimeSpan.FromMinutes(3));
            Assert.True(code == 0, stderr);
            Match eta = ExpectLine().Match(stderr);
            Assert.True(eta.Success, $"no estimate printed: {stderr}");
            int runs = int.Parse(eta.Groups["runs"].Value, CultureInfo.InvariantCulture);
            double secondsPerRun = double.Parse(eta.Groups["each"].Value, CultureInfo.InvariantCulture);
            var rows = ResultFolder.Open(output).Completed().OrderBy(r => r.StartedAt).ToList();
            Assert.Equal(runs, rows.Count);
            // From the first run's start to the last's is runs - 1 runs' worth; the warm-up and
            // duration are each run's own settings, not the estimate's.
            double took = (rows[^1].StartedAt - rows[0].StartedAt).TotalSeconds * runs / (runs - 1);
            double said = runs * secondsPerRun;
            Assert.True(Math.Abs(took / said - 1) <= Tolerance,
                $"said {runs} runs of about {secondsPerRun} s ({said:F1} s); they took {took:F1} s ({took / said - 1:P0})");
        }
        finally
        {
            Directory.Delete(output, true);
        }
    }

    [GeneratedRegex(@"expect (?<runs>\d+) runs of about (?<each>[\d.]+) s")]
    private static partial Regex ExpectLine();
}
