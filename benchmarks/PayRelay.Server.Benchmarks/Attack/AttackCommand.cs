using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace PayRelay.Server.Benchmarks.Attack;

/// <summary>
/// Opens N hostile connections of one kind against a target (an instance's socket, or the balancer in front of the
/// instances), holds them, samples the instances' RSS, closes them and samples again once things settle; for each kind
/// and each N. Prints one markdown table row per point, so the memory an attack costs can be read against N.
/// <code>attack --target http://unix:/tmp/x/api1.sock --pids 1234[,5678] [--counts 0,250,500,1000,2000,4000]
///        [--kinds stalled,idle,slowloris] [--hold 3] [--settle 3]</code>
/// </summary>
public static class AttackCommand
{
    private const int OpeningConcurrency = 64;
    private static readonly TimeSpan SampleEvery = TimeSpan.FromMilliseconds(250);

    public static async Task<int> RunAsync(string[] args)
    {
        var options = Options.Parse(args);
        if (options is null)
        {
            await Console.Error.WriteLineAsync("usage: attack --target http://unix:/path.sock|http://host:port --pids PID[,PID] [--counts 0,250,...] [--kinds stalled,idle,slowloris] [--hold S] [--settle S]");
            return 2;
        }

        var names = string.Join(" | ", options.Pids.Select(p => $"RSS {p} before | held (peak) | after"));
        Console.WriteLine($"| attack | N | open at the end of the hold | {names} |");
        Console.WriteLine($"|---|---|---|{string.Concat(Enumerable.Repeat("---|---|---|", options.Pids.Length))}");
        foreach (var kind in options.Kinds)
        {
            foreach (var count in options.Counts)
            {
                Console.WriteLine(await PointAsync(options, kind, count));
            }
        }

        return 0;
    }

    private static async Task<string> PointAsync(Options options, AttackKind kind, int count)
    {
        var before = options.Pids.Select(Rss.Of).ToArray();
        var peak = (long[])before.Clone();
        var connections = new AttackConnection?[count];
        var clock = Stopwatch.StartNew();
        using (var opening = new SemaphoreSlim(OpeningConcurrency))
        {
            await Task.WhenAll(Enumerable.Range(0, count).Select(async i =>
            {
                await opening.WaitAsync();
                try
                {
                    connections[i] = await AttackConnection.OpenAsync(options.Target, kind, CancellationToken.None);
                }
                catch (SocketException)
                {
                    // Refused even after retries: counted as not open.
                }
                finally
                {
                    opening.Release();
                }
            }));
        }

        var opened = clock.Elapsed;
        var fed = TimeSpan.Zero;
        while (clock.Elapsed - opened < options.Hold)
        {
            await Task.Delay(SampleEvery);
            Sample(options.Pids, peak);
            if (kind == AttackKind.Slowloris && clock.Elapsed - fed >= SampleEvery)
            {
                fed = clock.Elapsed;
                await Task.WhenAll(connections.OfType<AttackConnection>().Select(c => c.FeedAsync()));
            }
        }

        Sample(options.Pids, peak);
        foreach (var connection in connections.OfType<AttackConnection>())
        {
            connection.Probe();
        }

        var open = connections.Count(c => c is { Open: true });
        foreach (var connection in connections)
        {
            connection?.Dispose();
        }

        await Task.Delay(options.Settle);
        var after = options.Pids.Select(Rss.Of).ToArray();
        var cells = options.Pids.Select((_, i) => $"{Mb(before[i])} | {Mb(peak[i])} | {Mb(after[i])}");
        return $"| {kind.ToString().ToLowerInvariant()} | {count} | {open} | {string.Join(" | ", cells)} |";
    }

    private static void Sample(int[] pids, long[] peak)
    {
        for (var i = 0; i < pids.Length; i++)
        {
            peak[i] = Math.Max(peak[i], Rss.Of(pids[i]));
        }
    }

    private static string Mb(long bytes) => (bytes / 1048576.0).ToString("0.0", CultureInfo.InvariantCulture);

    private sealed record Options(EndPoint Target, int[] Pids, int[] Counts, AttackKind[] Kinds, TimeSpan Hold, TimeSpan Settle)
    {
        public static Options? Parse(string[] args)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i + 1 < args.Length; i += 2)
            {
                values[args[i]] = args[i + 1];
            }

            if (!values.TryGetValue("--target", out var target) || !values.TryGetValue("--pids", out var pids))
            {
                return null;
            }

            const string Unix = "http://unix:";
            var endpoint = target.StartsWith(Unix, StringComparison.Ordinal)
                ? new UnixDomainSocketEndPoint(target[Unix.Length..])
                : (EndPoint)IPEndPoint.Parse(new Uri(target).Authority);
            return new Options(
                endpoint,
                Ints(pids),
                Ints(values.GetValueOrDefault("--counts", "0,250,500,1000,2000,4000")),
                [.. values.GetValueOrDefault("--kinds", "stalled,idle,slowloris").Split(',').Select(k => Enum.Parse<AttackKind>(k, ignoreCase: true))],
                TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("--hold", "3"), CultureInfo.InvariantCulture)),
                TimeSpan.FromSeconds(double.Parse(values.GetValueOrDefault("--settle", "3"), CultureInfo.InvariantCulture)));
        }

        private static int[] Ints(string list) => [.. list.Split(',').Select(v => int.Parse(v, CultureInfo.InvariantCulture))];
    }
}
