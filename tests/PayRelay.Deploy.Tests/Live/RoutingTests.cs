using System.Net;

namespace PayRelay.Deploy.Tests.Live;

/// <summary>
/// What both balancers must do with the repository's configuration: keep one correlationId on one
/// instance, spread different ones, serve bodyless requests and keep /internal/ private.
/// </summary>
public abstract class RoutingTests<TStack>(TStack stack)
    where TStack : BalancerStack
{
    public static readonly TheoryData<string, string> InternalPaths = new()
    {
        { "GET", "/internal/summary" },
        { "POST", "/internal/health" },
        { "GET", "/internal" },
        { "GET", "/INTERNAL/summary" },
        { "GET", "/Internal/Summary?from=2025-01-01T00:00:00Z" },
        { "GET", "/%69nternal/summary" },
        { "GET", "/payments/../internal/summary" },
        { "GET", "//internal/summary" },
        { "GET", "/./internal/summary" },
    };

    [SkippableFact]
    public async Task Post_SameCorrelationIdInAnyBodyShape_ReachesOneInstance()
    {
        for (var n = 0; n < 8; n++)
        {
            var id = DeterministicId(1000 + n);
            string[] bodies =
            [
                BalancerStack.Payment(id),
                BalancerStack.Payment(id, "20.05"),
                $"{{ \"amount\" : 19.90 ,\n  \"correlationId\" : \"{id}\" }}",
                $"{{\"amount\":1,\"correlationId\":\"{id}\",\"extra\":{{\"correlationId\":\"other\"}}}}",
            ];
            var instances = new HashSet<string?>();
            foreach (var body in bodies)
            {
                var (status, instance) = await stack.PostAsync(body);
                Assert.Equal(HttpStatusCode.Accepted, status);
                instances.Add(instance);
            }

            var only = Assert.Single(instances);
            Assert.NotNull(only);
            Assert.Contains(bodies[0], stack.Instance(only).PaymentBodies);
        }
    }

    [SkippableFact]
    public async Task Post_DistinctCorrelationIds_SplitEvenlyOverBothInstances()
    {
        // Even, not merely both: an instance that takes a third more payments spends a third more CPU
        // and memory under the same limits. A 32-point HAProxy ring split these ids about 43/57.
        const int Payments = 1000;
        var counts = new Dictionary<string, int>();
        for (var n = 0; n < Payments; n++)
        {
            var instance = await stack.InstanceForAsync(DeterministicId(n)) ?? "none";
            counts[instance] = counts.GetValueOrDefault(instance) + 1;
        }

        var spread = string.Join(", ", counts.Select(c => $"{c.Key}={c.Value}"));
        Assert.True(counts.Keys.Order().SequenceEqual(["api1", "api2"]), $"payments reached [{spread}]; balancer said:\n{stack.BalancerOutput}");
        Assert.All(counts.Values, count => Assert.InRange(count, Payments * 45 / 100, Payments * 55 / 100));
    }

    [SkippableFact]
    public async Task Get_WithoutBody_IsServedByAnInstance()
    {
        for (var n = 0; n < 6; n++)
        {
            using var summary = await stack.Client.GetAsync(new Uri("/payments-summary?from=2025-07-10T12:34:56.000Z&to=2025-07-10T12:35:56.000Z", UriKind.Relative));
            Assert.Equal(HttpStatusCode.OK, summary.StatusCode);
        }

        using var purge = await stack.Client.PostAsync(new Uri("/purge-payments", UriKind.Relative), null);
        Assert.True(purge.IsSuccessStatusCode, $"purge answered {purge.StatusCode}");
    }

    [SkippableTheory]
    [MemberData(nameof(InternalPaths))]
    public async Task Request_InternalPath_Answers403AndNeverReachesAnInstance(string method, string path)
    {
        int Forwarded() => stack.Api1.Requests.Count + stack.Api2.Requests.Count;
        var before = Forwarded();

        var status = await RawHttp.StatusAsync(stack.Port, method, path);

        Assert.Equal(403, status);
        Assert.Equal(before, Forwarded());
    }

    /// <summary>Fixed ids, so the spread a hash gives them is the same on every run.</summary>
    protected static Guid DeterministicId(int seed)
    {
        var bytes = new byte[16];
        new Random(seed).NextBytes(bytes);
        return new Guid(bytes);
    }
}

/// <summary>HAProxy undoes JSON escapes and lower-cases the id before hashing: every spelling of one id has one key.</summary>
public sealed class HaproxyRoutingTests(HaproxyStack stack) : RoutingTests<HaproxyStack>(stack), IClassFixture<HaproxyStack>
{
    private readonly HaproxyStack _stack = stack;

    /// <summary>An id's spellings: canonical first, then upper case, mixed case and JSON escapes of its characters.</summary>
    public static string[] Spellings(Guid id)
    {
        var text = id.ToString();
        var upper = text.ToUpperInvariant();
        return
        [
            text,
            upper,
            string.Concat(text.Select((c, i) => i % 2 == 0 ? char.ToUpperInvariant(c) : c)),
            $"\\u{(int)text[0]:x4}{text[1..]}",
            $"{text[..8]}\\u002d{text[9..]}",
            $"{upper[..30]}\\u{(int)upper[30]:X4}{upper[31..]}",
            string.Concat(text.Select(c => $"\\u{(int)c:x4}")),
        ];
    }

    [SkippableFact]
    public async Task Post_OneIdInAnySpellingOfItsValue_ReachesTheInstanceOfItsCanonicalForm()
    {
        for (var n = 0; n < 8; n++)
        {
            var id = DeterministicId(2000 + n);
            var instances = new HashSet<string?>();
            foreach (var spelling in Spellings(id))
            {
                var (status, instance) = await _stack.PostAsync($$"""{"correlationId":"{{spelling}}","amount":19.90}""");
                Assert.Equal(HttpStatusCode.Accepted, status);
                instances.Add(instance);
            }

            Assert.NotNull(Assert.Single(instances));
        }
    }
}

/// <summary>nginx hashes only the canonical spelling; any other has no key and is spread round-robin.</summary>
public sealed class NginxRoutingTests(NginxStack stack) : RoutingTests<NginxStack>(stack), IClassFixture<NginxStack>
{
    private readonly NginxStack _stack = stack;

    [SkippableFact]
    public async Task Post_UpperCaseSpelling_NotHashedSpreadOverBothInstances()
    {
        var id = DeterministicId(3000);
        var canonical = new HashSet<string?>();
        var upper = new HashSet<string?>();
        for (var n = 0; n < 10; n++)
        {
            canonical.Add((await _stack.PostAsync(BalancerStack.Payment(id))).Instance);
            upper.Add((await _stack.PostAsync($$"""{"correlationId":"{{id.ToString().ToUpperInvariant()}}","amount":19.90}""")).Instance);
        }

        Assert.NotNull(Assert.Single(canonical));
        Assert.Equal(["api1", "api2"], upper.Order());
    }
}
