using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Ringbench.Results;

namespace Ringbench.Tests;

/// <summary>
/// The layers of bench/Ringbench, read from the source as the compiler binds it: storage
/// (Results: every file name, CSV schema and machine fact) &lt;- analysis (Analysis: the model,
/// the statistics, the rules, the analysers) &lt;- exporters (Reports: text and Markdown; Plots:
/// figures) &lt;- the commands (Ringbench.Cli). The benchmark itself (Kernel, Ring, Scenarios,
/// Running) reads storage and analysis and is read by them only for its vocabulary (scenarios,
/// variants and their traits); nothing but the commands reads an exporter. Exporters only format:
/// none takes an interval, decides a verdict or names a variant or scenario.
/// </summary>
public class LayeringTests
{
    private static readonly Lazy<SourceModel> Source = new(SourceModel.Load);

    /// <summary>
    /// Every rule below reads names Roslyn bound; a name it could not bind is skipped by them. So
    /// the real source must bind whole: a missing reference, or syntax the pinned Roslyn cannot
    /// parse, would otherwise let every rule pass on nothing.
    /// </summary>
    [Fact]
    public void TheSourceBindsWithoutErrors()
    {
        Assert.True(Source.Value.Errors.Count == 0, string.Join("\n", Source.Value.Errors.Take(10)));
        Assert.True(Source.Value.Uses.Count > 500, $"only {Source.Value.Uses.Count} cross-folder uses bound");
    }

    [Fact]
    public void ANameThatDoesNotBindIsAnError()
    {
        var planted = SourceModel.Of(("Reports/Planted.cs", "namespace Ringbench.Reports; public static class Planted { public static int X => NoSuchType.Value; }"));
        Assert.Contains(planted.Errors, e => e.Contains("CS0103", StringComparison.Ordinal));
    }

    /// <summary>Which namespaces each may never use, and why.</summary>
    public static TheoryData<string, string[]> Forbidden => new()
    {
        { "Ringbench.Results", ["Ringbench.Analysis", "Ringbench.Reports", "Ringbench.Plots", "Ringbench.Running"] },
        { "Ringbench.Analysis", ["Ringbench.Reports", "Ringbench.Plots", "Ringbench.Running"] },
        { "Ringbench.Reports", ["Ringbench.Running"] },
        { "Ringbench.Plots", ["Ringbench.Running", "Ringbench.Reports"] },
        { "Ringbench.Running", ["Ringbench.Reports", "Ringbench.Plots"] },
        { "Ringbench.Ring", ["Ringbench.Analysis", "Ringbench.Reports", "Ringbench.Plots"] },
        { "Ringbench.Kernel", ["Ringbench.Analysis", "Ringbench.Reports", "Ringbench.Plots"] },
        { "Ringbench.Scenarios", ["Ringbench.Analysis", "Ringbench.Reports", "Ringbench.Plots"] },
    };

    [Theory]
    [MemberData(nameof(Forbidden))]
    public void ALayerUsesNothingAboveIt(string layer, string[] above)
    {
        var offences = Source.Value.Uses.Where(u => u.From == layer && above.Contains(u.To))
            .Select(u => $"{u.File}:{u.Line} uses {u.Symbol} ({u.To})").Distinct().ToList();
        Assert.True(offences.Count == 0, $"{layer} reaches up:\n{string.Join("\n", offences)}");
    }

    [Fact]
    public void TheFoldersAreTheLayers()
    {
        // Each file declares the namespace of its folder, so the tree shows the layers.
        var misplaced = Source.Value.Files.Where(f => f.Namespace != "Ringbench." + f.Folder && f.Folder != "")
            .Select(f => $"{f.Path}: namespace {f.Namespace}").ToList();
        Assert.Empty(misplaced);
        Assert.Contains(Source.Value.Files, f => f.Folder == "Analysis");
    }

    /// <summary>
    /// The computations an exporter must read from the model instead of doing, by what they call:
    /// an interval (ratio, mean, pooled, between machines), a verdict or outcome, a summary
    /// statistic, a fit, the modes rule, the strategy frontier and dominance, the pairing.
    /// </summary>
    private static readonly (string Type, Func<string, bool> Member)[] ModelOnly =
    [
        ("RatioInterval", m => m is "Of" or "Paired" or "TQuantile" or "TrialsToReach"),
        ("VerdictRule", m => m == "Decide"),
        ("MeanInterval", m => m.StartsWith("Of", StringComparison.Ordinal) || m == "MedianWithRange"),
        ("SummaryStatistics", m => m == "Of"),
        ("PairResult", m => m is "Compute" or "AgainstFirst"),
        ("Reproduction", m => m is "Compute" or "Judge" or "PatchNoise"),
        ("PatchPair", m => m == "Choose"),
        ("StrategySummary", m => m is "Points" or "Frontier" or "Recommend"),
        ("StrategyPoint", m => m == "Dominates"),
        ("MachineComparison", m => m == "RatioOfRatios"),
        ("JobPooling", m => m is "Compute" or "Interval" or "JobShare"),
        ("TrialModality", m => m == "LooksMultimodal"),
        ("WakeupFit", m => m == "Compute"),
        ("DesignComparison", m => m == "Compute"),
    ];

    private static List<string> ComputationInExporters(SourceModel model) =>
        model.Calls.Where(c => IsExporter(c.From) && ModelOnly.Any(m => m.Type == c.Type && m.Member(c.Member)))
            .Select(c => $"{c.File}:{c.Line} calls {c.Type}.{c.Member}").ToList();

    [Fact]
    public void ExportersComputeNoIntervalOrVerdict()
    {
        var offences = ComputationInExporters(Source.Value);
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void AFrontierComputedInAnExporterIsCaught()
    {
        // The check can fail: a report that works out the frontier and who dominates whom itself,
        // as StrategyReport did until the recommendation moved into StrategySummary.
        SourceModel planted = SourceModel.Of(
            ("Analysis/StrategySummary.cs", "namespace Ringbench.Analysis; public sealed record StrategyPoint { public bool Dominates(StrategyPoint o) => false; } " +
                                            "public static class StrategySummary { public static StrategyPoint[] Frontier(StrategyPoint[] s) => s; }"),
            ("Reports/Planted.cs", "namespace Ringbench.Reports; using Ringbench.Analysis; public static class Planted { " +
                                   "public static int F(StrategyPoint[] s) => StrategySummary.Frontier(s).Length + (s[0].Dominates(s[1]) ? 1 : 0); }"));
        var offences = ComputationInExporters(planted);
        Assert.Contains(offences, o => o.Contains("StrategySummary.Frontier", StringComparison.Ordinal));
        Assert.Contains(offences, o => o.Contains("StrategyPoint.Dominates", StringComparison.Ordinal));
    }

    [Fact]
    public void ExportersNameNoVariantOrScenario()
    {
        // Names come from the rows; which variants pair, which row leads, which rows a figure shows are the
        // model's or the catalog's; the figures' colours are given in the order a folder lists its variants.
        var names = Ring.ConsumerVariants.All.Select(v => v.Name)
            .Concat(Ring.ConsumerVariants.Twins.Select(v => v.Name)).Concat(Ring.ConsumerVariants.PerfBuffers.Select(v => v.Name))
            .Concat(Scenarios.ScenarioCatalog.All.Select(s => s.Id)).ToHashSet();
        var offences = Source.Value.Literals.Where(l => IsExporter(l.From) && names.Contains(l.Text))
            .Select(l => $"{l.File}:{l.Line} names \"{l.Text}\"")
            .Concat(Source.Value.Calls.Where(c => IsExporter(c.From) && (c.Type == "ConsumerVariants" || c.Type == "ScenarioCatalog" && c.Member == "Find"))
                .Select(c => $"{c.File}:{c.Line} looks up {c.Type}.{c.Member}"))
            .ToList();
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void AnalysisChoosesComparisonsByTraitsNotNames()
    {
        // Which variants pair (the patch's pairs, the A/A, ringbench against the kernel bench, the
        // buffer families) is decided on traits; a variant's name written in Analysis would pair a
        // folder by spelling. Every name the registry's sets hold, and the -O0 builds, is looked for.
        var names = Ring.ConsumerVariants.Parse("all,twins,perfbuf,shards,kbench,kbench-o2,designs,strategies,main-full,libbpf-before-o0,libbpf-after-o0")
            .Select(v => v.Name).Append("kernel-bench-2").ToHashSet();
        // "libbpf" is also the library's own name, which the short labels of pairs print ("libbpf", "libbpf -O0").
        names.Remove("libbpf");
        var offences = Source.Value.Literals.Where(l => l.From == "Ringbench.Analysis" && names.Contains(l.Text))
            .Select(l => $"{l.File}:{l.Line} names \"{l.Text}\"").ToList();
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void FileNamesAreSpeltInStorageOnly()
    {
        // The analysis and the exporters open and link files through ResultFolder's names, never their own spelling.
        var fileName = new System.Text.RegularExpressions.Regex(@"^[\w.-]+\.(csv|md|txt|json|png|svg)$");
        var offences = Source.Value.Literals.Where(l => l.From is "Ringbench.Analysis" || IsExporter(l.From))
            .Where(l => fileName.IsMatch(l.Text)).Select(l => $"{l.File}:{l.Line} spells \"{l.Text}\"").ToList();
        Assert.True(offences.Count == 0, string.Join("\n", offences));
    }

    [Fact]
    public void TheCheckSeesAViolation()
    {
        // The check must be able to fail: a storage file reaching into the analysis is seen.
        SourceModel model = SourceModel.Of(
            ("Results/Bad.cs", "namespace Ringbench.Results; public static class Bad { public static double F() => Ringbench.Analysis.RatioInterval.DefaultConfidence; }"),
            ("Analysis/RatioInterval.cs", "namespace Ringbench.Analysis; public sealed record RatioInterval { public const double DefaultConfidence = 0.95; public static RatioInterval Of() => new(); }"),
            ("Reports/Table.cs", "namespace Ringbench.Reports; public static class Table { public static object T() => Ringbench.Analysis.RatioInterval.Of(); public const string S = \"parallel\"; }"));
        Assert.Contains(model.Uses, u => u.From == "Ringbench.Results" && u.To == "Ringbench.Analysis");
        Assert.Contains(model.Calls, c => c.From == "Ringbench.Reports" && c.Type == "RatioInterval" && c.Member == "Of");
        Assert.Contains(model.Literals, l => l.From == "Ringbench.Reports" && l.Text == "parallel");
    }

    private static bool IsExporter(string ns) => ns is "Ringbench.Reports" or "Ringbench.Plots";

    private sealed record SourceFile(string Path, string Folder, string Namespace);

    private sealed record Use(string File, int Line, string From, string To, string Symbol);

    private sealed record Call(string File, int Line, string From, string Type, string Member);

    private sealed record Literal(string File, int Line, string From, string Text);

    /// <summary>bench/Ringbench bound by Roslyn: which namespace each name in each file resolves to, each call's target, each string literal.</summary>
    private sealed class SourceModel
    {
        public List<SourceFile> Files { get; } = [];
        public List<Use> Uses { get; } = [];
        public List<Call> Calls { get; } = [];
        public List<Literal> Literals { get; } = [];

        /// <summary>
        /// What did not bind: the compilation's errors, but those only the build's source generators
        /// answer (LibraryImport, GeneratedRegex: partial methods whose bodies they write, CS8795, and
        /// the definite-assignment errors that follow where a call to such a method falls away and a
        /// local it fills through a pointer reads as unassigned, CS0165 and CS0170).
        /// </summary>
        public List<string> Errors { get; } = [];

        public static SourceModel Load()
        {
            string root = Path.Combine(MachineInfo.RepositoryRoot() ?? throw new InvalidOperationException("tests run from a checkout"), "bench", "Ringbench");
            var files = Directory.EnumerateFiles(root, "*.cs", SearchOption.AllDirectories)
                .Where(p => !p.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
                .Select(p => (Path.GetRelativePath(root, p).Replace('\\', '/'), File.ReadAllText(p)));
            return Of(files.ToArray());
        }

        public static SourceModel Of(params (string Path, string Text)[] files)
        {
            var options = new CSharpParseOptions(LanguageVersion.Preview);
            var trees = files.Select(f => CSharpSyntaxTree.ParseText(f.Text, options, f.Path)).ToList();
            // The project's implicit usings.
            trees.Add(CSharpSyntaxTree.ParseText("global using System; global using System.Collections.Generic; global using System.IO; " +
                                                 "global using System.Linq; global using System.Threading; global using System.Threading.Tasks;", options));
            // Everything the test itself runs with, except ringbench's own assembly, whose types the source declares.
            var references = ((string)AppContext.GetData("TRUSTED_PLATFORM_ASSEMBLIES")!).Split(Path.PathSeparator)
                .Concat(Directory.EnumerateFiles(AppContext.BaseDirectory, "*.dll"))
                .Where(p => Path.GetFileName(p) != "Ringbench.dll")
                .DistinctBy(Path.GetFileName)
                .Select(p => MetadataReference.CreateFromFile(p));
            var compilation = CSharpCompilation.Create("layering", trees, references,
                new CSharpCompilationOptions(OutputKind.DynamicallyLinkedLibrary, allowUnsafe: true, nullableContextOptions: NullableContextOptions.Enable));
            var model = new SourceModel();
            foreach (SyntaxTree tree in trees.Where(t => t.FilePath.Length > 0))
            {
                SemanticModel semantic = compilation.GetSemanticModel(tree);
                SyntaxNode rootNode = tree.GetRoot();
                string ns = rootNode.DescendantNodes().OfType<BaseNamespaceDeclarationSyntax>().FirstOrDefault()?.Name.ToString() ?? "";
                string folder = tree.FilePath.Contains('/') ? tree.FilePath[..tree.FilePath.IndexOf('/')] : "";
                model.Files.Add(new SourceFile(tree.FilePath, folder, ns));
                foreach (SimpleNameSyntax name in rootNode.DescendantNodes().OfType<SimpleNameSyntax>())
                {
                    ISymbol? symbol = semantic.GetSymbolInfo(name).Symbol ?? semantic.GetSymbolInfo(name).CandidateSymbols.FirstOrDefault();
                    if (symbol is null)
                        continue;
                    int line = name.GetLocation().GetLineSpan().StartLinePosition.Line + 1;
                    string target = symbol is INamespaceSymbol n ? n.ToDisplayString() : symbol.ContainingNamespace?.ToDisplayString() ?? "";
                    if (target.StartsWith("Ringbench.", StringComparison.Ordinal) && target != ns)
                        model.Uses.Add(new Use(tree.FilePath, line, ns, target, symbol.ToDisplayString()));
                    if (symbol is IMethodSymbol or IFieldSymbol or IPropertySymbol && symbol.ContainingType is { } type
                        && type.ContainingNamespace.ToDisplayString().StartsWith("Ringbench", StringComparison.Ordinal))
                        model.Calls.Add(new Call(tree.FilePath, line, ns, symbol.ContainingType!.Name, symbol.Name));
                }
                foreach (LiteralExpressionSyntax literal in rootNode.DescendantNodes().OfType<LiteralExpressionSyntax>().Where(l => l.IsKind(SyntaxKind.StringLiteralExpression)))
                    model.Literals.Add(new Literal(tree.FilePath, literal.GetLocation().GetLineSpan().StartLinePosition.Line + 1, ns, literal.Token.ValueText));
            }
            model.Errors.AddRange(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error && d.Id is not ("CS8795" or "CS0165" or "CS0170"))
                .Select(d => $"{d.Location.GetLineSpan().Path}:{d.Location.GetLineSpan().StartLinePosition.Line + 1}: {d.Id} {d.GetMessage(System.Globalization.CultureInfo.InvariantCulture)}"));
            return model;
        }
    }
}
