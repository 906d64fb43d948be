using BenchmarkDotNet.Running;
using PayRelay.Server.Benchmarks.Attack;

// `attack` measures an instance's memory under hostile clients (scripts/attack-memory.sh runs it); `replay` times a
// start on a journal of a million payments; anything else is BenchmarkDotNet's command line.
if (args is ["attack", .. var rest])
{
    return await AttackCommand.RunAsync(rest);
}

if (args is ["replay", .. var replay])
{
    return await PayRelay.Server.Benchmarks.ReplayCommand.RunAsync(replay);
}

BenchmarkSwitcher.FromAssembly(typeof(PayRelay.Server.Benchmarks.HotPathBenchmarks).Assembly).Run(args);
return 0;
