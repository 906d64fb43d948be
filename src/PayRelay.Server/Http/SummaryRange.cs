using System.Globalization;

namespace PayRelay.Server.Http;

/// <summary>
/// The <c>from</c>/<c>to</c> of a summary as inclusive Unix-millisecond bounds. A bound with sub-millisecond
/// digits is rounded inward (from up, to down), the way SQL <c>BETWEEN</c> treats millisecond timestamps. A bound that
/// is no timestamp is quoted back in its error cut short (<see cref="Responses.Clip"/>): the error stays small whatever
/// was sent.
/// </summary>
public readonly record struct SummaryRange(long FromMs, long ToMs)
{
    public static readonly SummaryRange All = new(long.MinValue, long.MaxValue);

    public static bool TryParse(string? from, string? to, out SummaryRange range, out string? error)
    {
        range = All;
        error = null;
        long fromMs = long.MinValue, toMs = long.MaxValue;
        if (from is not null && !TryParseInstant(from, roundUp: true, out fromMs))
        {
            error = $"'from' is not an ISO-8601 timestamp: '{Responses.Clip(from)}'";
            return false;
        }

        if (to is not null && !TryParseInstant(to, roundUp: false, out toMs))
        {
            error = $"'to' is not an ISO-8601 timestamp: '{Responses.Clip(to)}'";
            return false;
        }

        range = new SummaryRange(fromMs, toMs);
        return true;
    }

    private static bool TryParseInstant(string text, bool roundUp, out long unixMs)
    {
        unixMs = 0;
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var instant))
        {
            return false;
        }

        var ticks = instant.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks;
        unixMs = Math.DivRem(ticks, TimeSpan.TicksPerMillisecond, out var rest);
        if (rest < 0)
        {
            unixMs--;
            rest += TimeSpan.TicksPerMillisecond;
        }

        if (roundUp && rest > 0)
        {
            unixMs++;
        }

        return true;
    }
}
