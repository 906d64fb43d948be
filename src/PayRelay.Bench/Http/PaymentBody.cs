using System.Globalization;
using System.Text;

namespace PayRelay.Bench.Http;

/// <summary>
/// The body of <c>POST /payments</c> as the official script sends it, built once as a template; each
/// payment copies it and writes a fresh UUID in place.
/// </summary>
public sealed class PaymentBody
{
    private const string Placeholder = "00000000-0000-0000-0000-000000000000";
    private readonly byte[] _template;
    private readonly int _idOffset;

    public PaymentBody(decimal amount)
    {
        // JSON.stringify prints 19.90 as 19.9: the amount goes out without trailing zeros.
        var amountText = (amount / 1.000000000000000000000000000000000m).ToString(CultureInfo.InvariantCulture);
        var text = "{\"correlationId\":\"" + Placeholder + "\",\"amount\":" + amountText + "}";
        _template = Encoding.UTF8.GetBytes(text);
        _idOffset = text.IndexOf(Placeholder, StringComparison.Ordinal);
    }

    public int Length => _template.Length;

    /// <summary>Writes a body with <paramref name="correlationId"/> into <paramref name="destination"/>.</summary>
    public void Write(Guid correlationId, Span<byte> destination)
    {
        _template.CopyTo(destination);
        correlationId.TryFormat(destination[_idOffset..], out _, "D");
    }

    public byte[] Create(Guid correlationId)
    {
        var bytes = new byte[_template.Length];
        Write(correlationId, bytes);
        return bytes;
    }
}
