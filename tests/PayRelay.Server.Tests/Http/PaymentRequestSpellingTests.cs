using System.Buffers;
using System.Text;
using PayRelay.Server.Http;

namespace PayRelay.Server.Tests.Http;

/// <summary>
/// One correlationId in every spelling JSON and UUIDs allow is one id; only the plain lower-case spelling, first
/// among what could hide a decoy, is canonical (a balancer that hashes the id's text hashed it like every other).
/// </summary>
public class PaymentRequestSpellingTests
{
    private const string Id = "4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3";

    private static PaymentRequest Parse(string json) => PaymentRequest.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    /// <summary>The same body cut into many segments, so the reader sees the id as a value sequence.</summary>
    private static PaymentRequest ParseSegmented(string json, int size)
    {
        var bytes = Encoding.UTF8.GetBytes(json);
        Segment? first = null, last = null;
        for (var at = 0; at < bytes.Length; at += size)
        {
            var piece = bytes.AsMemory(at, Math.Min(size, bytes.Length - at));
            last = last is null ? first = new Segment(piece, 0) : last.Append(piece);
        }

        return PaymentRequest.Parse(new ReadOnlySequence<byte>(first!, 0, last!, last!.Memory.Length));
    }

    public static readonly TheoryData<string> CanonicalBodies = new()
    {
        $$"""{"correlationId":"{{Id}}","amount":19.90}""",
        $$"""{"amount":19.90,"correlationId":"{{Id}}"}""",
        $$"""  { "note" : "x" , "correlationId" : "{{Id}}" , "amount" : 19.90 } """,
        $$$"""{"correlationId":"{{{Id}}}","amount":19.90,"note":{"correlationId":"other"}}""",
    };

    public static readonly TheoryData<string> OtherSpellings = new()
    {
        $$"""{"correlationId":"{{Id.ToUpperInvariant()}}","amount":19.90}""",
        """{"correlationId":"4A7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""",
        """{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60B3","amount":19.90}""",
        """{"correlationId":"\u0034a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""",
        """{"correlationId":"4a7901b8\u002d7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""",
        """{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60\u0062\u0033","amount":19.90}""",
        """{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60\u00423","amount":19.90}""",
        """{"correl\u0061tionId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""",
        """{"note":{"correlationId":"9b2c3f4e-0000-4000-8000-000000000001"},"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""",
        """{"note":[{"correlationId":"x"}],"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""",
    };

    [Theory]
    [MemberData(nameof(CanonicalBodies))]
    public void Parse_PlainLowerCaseId_IsCanonical(string json)
    {
        var request = Parse(json);

        Assert.True(request.IsValid, request.Error);
        Assert.Equal(Guid.Parse(Id), request.CorrelationId);
        Assert.True(request.Canonical);
    }

    [Theory]
    [MemberData(nameof(OtherSpellings))]
    public void Parse_OtherSpellingOfTheId_SameIdNotCanonical(string json)
    {
        var request = Parse(json);

        Assert.True(request.IsValid, request.Error);
        Assert.Equal(Guid.Parse(Id), request.CorrelationId);
        Assert.Equal(1990, request.AmountCents);
        Assert.False(request.Canonical);
    }

    [Theory]
    [InlineData(3)]
    [InlineData(7)]
    [InlineData(20)]
    public void Parse_IdSplitAcrossSegments_SpellingStillJudged(int size)
    {
        Assert.True(ParseSegmented($$"""{"correlationId":"{{Id}}","amount":19.90}""", size).Canonical);
        var upper = ParseSegmented($$"""{"correlationId":"{{Id.ToUpperInvariant()}}","amount":19.90}""", size);
        Assert.Equal(Guid.Parse(Id), upper.CorrelationId);
        Assert.False(upper.Canonical);
    }

    /// <summary>The spec says UUID: the forms .NET's Guid parsing would also take (braces, no hyphens, ...) are not one.</summary>
    [Theory]
    [InlineData("{4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3}")]
    [InlineData("(4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3)")]
    [InlineData("4a7901b87d264d9daa194dc1c7cf60b3")]
    [InlineData("{0x4a7901b8,0x7d26,0x4d9d,{0xaa,0x19,0x4d,0xc1,0xc7,0xcf,0x60,0xb3}}")]
    [InlineData(" 4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3")]
    [InlineData("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3 ")]
    [InlineData("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b")]
    [InlineData("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3\\/")]
    [InlineData("4a7901b8\\/7d26-4d9d-aa19-4dc1c7cf60b3")]
    [InlineData("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60g3")]
    [InlineData("urn:uuid:4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3")]
    public void Parse_NotAUuidString_Refused(string id)
    {
        Assert.Equal("correlationId must be a UUID string", Parse($$"""{"correlationId":"{{id}}","amount":19.90}""").Error);
    }

    private sealed class Segment : ReadOnlySequenceSegment<byte>
    {
        public Segment(ReadOnlyMemory<byte> memory, long runningIndex)
        {
            Memory = memory;
            RunningIndex = runningIndex;
        }

        public Segment Append(ReadOnlyMemory<byte> memory)
        {
            var next = new Segment(memory, RunningIndex + Memory.Length);
            Next = next;
            return next;
        }
    }
}
