using System.Text.RegularExpressions;

namespace PayRelay.Bench.Up;

/// <summary>Compose's variable interpolation: <c>${VAR}</c>, <c>${VAR:-default}</c>, <c>${VAR-default}</c>, <c>$VAR</c>, <c>$$</c>.</summary>
public static partial class ComposeInterpolation
{
    public static string Expand(string text, Func<string, string?> lookup)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(lookup);
        return Pattern().Replace(text, match =>
        {
            if (match.Value == "$$")
            {
                return "$";
            }

            var name = match.Groups["braced"].Success ? match.Groups["braced"].Value : match.Groups["bare"].Value;
            var value = lookup(name);
            if (!match.Groups["op"].Success)
            {
                return value ?? string.Empty;
            }

            var emptyCounts = match.Groups["op"].Value == ":-";
            return value is null || (emptyCounts && value.Length == 0) ? match.Groups["default"].Value : value;
        });
    }

    [GeneratedRegex(@"\$\$|\$\{(?<braced>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?-)(?<default>[^}]*))?\}|\$(?<bare>[A-Za-z_][A-Za-z0-9_]*)")]
    private static partial Regex Pattern();
}
