using System.Globalization;
using System.Text.RegularExpressions;

namespace PayRelay.Bench.Up;

/// <summary>
/// Memory sizes as docker compose reads them ("150MB", "150M", "0.15GB", "512k", "157286400"):
/// the unit letter counts in powers of 1024 whether or not an "i" or "B" follows, as Docker does.
/// </summary>
public static partial class MemorySize
{
    public static long ParseBytes(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var match = Pattern().Match(text.Trim());
        if (!match.Success)
        {
            throw new FormatException($"'{text}' is not a memory size like 150MB");
        }

        var number = decimal.Parse(match.Groups["n"].Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        var unit = match.Groups["u"].Success ? char.ToLowerInvariant(match.Groups["u"].Value[0]) : 'b';
        var multiplier = unit switch
        {
            'k' => 1L << 10,
            'm' => 1L << 20,
            'g' => 1L << 30,
            't' => 1L << 40,
            'p' => 1L << 50,
            _ => 1L,
        };
        return (long)(number * multiplier);
    }

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?) ?(?<u>[kKmMgGtTpP])?[iI]?[bB]?$")]
    private static partial Regex Pattern();
}
