using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using Microsoft.Extensions.Logging;
using PayRelay.Server.Tests.Integration;
using PayRelay.Server.Tests.Support;
using PayRelay.Testing;
using Xunit.Abstractions;

namespace PayRelay.Server.Tests.Http.Wire.Fuzz;

/// <summary>
/// Random and mutated requests against one instance on a loopback port, pipelined several to a connection, their bytes
/// split at random points and sent with random pauses, on a budget that fits CI (15 s of sessions by default;
/// <c>PAYRELAY_FUZZ_SECONDS</c> changes it, <c>PAYRELAY_FUZZ_SEED</c> replays a run, and every failure names the seed).
/// Every run asserts: the valid requests before a session's first mutated one are answered as expected and in order;
/// whatever else the server sends starts as a response; no connection is left open past the timeouts; nothing logs an
/// error or an exception; and the server's buffers are all given back, its pool within its bound.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class WireFuzzTests(ITestOutputHelper output)
{
    private const int Workers = 8;

    /// <summary>Connections left open for the timeouts to close, at most: well under the connection limit.</summary>
    private const int MaxLeftOpen = 200;

    [Fact]
    public async Task RandomAndMutatedRequests_SplitAndPaused_AnsweredInOrderNothingHangsNothingFaultsMemoryBounded()
    {
        var seed = int.TryParse(Environment.GetEnvironmentVariable("PAYRELAY_FUZZ_SEED"), CultureInfo.InvariantCulture, out var given) ? given : Random.Shared.Next();
        var budget = TimeSpan.FromSeconds(int.TryParse(Environment.GetEnvironmentVariable("PAYRELAY_FUZZ_SECONDS"), CultureInfo.InvariantCulture, out var seconds) ? seconds : 15);
        output.WriteLine($"fuzz seed {seed} (PAYRELAY_FUZZ_SEED={seed} replays it), budget {budget.TotalSeconds} s");
        await using var host = await WireHost.StartAsync();
        var failures = new ConcurrentQueue<string>();
        var hangers = new ConcurrentBag<RawHttpConnection>();
        var counts = new int[3];

        // The virtual clock runs with real time while sessions run, so a refused request's linger ends; it jumps at the end.
        using var stopClock = new CancellationTokenSource();
        var clock = Task.Run(async () =>
        {
            while (!stopClock.IsCancellationRequested)
            {
                await Task.Delay(10, CancellationToken.None);
                host.Time.Advance(TimeSpan.FromMilliseconds(10));
            }
        });

        var started = Stopwatch.StartNew();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (started.Elapsed < budget && failures.Count < 5)
            {
                var index = Interlocked.Increment(ref next);
                await SessionAsync(host, new Random(HashCode.Combine(seed, index)), index, failures, hangers, counts);
            }
        })));
        await stopClock.CancelAsync();
        await clock;
        output.WriteLine($"{next + 1} sessions, {counts[0]} valid and {counts[1]} mutated requests, {counts[2]} connections left open");

        // Every connection still open now waits for the rest of a request or for the next one: the timeouts close it.
        await Eventually.HoldsAsync(
            () =>
            {
                host.Time.Advance(TimeSpan.FromSeconds(10));
                return host.Server.OpenConnections == 0;
            },
            $"the server to close every connection left open once its timeouts pass (seed {seed})");
        foreach (var connection in hangers)
        {
            using var deadline = new CancellationTokenSource(Eventually.Deadline);
            var rest = await connection.ReadToEndAsync(deadline.Token);
            if (!IsResponses(rest))
            {
                failures.Enqueue($"a connection left open got bytes that are no response: {Encoding.Latin1.GetString(rest)}");
            }

            await connection.DisposeAsync();
        }

        var faults = host.Logs.Lines.Where(l => l.Level >= LogLevel.Error || (l.Exception is not null && l.Category.StartsWith("PayRelay.Server.Http", StringComparison.Ordinal))).ToList();
        Assert.True(failures.IsEmpty, $"seed {seed}:\n{string.Join("\n\n", failures)}");
        Assert.True(faults.Count == 0, $"seed {seed}: the server logged\n{string.Join("\n", faults.Select(f => $"{f.Category} {f.Level}: {f.Message} {f.Exception}"))}");
        var pool = host.Server.BufferPool;
        await Eventually.HoldsAsync(() => pool.Outstanding == 0, $"every buffer given back (seed {seed}; {pool.Outstanding} out)");
        Assert.InRange(pool.RetainedBytes, 0, pool.MaxRetainedBytes);
        Assert.InRange(GC.GetTotalMemory(forceFullCollection: true), 0, 512L << 20);
    }

    /// <summary>
    /// One connection: a few valid requests, maybe a mutated one and more after it, all pipelined and sent in random
    /// pieces. Then the client either says it is done (FIN) and reads to the end, or leaves the connection open.
    /// </summary>
    private static async Task SessionAsync(WireHost host, Random random, int index, ConcurrentQueue<string> failures, ConcurrentBag<RawHttpConnection> hangers, int[] counts)
    {
        var requests = new FuzzRequests(random);
        var script = new List<FuzzRequest>();
        var valid = random.Next(0, 5);
        for (var i = 0; i < valid; i++)
        {
            script.Add(requests.Valid());
        }

        for (var i = random.Next(0, 3); i > 0; i--)
        {
            script.Add(random.Next(3) == 0 ? requests.Valid() : requests.Mutated());
        }

        var expected = script.TakeWhile(r => r.Valid).ToList();
        var leaveOpen = random.Next(4) == 0;
        Interlocked.Add(ref counts[0], script.Count(r => r.Valid));
        Interlocked.Add(ref counts[1], script.Count(r => !r.Valid));
        var bytes = script.SelectMany(r => r.Bytes).ToArray();
        var pieces = Pieces(random, bytes.Length);
        var pauses = pieces.Select(_ => random.Next(4)).ToArray();

        var connection = await host.ConnectAsync();
        var keep = false;
        try
        {
            var sending = SendAsync(connection, bytes, pieces, pauses);
            foreach (var request in expected)
            {
                var answer = await connection.ReadResponseAsync(request.Head);
                while (answer.Status == 100)
                {
                    answer = await connection.ReadResponseAsync(request.Head);
                }

                if (answer.Status != request.Status || (request.Body is { } body && !answer.Body.Contains(body, StringComparison.Ordinal)))
                {
                    throw new InvalidOperationException($"expected {request.Status}{(request.Body is null ? "" : $" saying {request.Body}")}, got {answer.Head}\n{answer.Body}");
                }
            }

            await sending;
            if (leaveOpen && script.Count > expected.Count && Volatile.Read(ref counts[2]) < MaxLeftOpen)
            {
                Interlocked.Increment(ref counts[2]);
                hangers.Add(connection);
                keep = true;
                return;
            }

            connection.ShutdownSend();
            using var deadline = new CancellationTokenSource(TimeSpan.FromSeconds(10));
            var rest = await connection.ReadToEndAsync(deadline.Token);
            if (!IsResponses(rest))
            {
                throw new InvalidOperationException($"after the valid requests' answers came bytes that are no response: {Encoding.Latin1.GetString(rest)}");
            }
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or OperationCanceledException or FormatException)
        {
            failures.Enqueue($"session {index}: {e.Message}\nscript (pieces at {string.Join(',', pieces)}):\n  {string.Join("\n  ", script)}");
        }
        finally
        {
            if (!keep)
            {
                await connection.DisposeAsync();
            }
        }
    }

    /// <summary>Nothing, or what starts as a response.</summary>
    private static bool IsResponses(ReadOnlySpan<byte> bytes) => bytes.IsEmpty || bytes.StartsWith("HTTP/1.1 "u8);

    /// <summary>Where the bytes are cut: one to eight pieces, at random points.</summary>
    private static int[] Pieces(Random random, int length)
    {
        var cuts = Enumerable.Range(0, random.Next(0, 8)).Select(_ => random.Next(1, Math.Max(length, 2))).Where(c => c < length);
        return [.. cuts.Append(length).Distinct().Order()];
    }

    private static async Task SendAsync(RawHttpConnection connection, byte[] bytes, int[] ends, int[] pauses)
    {
        var start = 0;
        for (var i = 0; i < ends.Length; i++)
        {
            try
            {
                await connection.SendAsync(bytes.AsMemory(start, ends[i] - start));
            }
            catch (IOException)
            {
                // The server refused something and closed: what it answered is read all the same.
                return;
            }

            start = ends[i];
            if (pauses[i] > 0)
            {
                await Task.Delay(pauses[i]);
            }
        }
    }
}
