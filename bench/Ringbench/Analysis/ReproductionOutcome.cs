using CsvHelper;
using CsvHelper.Configuration;
using CsvHelper.TypeConversion;

namespace Ringbench.Analysis;

/// <summary>What a reproduction row concluded (<see cref="Reproduction.Judge"/>); reproduce.csv and the reports spell it in words.</summary>
public enum ReproductionOutcome
{
    Reproduced,
    NotReproduced,
    Inconclusive,
    NeedsTrials,
    TwoModes,
    /// <summary>A control row's patched pair: the patch ran its own consumer there, so nothing is reproduced.</summary>
    NotJudged,
}

public static class ReproductionOutcomes
{
    /// <summary>The outcome in words, as reproduce.md and reproduce.csv spell it.</summary>
    public static string Text(this ReproductionOutcome outcome) => outcome switch
    {
        ReproductionOutcome.Reproduced => "reproduced",
        ReproductionOutcome.NotReproduced => "not reproduced",
        ReproductionOutcome.Inconclusive => "inconclusive",
        ReproductionOutcome.NeedsTrials => "needs trials",
        ReproductionOutcome.TwoModes => "two modes",
        _ => "not judged (control)",
    };

    /// <summary>Still open: more trials could settle it (what --trials auto spends trials on).</summary>
    public static bool IsOpen(this ReproductionOutcome outcome) =>
        outcome is ReproductionOutcome.Inconclusive or ReproductionOutcome.TwoModes or ReproductionOutcome.NeedsTrials;

    public static ReproductionOutcome Parse(string text)
    {
        foreach (ReproductionOutcome o in Enum.GetValues<ReproductionOutcome>())
        {
            if (o.Text() == text)
                return o;
        }
        throw new RingbenchException(ExitCode.Usage, $"'{text}' is not a reproduction outcome");
    }

    /// <summary>reproduce.csv keeps the words, not the enum's names.</summary>
    public sealed class CsvConverter : DefaultTypeConverter
    {
        public override string ConvertToString(object? value, IWriterRow row, MemberMapData memberMapData) =>
            value is ReproductionOutcome o ? o.Text() : "";

        public override object ConvertFromString(string? text, IReaderRow row, MemberMapData memberMapData) => Parse(text ?? "");
    }
}
