using PayRelay.Bench.Floor;

namespace PayRelay.Bench.Cli;

/// <summary><c>relay-floor</c>: runs <see cref="MinimalRelay"/> until Ctrl-C or SIGTERM, then says what it relayed.</summary>
public static class RelayFloorCommand
{
    private static readonly HashSet<string> Values = ["--listen", "--processor"];
    private static readonly HashSet<string> Flags = ["--help", "-h"];

    public static async Task<int> RunAsync(string[] args, TextWriter console, CancellationToken cancellationToken)
    {
        var options = new ArgumentReader(args, Values, Flags);
        if (options.Flag("--help") || options.Flag("-h"))
        {
            await console.WriteLineAsync(HelpText.RelayFloor);
            return 0;
        }

        var listen = options.Value("--listen") ?? throw new UsageException("--listen needs the path of a unix socket");
        var processorText = options.Value("--processor", "http://127.0.0.1:8001");
        if (!Uri.TryCreate(processorText, UriKind.Absolute, out var processor) || processor.Scheme != Uri.UriSchemeHttp)
        {
            throw new UsageException($"--processor: '{processorText}' is not an http:// URL");
        }

        await using (var relay = MinimalRelay.Start(listen, processor))
        {
            await console.WriteLineAsync($"relay-floor: {listen} -> {processor}");
            try
            {
                await Task.Delay(Timeout.Infinite, cancellationToken);
            }
            catch (OperationCanceledException)
            {
                await console.WriteLineAsync($"relay-floor: relayed {relay.Relayed}, failed {relay.Failed}");
            }
        }

        return 0;
    }
}
