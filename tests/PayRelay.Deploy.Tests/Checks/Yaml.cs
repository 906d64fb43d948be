using System.Text.RegularExpressions;
using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>Small helpers over YamlDotNet's representation model, with compose's interpolation.</summary>
public static partial class Yaml
{
    [GeneratedRegex(@"\$\{(?<name>[A-Za-z_][A-Za-z0-9_]*)(?:(?<op>:?[-?])(?<default>[^}]*))?\}", RegexOptions.CultureInvariant)]
    private static partial Regex Variable();

    public static YamlNode? Child(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    public static YamlNode? At(YamlMappingNode node, params string[] path)
    {
        YamlNode? current = node;
        foreach (var key in path)
        {
            current = current is YamlMappingNode mapping ? Child(mapping, key) : null;
        }

        return current;
    }

    /// <summary>
    /// A scalar's text with compose interpolation resolved as if no variable were set in the
    /// shell: <c>${X:-d}</c> and <c>${X-d}</c> give d, <c>${X}</c> gives "".
    /// </summary>
    public static string Text(YamlNode? node) =>
        node is YamlScalarNode { Value: { } value } ? Interpolate(value) : "";

    public static string Interpolate(string value) =>
        Variable().Replace(value, m => m.Groups["op"].Value.EndsWith('-') ? m.Groups["default"].Value : "");

    /// <summary>A list given either as a sequence of scalars or as the keys of a mapping.</summary>
    public static IReadOnlyList<string> Names(YamlNode? node) => node switch
    {
        YamlSequenceNode sequence => [.. sequence.Children.Select(Text)],
        YamlMappingNode mapping => [.. mapping.Children.Keys.Select(Text)],
        _ => [],
    };

    public static bool IsTrue(YamlNode? node) => Text(node).Equals("true", StringComparison.OrdinalIgnoreCase);
}
