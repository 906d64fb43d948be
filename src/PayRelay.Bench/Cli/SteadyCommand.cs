using System.Globalization;
using PayRelay.Bench.Http;
using PayRelay.Bench.Run;

namespace PayRelay.Bench.Cli;

/// <summary><c>steady</c>: a constant rate of payments for a while, then the latency percentiles.</summary>
public static class SteadyCommand
{
    private static readonly HashSet<string> Values = ["--backend", "--rate", "--seconds", "--warmup", "--amount", "--trace"];
    private static readonly HashSet<string> Flags = ["--help", "-h", "--processor-body"];

    public static async Task<int> RunAsync(string[] args, TextWriter console, CancellationToken cancellationToken)
    {
        var options = new ArgumentReader(args, Values, Flags);
        if (options.Flag("--help") || options.Flag("-h"))
        {
            await console.WriteLineAsync(HelpText.Steady);
            return 0;
        }

        var backend = ServiceEndpoint.Parse(options.Value("--backend", "http://127.0.0.1:9999"));
        var rate = options.Int("--rate", 600);
        var seconds = options.Int("--seconds", 60);
        var warmup = options.Int("--warmup", 10);
        var amount = decimal.Parse(options.Value("--amount", "19.90"), CultureInfo.InvariantCulture);
        if (rate < 1 || rate > 20_000 || seconds < 1 || seconds > 3600 || warmup < 0 || warmup > 600)
        {
            throw new UsageException("--rate must be 1..20000, --seconds 1..3600, --warmup 0..600");
        }

        using var load = new SteadyLoad(backend, amount, options.Flag("--processor-body"));
        if (warmup > 0)
        {
            await console.WriteLineAsync($"warm-up: {rate}/s for {warmup} s");
            await load.RunAsync(rate, TimeSpan.FromSeconds(warmup), cancellationToken);
        }

        await console.WriteLineAsync($"measuring: {rate}/s for {seconds} s against {backend.BaseAddress}");
        var result = await load.RunAsync(rate, TimeSpan.FromSeconds(seconds), cancellationToken);
        var statuses = string.Join(", ", result.Statuses.OrderBy(s => s.Key).Select(s => $"{(s.Key == 0 ? "error" : s.Key)}x{s.Value}"));
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"sent {result.Sent} in {result.Elapsed.TotalSeconds:F1} s ({result.Sent / result.Elapsed.TotalSeconds:F0}/s); {statuses}"));
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"latency ms: p50 {result.P50:F3}  p99 {result.P99:F3}  p99.9 {result.P999:F3}  max {result.Max:F3}"));
        var gcs = result.LoadGeneratorGcs;
        await console.WriteLineAsync(string.Create(CultureInfo.InvariantCulture,
            $"load generator while measuring: {result.LoadGeneratorCpu.CoresUsed:F3} cores ({result.LoadGeneratorCpu.MicrosecondsPerRequest:F0} us a request), collections gen0 {gcs.Gen0}, gen1 {gcs.Gen1}, gen2 {gcs.Gen2}"));
        if (options.Value("--trace") is { } trace)
        {
            SteadyTrace.Write(trace, result.Samples);
            await console.WriteLineAsync($"trace: {trace}");
        }

        return result.Accepted == result.Sent ? 0 : 1;
    }
}
