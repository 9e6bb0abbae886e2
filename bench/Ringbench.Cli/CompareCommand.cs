using System.CommandLine;
using System.Globalization;
using Ringbench.Analysis;
using Ringbench.Plots;
using Ringbench.Results;
using Spectre.Console;
using Ringbench.Reports;

namespace Ringbench.Cli;

/// <summary><c>ringbench compare</c>: result sets side by side, with verdicts.</summary>
internal static class CompareCommand
{
    private static readonly Argument<string[]> InputsArg = new("inputs")
    {
        Description = "Result folders or results.csv files: the first is the baseline, each further one a candidate. " +
                      "One input with --variants A,B compares two variants within it.",
        Arity = ArgumentArity.OneOrMore,
    };
    private static readonly Option<string?> VariantsOpt = new("--variants", "-V")
    { Description = "With one input: 'baseline,candidate' variants to compare (e.g. lt-release,et-seqcst). With several: only these variants." };
    private static readonly Option<string[]> ScenariosOpt = new("--scenarios", "-s") { Description = "Only these scenario ids.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string[]> GroupsOpt = new("--groups", "-g") { Description = "Only groups whose heading contains one of these words.", AllowMultipleArgumentsPerToken = true };
    private static readonly Option<string> ThresholdOpt = new("--threshold")
    { Description = "Relative change below which a difference counts as 'same' (default 5%).", DefaultValueFactory = _ => "5%" };
    private static readonly Option<bool> SortOpt = new("--sort-by-ratio") { Description = "Order rows by ratio instead of the matrix order." };
    private static readonly Option<string?> MarkdownOpt = new("--md") { Description = "Also write the comparison as Markdown to this file." };
    private static readonly Option<string?> CsvOpt = new("--csv") { Description = "Also write the comparison as CSV to this file." };
    private static readonly Option<string?> PlotOpt = new("--plot") { Description = "Also draw the ratio chart to this path (.png; an .svg beside it)." };
    private static readonly Option<bool> FailOpt = new("--fail-on-regression")
    { Description = "Exit with code 5 when any row is slower beyond the threshold (for CI)." };

    public const int RegressionExitCode = 5;

    public static Command Build()
    {
        var command = new Command("compare",
            "Compare result CSVs from different machines or builds (or two variants within one run): mean ± stddev on each\n" +
            "side, the ratio, and a verdict (faster / slower / same / too noisy). With trials on both sides the verdict comes\n" +
            "from a t interval on the log trial means; with single runs there is no verdict (the per-second samples' Mann-Whitney\n" +
            "result is shown as the method). Machines against machines: './run-bench.sh machines'.")
        { InputsArg, VariantsOpt, ScenariosOpt, GroupsOpt, ThresholdOpt, SortOpt, MarkdownOpt, CsvOpt, PlotOpt, FailOpt };
        command.SetAction(parsed => Commands.Guard(() => Execute(parsed)));
        return command;
    }

    private static int Execute(ParseResult parsed)
    {
        double threshold = ParseThreshold(parsed.GetValue(ThresholdOpt)!);
        List<string> variants = CommonOptions.Words(parsed.GetValue(VariantsOpt) is string v ? [v] : null);
        var options = new ComparisonOptions
        {
            Threshold = threshold, Scenarios = CommonOptions.Words(parsed.GetValue(ScenariosOpt)), Groups = CommonOptions.Words(parsed.GetValue(GroupsOpt)),
            Variants = variants, SortByRatio = parsed.GetValue(SortOpt),
        };
        List<ComparisonInput> inputs = parsed.GetValue(InputsArg)!.Select(ComparisonInput.Load).ToList();

        var results = new List<ComparisonResult>();
        if (inputs.Count == 1)
        {
            if (variants.Count != 2)
                throw new RingbenchException(ExitCode.Usage, "one input compares two of its variants: pass --variants baseline,candidate (e.g. lt-release,et-seqcst)");
            results.Add(Comparison.Variants(inputs[0], variants[0], variants[1], options));
        }
        else
        {
            foreach (ComparisonInput candidate in inputs.Skip(1))
            {
                if (inputs[0].IsPatchReference || candidate.IsPatchReference)
                {
                    Console.Error.WriteLine("ringbench: the patch reference is one run per row on a Ryzen 9 7950X: absolute numbers do not compare across " +
                                            "machines, only ratios do. Use './run-bench.sh reproduce <folder>' for the et-seqcst / lt-release ratios against the patch's.");
                    return (int)ExitCode.Usage;
                }
                results.Add(Comparison.Between(inputs[0], candidate, options));
            }
        }

        foreach (ComparisonResult result in results)
        {
            Print(result);
            if (parsed.GetValue(MarkdownOpt) is string md) File.WriteAllText(md, ComparisonReport.Markdown(result, threshold));
            if (parsed.GetValue(CsvOpt) is string csv) { File.Delete(csv); ResultCsv.Append(csv, ComparisonReport.Csv(result)); }
            if (parsed.GetValue(PlotOpt) is string png)
            {
                string folder = Path.GetDirectoryName(Path.GetFullPath(png))!;
                Figure.Save(ComparisonReport.Chart(result, threshold), Path.GetFileNameWithoutExtension(png), [folder]);
            }
        }
        return parsed.GetValue(FailOpt) && results.Any(r => r.HasRegression) ? RegressionExitCode : 0;
    }

    private static void Print(ComparisonResult c)
    {
        CommonOptions.WideTablesWhenRedirected();
        AnsiConsole.MarkupLine(Markup.Escape(ComparisonReport.Header(c)));
        bool shares = c.Rows.Any(r => r.HasCeilingShare);
        var table = new Table().AddColumns(new[] { "scenario", "variant", "baseline M/s", "candidate M/s", "drops M/s" }
            .Concat(shares ? ["of ceiling"] : []).Concat(["ratio [[95% CI]]", "verdict", "method"]).ToArray());
        foreach (ComparisonRow r in c.Rows)
        {
            string verdict = VerdictRule.Text(r.Verdict);
            string color = r.Verdict switch { Verdict.Faster or Verdict.SlightlyFaster => "green", Verdict.Slower or Verdict.SlightlySlower => "red", Verdict.TooNoisy => "yellow", _ => "default" };
            var cells = new List<string>
            {
                Markup.Escape(r.Scenario), Markup.Escape(r.Variant == r.CandidateVariant ? r.Variant : $"{r.Variant} → {r.CandidateVariant}"),
                string.Create(CultureInfo.InvariantCulture, $"{r.Baseline.Mean:F3} ± {r.Baseline.StdDev:F3}"),
                string.Create(CultureInfo.InvariantCulture, $"{r.Candidate.Mean:F3} ± {r.Candidate.StdDev:F3}"),
                string.Create(CultureInfo.InvariantCulture, $"{r.BaselineDrops:F3} → {r.CandidateDrops:F3}"),
            };
            if (shares)
                cells.Add(Markup.Escape(ComparisonReport.CeilingShareText(r)));
            cells.AddRange([Markup.Escape(r.Ratio.Text()), $"[{color}]{Markup.Escape(verdict)}[/]", Markup.Escape(r.Method)]);
            table.AddRow(cells.ToArray());
        }
        AnsiConsole.Write(table);
        if (c.OnlyInBaseline.Count > 0) AnsiConsole.MarkupLine(Markup.Escape($"only in {c.Baseline.Name}: {string.Join(", ", c.OnlyInBaseline)}"));
        if (c.OnlyInCandidate.Count > 0) AnsiConsole.MarkupLine(Markup.Escape($"only in {c.Candidate.Name}: {string.Join(", ", c.OnlyInCandidate)}"));
    }

    private static double ParseThreshold(string text)
    {
        string t = text.Trim();
        bool percent = t.EndsWith('%');
        if (!double.TryParse(percent ? t[..^1] : t, NumberStyles.Float, CultureInfo.InvariantCulture, out double value) || value < 0 || !double.IsFinite(value))
            throw new RingbenchException(ExitCode.Usage, $"threshold '{text}' is not a number or percentage (e.g. 5% or 0.05)");
        return percent ? value / 100 : value;
    }
}
