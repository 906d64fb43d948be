using System.Buffers;
using System.Text;
using PayRelay.Server.Http;

namespace PayRelay.Server.Tests.Http;

public class PaymentRequestTests
{
    private static PaymentRequest Parse(string json) => PaymentRequest.Parse(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)));

    [Fact]
    public void Parse_OfficialBody_YieldsIdAndCents()
    {
        var request = Parse("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90}""");

        Assert.True(request.IsValid);
        Assert.Equal(Guid.Parse("4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3"), request.CorrelationId);
        Assert.Equal(1990, request.AmountCents);
    }

    [Fact]
    public void Parse_UnknownPropertiesAndWhitespace_AreIgnored()
    {
        var request = Parse("""  { "note": {"a": [1, 2]}, "amount": 20.05, "correlationId": "4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3" } """);

        Assert.True(request.IsValid);
        Assert.Equal(2005, request.AmountCents);
    }

    [Theory]
    [InlineData("", "malformed JSON")]
    [InlineData("{", "malformed JSON")]
    [InlineData("[]", "the body must be a JSON object")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90} trailing""", "malformed JSON")]
    [InlineData("""{"amount":19.90}""", "correlationId is required")]
    [InlineData("""{"correlationId":"not-a-uuid","amount":19.90}""", "correlationId must be a UUID string")]
    [InlineData("""{"correlationId":42,"amount":19.90}""", "correlationId must be a UUID string")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3"}""", "amount is required")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":"19.90"}""", "amount must be a number")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":0}""", "amount must be greater than zero")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":-5}""", "amount must be greater than zero")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":0.004}""", "amount must be at least 0.01")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":1e40}""", "amount must be a number")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":2000000000}""", "amount is too large")]
    public void Parse_BadInput_IsRefusedWithItsReason(string json, string error)
    {
        var request = Parse(json);

        Assert.False(request.IsValid);
        Assert.Equal(error, request.Error);
    }

    [Theory]
    [InlineData("application/json", true)]
    [InlineData("application/json; charset=utf-8", true)]
    [InlineData("Application/JSON", true)]
    [InlineData("text/plain", false)]
    [InlineData("application/jsonx", false)]
    [InlineData(null, false)]
    public void IsJson_AcceptsJsonWithParametersOnly(string? contentType, bool expected)
    {
        Assert.Equal(expected, PaymentsEndpoint.IsJson(System.Text.Encoding.ASCII.GetBytes(contentType ?? string.Empty)));
    }
}
