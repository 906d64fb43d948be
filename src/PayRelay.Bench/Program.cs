using PayRelay.Bench.Cli;

return await CommandLine.RunAsync(args, Console.Out);
