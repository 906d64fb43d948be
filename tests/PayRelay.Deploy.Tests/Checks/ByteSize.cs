using System.Globalization;
using System.Text.RegularExpressions;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>
/// Docker's memory sizes: a number and an optional unit b, k, m, g, t (also kb/kib, mb/mib...),
/// any case, all binary (1m = 1024 * 1024 bytes), as docker compose reads <c>memory: 150MB</c>.
/// </summary>
public static partial class ByteSize
{
    public const long MiB = 1024 * 1024;

    [GeneratedRegex(@"^(?<n>\d+(\.\d+)?)\s*(?<u>b|k|kb|kib|m|mb|mib|g|gb|gib|t|tb|tib)?$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant)]
    private static partial Regex Pattern();

    public static bool TryParse(string? text, out long bytes)
    {
        bytes = 0;
        var match = Pattern().Match(text?.Trim() ?? "");
        if (!match.Success)
        {
            return false;
        }

        var amount = decimal.Parse(match.Groups["n"].Value, CultureInfo.InvariantCulture);
        var unit = match.Groups["u"].Value.ToUpperInvariant();
        var exponent = unit.Length == 0 ? 0 : "BKMGT".IndexOf(unit[0], StringComparison.Ordinal);
        for (var i = 0; i < exponent; i++)
        {
            amount *= 1024;
        }

        bytes = (long)decimal.Floor(amount);
        return true;
    }
}
