using Ringbench.Analysis;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>Reproduction outcomes are an enum in the code and words in reproduce.csv, both ways.</summary>
public class ReproductionOutcomeTests
{
    [Fact]
    public void ReproduceCsvKeepsTheWordsAndReadsThemBack()
    {
        string path = Path.Combine(Path.GetTempPath(), $"ringbench-outcomes-{Environment.ProcessId}.csv");
        try
        {
            var rows = Enum.GetValues<ReproductionOutcome>().Select(o => new Reproduction.Row { Scenario = o.ToString(), Outcome = o }).ToList();
            ResultCsv.Append(path, rows);
            string text = File.ReadAllText(path);
            Assert.Contains(",not reproduced,", text);
            Assert.Contains(",not judged (control),", text);
            Assert.DoesNotContain("NotReproduced,", text.Replace("\nNotReproduced,", "\n"));
            Assert.Equal(rows.Select(r => r.Outcome), ResultCsv.ReadPlain<Reproduction.Row>(path).Select(r => r.Outcome));
        }
        finally
        {
            File.Delete(path);
        }
        Assert.Throws<RingbenchException>(() => ReproductionOutcomes.Parse("reproduced, mostly"));
        Assert.Equal([ReproductionOutcome.Inconclusive, ReproductionOutcome.NeedsTrials, ReproductionOutcome.TwoModes],
            Enum.GetValues<ReproductionOutcome>().Where(o => o.IsOpen()));
    }
}
