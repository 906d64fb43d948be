using System.Globalization;
using YamlDotNet.RepresentationModel;

namespace PayRelay.Bench.Up;

/// <summary>A service's CPU and memory limits (<c>deploy.resources.limits</c>); null where not set.</summary>
public sealed record ServiceLimits(decimal? Cpus, long? MemoryBytes, string? MemoryText);

/// <summary>
/// What <c>up</c> reads from docker-compose.yml: each service's limits and environment. Read with
/// YamlDotNet's representation model, which needs no reflection.
/// </summary>
public sealed class ComposeFile
{
    private readonly YamlMappingNode _services;

    private ComposeFile(YamlMappingNode services) => _services = services;

    public static ComposeFile Load(string path)
    {
        using var reader = new StreamReader(path);
        return Parse(reader);
    }

    public static ComposeFile Parse(TextReader reader)
    {
        var stream = new YamlStream();
        stream.Load(reader);
        if (stream.Documents.Count == 0 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException("the compose file is empty");
        }

        return root.Children.TryGetValue(new YamlScalarNode("services"), out var services) && services is YamlMappingNode map
            ? new ComposeFile(map)
            : throw new FormatException("the compose file has no services");
    }

    public IEnumerable<string> ServiceNames => _services.Children.Keys.OfType<YamlScalarNode>().Select(k => k.Value ?? string.Empty);

    public ServiceLimits Limits(string service)
    {
        var limits = Walk(service, "deploy", "resources", "limits") as YamlMappingNode;
        var cpus = Scalar(limits, "cpus");
        var memory = Scalar(limits, "memory");
        return new ServiceLimits(
            cpus is null ? null : decimal.Parse(cpus, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture),
            memory is null ? null : MemorySize.ParseBytes(memory),
            memory);
    }

    /// <summary>The service's environment, list or mapping form, with compose's <c>${VAR:-default}</c> expanded.</summary>
    public IReadOnlyDictionary<string, string> Environment(string service, Func<string, string?> lookup)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        switch (Walk(service, "environment"))
        {
            case YamlMappingNode map:
                foreach (var (key, value) in map.Children)
                {
                    result[((YamlScalarNode)key).Value ?? string.Empty] = ComposeInterpolation.Expand((value as YamlScalarNode)?.Value ?? string.Empty, lookup);
                }

                break;
            case YamlSequenceNode list:
                foreach (var item in list.Children.OfType<YamlScalarNode>())
                {
                    var text = item.Value ?? string.Empty;
                    var equals = text.IndexOf('=', StringComparison.Ordinal);
                    if (equals > 0)
                    {
                        result[text[..equals]] = ComposeInterpolation.Expand(text[(equals + 1)..], lookup);
                    }
                }

                break;
        }

        return result;
    }

    /// <summary>
    /// The PostgreSQL server settings in the service's <c>command</c> (each <c>-c name=value</c> of the list form), in
    /// order; none when the service runs without a command list.
    /// </summary>
    public IReadOnlyList<string> ServerSettings(string service)
    {
        var settings = new List<string>();
        if (Walk(service, "command") is YamlSequenceNode command)
        {
            var items = command.Children.OfType<YamlScalarNode>().Select(n => n.Value ?? string.Empty).ToList();
            for (var i = 0; i < items.Count; i++)
            {
                if (items[i] == "-c" && i + 1 < items.Count && items[i + 1].Contains('=', StringComparison.Ordinal))
                {
                    settings.Add(items[++i]);
                }
                else if (items[i].StartsWith("-c", StringComparison.Ordinal) && items[i].Length > 2 && items[i].Contains('=', StringComparison.Ordinal))
                {
                    settings.Add(items[i][2..]);
                }
            }
        }

        return settings;
    }

    private YamlNode? Walk(string service, params string[] path)
    {
        if (!_services.Children.TryGetValue(new YamlScalarNode(service), out var node))
        {
            return null;
        }

        foreach (var key in path)
        {
            if (node is not YamlMappingNode map || !map.Children.TryGetValue(new YamlScalarNode(key), out node))
            {
                return null;
            }
        }

        return node;
    }

    private static string? Scalar(YamlMappingNode? map, string key) =>
        map is not null && map.Children.TryGetValue(new YamlScalarNode(key), out var node) && node is YamlScalarNode scalar ? scalar.Value : null;
}
