using System.Globalization;

namespace PayRelay.Bench.Scoring;

/// <summary>Number handling that matches the official script (JavaScript numbers and big.js).</summary>
public static class JsNumbers
{
    /// <summary>
    /// Rounds like <c>new Big(x).round(dp)</c>: big.js reads a number through its shortest decimal
    /// representation, then rounds half away from zero.
    /// </summary>
    public static decimal RoundHalfUp(double value, int decimals)
    {
        if (double.IsNaN(value) || double.IsInfinity(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "not a finite number");
        }

        var shortest = decimal.Parse(value.ToString("R", CultureInfo.InvariantCulture), NumberStyles.Float, CultureInfo.InvariantCulture);
        return Math.Round(shortest, decimals, MidpointRounding.AwayFromZero);
    }

    /// <summary>Drops trailing zeros so 380035.8720 prints as 380035.872, as JavaScript prints numbers.</summary>
    public static decimal Normalize(decimal value) => value / 1.000000000000000000000000000000000m;

    /// <summary>A number as JavaScript's template strings print it (no trailing zeros, dot separator).</summary>
    public static string Format(decimal value) => Normalize(value).ToString(CultureInfo.InvariantCulture);
}
