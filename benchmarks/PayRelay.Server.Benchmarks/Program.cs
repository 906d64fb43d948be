using BenchmarkDotNet.Running;
using PayRelay.Server.Benchmarks.Attack;

// `attack` measures an instance's memory under hostile clients (scripts/attack-memory.sh runs it); anything else is
// BenchmarkDotNet's command line.
if (args is ["attack", .. var rest])
{
    return await AttackCommand.RunAsync(rest);
}

BenchmarkSwitcher.FromAssembly(typeof(PayRelay.Server.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
return 0;
