using System.Globalization;
using System.Text.RegularExpressions;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>Compose durations such as <c>15s</c>, <c>1m30s</c> or <c>1500ms</c>.</summary>
public static partial class Duration
{
    [GeneratedRegex(@"^((\d+(\.\d+)?)(h|ms|us|m|s))+$", RegexOptions.CultureInvariant)]
    private static partial Regex Whole();

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|us|m|s)", RegexOptions.CultureInvariant)]
    private static partial Regex Part();

    public static bool TryParse(string? text, out TimeSpan duration)
    {
        duration = TimeSpan.Zero;
        var trimmed = text?.Trim() ?? "";
        if (!Whole().IsMatch(trimmed))
        {
            return false;
        }

        foreach (Match part in Part().Matches(trimmed))
        {
            var amount = double.Parse(part.Groups[1].Value, CultureInfo.InvariantCulture);
            duration += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(amount),
                "m" => TimeSpan.FromMinutes(amount),
                "s" => TimeSpan.FromSeconds(amount),
                "ms" => TimeSpan.FromMilliseconds(amount),
                _ => TimeSpan.FromMicroseconds(amount),
            };
        }

        return true;
    }
}
