using System.Globalization;

namespace PayRelay.Bench.Cli;

/// <summary>
/// Reads <c>--name value</c>, <c>--name=value</c> and <c>--flag</c> arguments against a known set,
/// so a typo is an error rather than an ignored option.
/// </summary>
public sealed class ArgumentReader
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);
    private readonly HashSet<string> _flags = new(StringComparer.Ordinal);

    public ArgumentReader(IReadOnlyList<string> args, IReadOnlySet<string> valueOptions, IReadOnlySet<string> flagOptions)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(valueOptions);
        ArgumentNullException.ThrowIfNull(flagOptions);
        for (var i = 0; i < args.Count; i++)
        {
            var arg = args[i];
            var equals = arg.IndexOf('=', StringComparison.Ordinal);
            var name = equals > 0 ? arg[..equals] : arg;
            if (flagOptions.Contains(name) && equals < 0)
            {
                _flags.Add(name);
            }
            else if (valueOptions.Contains(name))
            {
                if (equals > 0)
                {
                    _values[name] = arg[(equals + 1)..];
                }
                else if (i + 1 < args.Count)
                {
                    _values[name] = args[++i];
                }
                else
                {
                    throw new UsageException($"{name} needs a value");
                }
            }
            else
            {
                throw new UsageException($"unknown option '{arg}'");
            }
        }
    }

    public bool Flag(string name) => _flags.Contains(name);

    public string? Value(string name) => _values.GetValueOrDefault(name);

    public string Value(string name, string fallback) => _values.GetValueOrDefault(name) ?? fallback;

    public double Double(string name, double fallback) => Value(name) is { } text
        ? double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name}: '{text}' is not a number")
        : fallback;

    public int Int(string name, int fallback) => Value(name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var value) ? value : throw new UsageException($"{name}: '{text}' is not a whole number")
        : fallback;

    /// <summary>A value of two comma-separated parts (<c>--processors A,B</c>).</summary>
    public (string First, string Second)? Pair(string name)
    {
        if (Value(name) is not { } text)
        {
            return null;
        }

        var parts = text.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries);
        return parts.Length == 2 ? (parts[0], parts[1]) : throw new UsageException($"{name} takes two values separated by a comma");
    }
}
