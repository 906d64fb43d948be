using System.Net;
using System.Runtime.Versioning;
using PayRelay.Server.Tests.Support;

namespace PayRelay.Server.Tests.Integration;

/// <summary>
/// Through the real balancer with the repository's configuration, in front of two real instances: one correlationId
/// sent in ten spellings at once is accepted by one instance and charged once. HAProxy hashes most spellings to one
/// instance; nginx hashes only the canonical one; the instances' peer check covers whatever the balancer cannot.
/// </summary>
[UnsupportedOSPlatform("windows")]
[Collection(IntegrationCollection.Name)]
public sealed class BalancedSpellingTests
{
    /// <summary>Ten bodies for one id: the canonical one, then case, escapes, an escaped name, a decoy and reordering.</summary>
    public static string[] TenSpellings(Guid id)
    {
        var text = id.ToString();
        var upper = text.ToUpperInvariant();
        var letters = 0;
        var mixed = string.Concat(text.Select(c => char.IsAsciiLetter(c) && letters++ % 2 == 0 ? char.ToUpperInvariant(c) : c));
        var firstLetter = text.IndexOf(text.First(char.IsAsciiLetter));
        return
        [
            $$"""{"correlationId":"{{text}}","amount":19.90}""",
            $$"""{"correlationId":"{{upper}}","amount":19.90}""",
            $$"""{"correlationId":"{{mixed}}","amount":19.90}""",
            $$"""{"correlationId":"\u{{(int)text[0]:x4}}{{text[1..]}}","amount":19.90}""",
            $$"""{"correlationId":"{{text[..8]}}\u002d{{text[9..]}}","amount":19.90}""",
            $$"""{"correlationId":"{{string.Concat(text.Select(c => $"\\u{(int)c:x4}"))}}","amount":19.90}""",
            $$"""{"correlationId":"{{text[..firstLetter]}}\u{{(int)upper[firstLetter]:X4}}{{text[(firstLetter + 1)..]}}","amount":19.90}""",
            $$"""{"correl\u0061tionId":"{{text}}","amount":19.90}""",
            $$$"""{"note":{"correlationId":"{{{Guid.Empty}}}"},"correlationId":"{{{text}}}","amount":19.90}""",
            $$"""{ "amount" : 19.9 ,  "correlationId" : "{{upper}}" }""",
        ];
    }

    [SkippableTheory]
    [InlineData("haproxy")]
    [InlineData("nginx")]
    public async Task Post_TenSpellingsOfOneIdAtOnceThroughTheBalancer_OneAcceptanceOneCharge(string balancer)
    {
        await using var cluster = await TestCluster.StartAsync();
        await using var front = await BalancerFront.StartAsync(balancer, cluster);
        const int Ids = 12;

        for (var n = 0; n < Ids; n++)
        {
            var id = SpellingAcrossInstancesTests.NewId();
            var answers = await Task.WhenAll(TenSpellings(id).Select(body => PostUntilAnsweredAsync(front, body)));

            Assert.All(answers, status => Assert.Equal(HttpStatusCode.Accepted, status));
            cluster.NoteAccepted(id);
        }

        await cluster.AssertConsistentAsync();
        Assert.Equal(Ids, cluster.Counter(c => c.Accepted));
        Assert.Equal(0, cluster.Counter(c => c.ChargedElsewhere));
        Assert.Equal(Ids, cluster.Default.State.Count + cluster.Fallback.State.Count);
    }

    /// <summary>Posts until the answer is not a 503 (a check meeting another check of the same id).</summary>
    private static async Task<HttpStatusCode> PostUntilAnsweredAsync(BalancerFront front, string body)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        while (true)
        {
            using var response = await front.PostAsync(body);
            if (response.StatusCode != HttpStatusCode.ServiceUnavailable || DateTime.UtcNow > deadline)
            {
                return response.StatusCode;
            }

            await Task.Delay(5);
        }
    }
}
