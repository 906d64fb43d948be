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
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":0.004}""", "amount must be a whole number of cents (at most 2 decimal places)")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":1e40}""", "amount is too large")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":2000000000}""", "amount is too large")]
    public void Parse_BadInput_IsRefusedWithItsReason(string json, string error)
    {
        var request = Parse(json);

        Assert.False(request.IsValid);
        Assert.Equal(error, request.Error);
    }

    [Theory]
    [InlineData("19.999")]
    [InlineData("1.005")]
    [InlineData("2.675")]
    [InlineData("0.001")]
    [InlineData("19.900000000000000000000000000001")]
    [InlineData("1e-400")]
    [InlineData("199.9e-2")]
    public void Parse_SubCentAmount_RefusedNotRounded(string amount)
    {
        var request = Parse($$"""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":{{amount}}}""");

        Assert.Equal("amount must be a whole number of cents (at most 2 decimal places)", request.Error);
    }

    [Theory]
    [InlineData("1e308")]
    [InlineData("1E+400")]
    [InlineData("1000000000.01")]
    [InlineData("123456789012345678901234567890")]
    public void Parse_AmountPastTheLimit_RefusedAsTooLarge(string amount)
    {
        var request = Parse($$"""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":{{amount}}}""");

        Assert.Equal("amount is too large", request.Error);
    }

    [Theory]
    [InlineData("19.9", 1990)]
    [InlineData("19.90", 1990)]
    [InlineData("19.900000", 1990)]
    [InlineData("1.99e1", 1990)]
    [InlineData("1990E-2", 1990)]
    [InlineData("0.01", 1)]
    [InlineData("20.05", 2005)]
    [InlineData("1000000000", 100_000_000_000)]
    [InlineData("1e9", 100_000_000_000)]
    public void Parse_WholeCents_ExactInAnyNotation(string amount, long cents)
    {
        var request = Parse($$"""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":{{amount}}}""");

        Assert.True(request.IsValid, request.Error);
        Assert.Equal(cents, request.AmountCents);
    }

    [Theory]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90,"amount":1990}""", "amount is given twice")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":19.90,"correlationId":"9b2c3f4e-0000-4000-8000-000000000001"}""", "correlationId is given twice")]
    [InlineData("""{"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","correlation\u0049d":"9b2c3f4e-0000-4000-8000-000000000001","amount":1}""", "correlationId is given twice")]
    [InlineData("""{"\u0061mount":1,"correlationId":"4a7901b8-7d26-4d9d-aa19-4dc1c7cf60b3","amount":1}""", "amount is given twice")]
    public void Parse_KeyGivenTwice_Refused(string json, string error) => Assert.Equal(error, Parse(json).Error);

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
