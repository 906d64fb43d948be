using System.Net;
using PayRelay.Server.Dispatch;
using PayRelay.Server.Peers;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// A correlationId is charged once in any spelling, on either instance: an instance accepts a spelling other than the
/// canonical one only once its peer has reserved the id, and answers 503 when the peer cannot say.
/// </summary>
[Collection(IntegrationCollection.Name)]
public sealed class SpellingAcrossInstancesTests
{
    /// <summary>
    /// Spellings of one id other than its canonical one: case, JSON escapes, an escaped property name. The id must have
    /// a hex letter (<see cref="NewId"/>), or its upper-case spellings would be canonical ones.
    /// </summary>
    public static string[] OtherSpellings(Guid id)
    {
        var text = id.ToString();
        var upper = text.ToUpperInvariant();
        var letters = 0;
        var mixed = string.Concat(text.Select(c => char.IsAsciiLetter(c) && letters++ % 2 == 0 ? char.ToUpperInvariant(c) : c));
        return
        [
            $$"""{"correlationId":"{{upper}}","amount":19.90}""",
            $$"""{"correlationId":"{{mixed}}","amount":19.90}""",
            $$"""{"correlationId":"\u{{(int)text[0]:x4}}{{text[1..]}}","amount":19.90}""",
            $$"""{"correlationId":"{{text[..8]}}\u002d{{text[9..]}}","amount":19.90}""",
            $$"""{"correl\u0061tionId":"{{text}}","amount":19.90}""",
            $$$"""{"note":{"correlationId":"{{{Guid.Empty}}}"},"correlationId":"{{{text}}}","amount":19.90}""",
        ];
    }

    [Fact]
    public async Task Post_CanonicalThenEveryOtherSpellingOnBothInstances_ChargedOnceByTheFirst()
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = NewId();

        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));
        foreach (var body in OtherSpellings(id))
        {
            for (var instance = 0; instance < 2; instance++)
            {
                using var response = await cluster.PostRawAsync(instance, body);
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            }
        }

        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Counter(c => c.Accepted));
        Assert.Equal(0, cluster.Counter(c => c.ChargedElsewhere));
        Assert.Equal(new Totals(1, 19.90m), cluster.ProcessorTotals().Default);
    }

    [Fact]
    public async Task Post_OtherSpellingFirstThenCanonicalOnTheOtherInstance_CanonicalIsARepeat()
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = NewId();

        using (var upper = await cluster.PostRawAsync(1, OtherSpellings(id)[0]))
        {
            Assert.Equal(HttpStatusCode.Accepted, upper.StatusCode);
        }

        cluster.NoteAccepted(id);
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));

        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Instance(1).Get<DispatchCounters>().Accepted);
        Assert.Equal(0, cluster.Instance(0).Get<DispatchCounters>().Accepted);
        Assert.Equal(0, cluster.Counter(c => c.ChargedElsewhere));
    }

    [Fact]
    public async Task Post_OtherSpellingWithAnotherAmountOnTheOtherInstance_409NamingTheConflict()
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = NewId();
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(0, id));

        using var response = await cluster.PostRawAsync(1, OtherSpellings(id)[0].Replace("19.90", "20.05", StringComparison.Ordinal));

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("different amount", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        await cluster.AssertConsistentAsync();
        Assert.Equal(new Totals(1, 19.90m), cluster.ProcessorTotals().Default);
    }

    /// <summary>
    /// The race: one id arrives at both instances at once, canonically at the instance it hashes to and in other
    /// spellings at both. Whatever the interleaving, one instance accepts it and the processors see one request.
    /// A 503 (a check met another check of the same id) is retried, as a client does.
    /// </summary>
    [Fact]
    public async Task Post_SameIdInBothSpellingsAtBothInstancesAtOnce_OneAcceptanceOneCharge()
    {
        await using var cluster = await TestCluster.StartAsync();
        const int Ids = 60;
        var ids = Enumerable.Range(0, Ids).Select(_ => NewId()).ToList();
        var accepted = new int[Ids];

        await Task.WhenAll(ids.Select((id, n) => Task.Run(async () =>
        {
            var home = n % 2;
            var spellings = OtherSpellings(id);
            (int Instance, string Body)[] posts =
            [
                (home, TestCluster.PaymentJson(id, 19.90m)),
                (1 - home, spellings[0]),
                (home, spellings[2]),
                (1 - home, spellings[4]),
                (1 - home, spellings[1]),
            ];
            await Task.WhenAll(posts.Select(post => PostUntilAnsweredAsync(cluster, post.Instance, post.Body, () => Interlocked.Increment(ref accepted[n]))));
            cluster.NoteAccepted(id);
        })));

        Assert.All(accepted, count => Assert.Equal(5, count));
        await cluster.AssertConsistentAsync();
        Assert.Equal(Ids, cluster.Counter(c => c.Accepted));
        Assert.Equal(0, cluster.Counter(c => c.ChargedElsewhere));
        Assert.Equal(Ids, cluster.Default.State.Count + cluster.Fallback.State.Count);
    }

    /// <summary>
    /// The state a double failure leaves: api2 reserved an id for api1, whose own accept then failed (queue full, a
    /// drain) and whose give-back was lost. api1 never took the payment, so a later spelling at api2 is no repeat: api2
    /// asks api1, learns it holds nothing, and takes the payment itself. A 202 there is a payment charged once.
    /// </summary>
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task Post_IdReservedHereForAPeerThatNeverAcceptedIt_TakenHereAndChargedOnce(bool canonical)
    {
        await using var cluster = await TestCluster.StartAsync();
        var id = NewId();
        Assert.Equal(Reservation.Granted, cluster.Instance(1).Get<PeerReservations>().ReserveForPeer(id, 1990));

        if (canonical)
        {
            Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(1, id));
        }
        else
        {
            using var response = await cluster.PostRawAsync(1, OtherSpellings(id)[0]);
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            cluster.NoteAccepted(id);
        }

        await cluster.AssertConsistentAsync();
        Assert.Equal(1, cluster.Instance(1).Get<DispatchCounters>().Accepted);
        Assert.Equal(0, cluster.Instance(0).Get<DispatchCounters>().Accepted);
        Assert.Equal(new Totals(1, 19.90m), cluster.ProcessorTotals().Default);
    }

    [Fact]
    public async Task Post_OtherSpellingWhilePeerIsDown_503WithRetryAfterAndNothingAccepted()
    {
        await using var cluster = await TestCluster.StartAsync();
        await cluster.KillInstanceAsync(0);
        var id = NewId();

        using (var response = await cluster.PostRawAsync(1, OtherSpellings(id)[0]))
        {
            Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
            Assert.NotNull(response.Headers.RetryAfter);
            Assert.Contains("could not confirm", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        Assert.Equal(0, cluster.Instance(1).Get<DispatchCounters>().Accepted);

        // The canonical spelling needs no peer: it is taken at once, and the other spelling is then a repeat.
        Assert.Equal(HttpStatusCode.Accepted, await cluster.PostPaymentAsync(1, id));
        using (var repeat = await cluster.PostRawAsync(1, OtherSpellings(id)[0]))
        {
            Assert.Equal(HttpStatusCode.Accepted, repeat.StatusCode);
        }

        Assert.True(await cluster.TrySettleAsync(), "the payment was charged");
        Assert.Single(cluster.Charges());
        Assert.Equal(1, cluster.Instance(1).Get<DispatchCounters>().Accepted);
    }

    [Fact]
    public async Task Post_OtherSpellingWhilePeerHangs_503AfterThePeerTimeout()
    {
        using var silent = new SilentPeer(Path.Combine(Path.GetTempPath(), $"payrelay-silent-{Guid.NewGuid():N}.sock"));
        await using var cluster = await TestCluster.StartAsync(o => o.InstanceId == "api1" ? o with { PeerUrl = silent.Url } : o);
        var clock = System.Diagnostics.Stopwatch.StartNew();

        using var response = await cluster.PostRawAsync(0, OtherSpellings(NewId())[0]);

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.True(clock.Elapsed < cluster.Options(0).PeerTimeout + TimeSpan.FromSeconds(2), $"answered after {clock.ElapsedMilliseconds} ms");
        Assert.Equal(0, cluster.Instance(0).Get<DispatchCounters>().Accepted);
    }

    /// <summary>A random id with at least one hex letter, so that it has upper-case spellings.</summary>
    public static Guid NewId()
    {
        while (true)
        {
            var id = Guid.NewGuid();
            if (id.ToString().Any(char.IsAsciiLetter))
            {
                return id;
            }
        }
    }

    /// <summary>Posts until the answer is not a 503 (a check meeting another); it must then be 202.</summary>
    private static async Task PostUntilAnsweredAsync(TestCluster cluster, int instance, string body, Action onAccepted)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await cluster.PostRawAsync(instance, body);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable)
            {
                Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
                onAccepted();
                return;
            }

            Assert.True(DateTime.UtcNow < deadline, $"api{instance + 1} kept answering 503 to {body}: {await response.Content.ReadAsStringAsync()}");
            await Task.Delay(5);
        }
    }
}
