using System.Globalization;
using System.Text;

namespace PayRelay.Server.Http.Wire;

/// <summary>The <c>Date</c> header line every response carries, formatted once per second.</summary>
public sealed class HttpDate(TimeProvider time)
{
    private Line _line = new(long.MinValue, []);

    /// <summary><c>Date: Sat, 21 Nov 2026 10:00:00 GMT\r\n</c> for the current second.</summary>
    public ReadOnlySpan<byte> Current
    {
        get
        {
            var now = time.GetUtcNow();
            var second = now.ToUnixTimeSeconds();
            var line = _line;
            if (line.Second != second)
            {
                // Racing threads may each format the same second; any of their arrays is right.
                line = new Line(second, Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"Date: {now:R}\r\n")));
                _line = line;
            }

            return line.Bytes;
        }
    }

    private sealed record Line(long Second, byte[] Bytes);
}
