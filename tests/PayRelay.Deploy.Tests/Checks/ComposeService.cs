using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>One service of a compose file, with both the short and the long compose syntaxes read.</summary>
public sealed class ComposeService(string name, YamlMappingNode node)
{
    public string Name { get; } = name;

    public YamlMappingNode Node { get; } = node;

    public string? Scalar(params string[] path) => Yaml.At(Node, path) is YamlScalarNode scalar ? Yaml.Text(scalar) : null;

    public bool Has(params string[] path) => Yaml.At(Node, path) is not null;

    /// <summary><c>environment</c> as a mapping or as a list of <c>KEY=VALUE</c>.</summary>
    public IReadOnlyDictionary<string, string> Environment => Yaml.Child(Node, "environment") switch
    {
        YamlMappingNode mapping => mapping.Children.ToDictionary(p => Yaml.Text(p.Key), p => Yaml.Text(p.Value)),
        YamlSequenceNode sequence => sequence.Children.Select(Yaml.Text).Select(e => e.Split('=', 2))
            .ToDictionary(kv => kv[0], kv => kv.Length > 1 ? kv[1] : ""),
        _ => new Dictionary<string, string>(),
    };

    public IReadOnlyList<string> Networks => Yaml.Names(Yaml.Child(Node, "networks"));

    /// <summary>The profiles that start it; none for a service <c>docker compose up</c> starts by default.</summary>
    public IReadOnlyList<string> Profiles => Yaml.Names(Yaml.Child(Node, "profiles"));

    public IReadOnlyList<string> DependsOn => Yaml.Names(Yaml.Child(Node, "depends_on"));

    /// <summary>Published ports as (host port or null, container port).</summary>
    public IReadOnlyList<(string? Published, string Target)> Ports =>
        Yaml.Child(Node, "ports") is YamlSequenceNode ports ? [.. ports.Children.Select(ParsePort)] : [];

    /// <summary>Mounts as (source, target); a source starting with "." or "/" is a bind mount.</summary>
    public IReadOnlyList<(string Source, string Target)> Mounts =>
        Yaml.Child(Node, "volumes") is YamlSequenceNode volumes ? [.. volumes.Children.Select(ParseMount)] : [];

    private static (string? Published, string Target) ParsePort(YamlNode node)
    {
        if (node is YamlMappingNode mapping)
        {
            var published = Yaml.Text(Yaml.Child(mapping, "published"));
            return (published.Length == 0 ? null : published, Yaml.Text(Yaml.Child(mapping, "target")));
        }

        // [ip:]published:target[/protocol] or target alone.
        var parts = Yaml.Text(node).Split('/')[0].Split(':');
        return parts.Length == 1 ? (null, parts[0]) : (parts[^2], parts[^1]);
    }

    private static (string Source, string Target) ParseMount(YamlNode node)
    {
        if (node is YamlMappingNode mapping)
        {
            return (Yaml.Text(Yaml.Child(mapping, "source")), Yaml.Text(Yaml.Child(mapping, "target")));
        }

        var parts = Yaml.Text(node).Split(':');
        return parts.Length == 1 ? ("", parts[0]) : (parts[0], parts[1]);
    }
}
