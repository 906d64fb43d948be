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

    /// <summary>A YAML file whose root is a mapping (a configuration file).</summary>
    public static YamlMappingNode Load(string path)
    {
        var stream = new YamlStream();
        using var reader = new StreamReader(path);
        stream.Load(reader);
        return stream.Documents.Single().RootNode as YamlMappingNode ?? throw new FormatException($"{path}: the root is not a mapping");
    }

    /// <summary>A node written back as YAML, to compare two nodes whole.</summary>
    public static string Serialize(YamlNode node)
    {
        using var writer = new StringWriter();
        new YamlStream(new YamlDocument(node)).Save(writer, assignAnchors: false);
        return writer.ToString();
    }

    public static bool IsTrue(YamlNode? node) => Text(node).Equals("true", StringComparison.OrdinalIgnoreCase);
}
