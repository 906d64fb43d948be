using YamlDotNet.RepresentationModel;

namespace PayRelay.Deploy.Tests.Checks;

/// <summary>
/// A docker compose file read with YamlDotNet's representation model. The tree is live: tests
/// mutate <see cref="Root"/> and check the result again.
/// </summary>
public sealed class ComposeFile
{
    private ComposeFile(YamlMappingNode root, string directory, string path)
    {
        Root = root;
        Directory = directory;
        Path = path;
    }

    public YamlMappingNode Root { get; }

    /// <summary>The folder relative paths in the file (build context, bind mounts) start from.</summary>
    public string Directory { get; }

    public string Path { get; }

    public static ComposeFile Load(string path) =>
        Parse(File.ReadAllText(path), System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(path))!, path);

    public static ComposeFile Parse(string yaml, string directory, string path = "(inline)")
    {
        var stream = new YamlStream();
        using var reader = new StringReader(yaml);
        stream.Load(reader);
        if (stream.Documents.Count != 1 || stream.Documents[0].RootNode is not YamlMappingNode root)
        {
            throw new FormatException($"{path}: expected one YAML document whose root is a mapping");
        }

        return new ComposeFile(root, directory, path);
    }

    /// <summary>
    /// The services <c>docker compose up</c> starts: those in no profile. The challenge's rules and limits apply to
    /// these; a profile's services (monitoring) start only when asked for.
    /// </summary>
    public IReadOnlyList<ComposeService> Services => [.. AllServices.Where(s => s.Profiles.Count == 0)];

    /// <summary>Every service, those of every profile included.</summary>
    public IReadOnlyList<ComposeService> AllServices =>
        Yaml.Child(Root, "services") is YamlMappingNode services
            ? [.. services.Children.Select(pair => new ComposeService(Yaml.Text(pair.Key), pair.Value as YamlMappingNode ?? []))]
            : [];

    /// <summary>The services a profile adds.</summary>
    public IReadOnlyList<ComposeService> Profile(string profile) => [.. AllServices.Where(s => s.Profiles.Contains(profile))];

    /// <summary>The services that run PayRelay.Server: those given an <c>INSTANCE_ID</c>.</summary>
    public IReadOnlyList<ComposeService> Instances => [.. Services.Where(s => s.Environment.ContainsKey("INSTANCE_ID"))];

    /// <summary>Every other service: the load balancer.</summary>
    public IReadOnlyList<ComposeService> Balancers => [.. Services.Where(s => !s.Environment.ContainsKey("INSTANCE_ID"))];

    public ComposeService Service(string name) =>
        AllServices.FirstOrDefault(s => s.Name == name) ?? throw new KeyNotFoundException($"{Path}: no service {name}");

    /// <summary>A top-level entry such as <c>networks.backend</c>; an entry without a body is an empty scalar.</summary>
    public YamlNode? TopLevel(string section, string name) =>
        Yaml.Child(Root, section) is YamlMappingNode mapping ? Yaml.Child(mapping, name) : null;

    /// <summary>The unix socket path each instance listens on, by service name (null: not a unix socket URL).</summary>
    public IReadOnlyDictionary<string, string?> InstanceSockets =>
        Instances.ToDictionary(s => s.Name, s => SocketPathOf(s.Environment.GetValueOrDefault("ASPNETCORE_URLS")));

    public static string? SocketPathOf(string? url)
    {
        const string Prefix = "http://unix:";
        return url is not null && url.StartsWith(Prefix, StringComparison.Ordinal) && url.Length > Prefix.Length && url[Prefix.Length] == '/'
            ? url[Prefix.Length..]
            : null;
    }
}
