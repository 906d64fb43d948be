using BenchmarkDotNet.Running;

BenchmarkSwitcher.FromAssembly(typeof(PayRelay.Server.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
