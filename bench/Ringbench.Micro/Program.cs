using BenchmarkDotNet.Columns;
using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Diagnosers;
using BenchmarkDotNet.Exporters;
using BenchmarkDotNet.Exporters.Csv;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Running;

// Results go to results/micro/ of the checkout (or --artifacts DIR), as Markdown and CSV.
string artifacts = Ringbench.Results.MachineInfo.RepositoryRoot() is string repo
    ? Path.Combine(repo, "results", "micro")
    : Path.Combine(Directory.GetCurrentDirectory(), "results-micro");

IConfig config = DefaultConfig.Instance
    .AddJob(Job.Default.WithWarmupCount(3).WithIterationCount(12).WithLaunchCount(1))
    .AddDiagnoser(MemoryDiagnoser.Default)
    .AddExporter(MarkdownExporter.GitHub, CsvExporter.Default)
    .AddColumn(StatisticColumn.P95)
    .WithArtifactsPath(artifacts)
    .WithOptions(ConfigOptions.DisableLogFile);

BenchmarkSwitcher.FromAssembly(typeof(Ringbench.Micro.ConsumeInMemory).Assembly).Run(args, config);
