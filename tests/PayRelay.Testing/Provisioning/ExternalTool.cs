namespace PayRelay.Testing.Provisioning;

/// <summary>A program some tests drive (a balancer, a browser, a database), and the Debian package that brings it.</summary>
/// <param name="Name">What tests ask for, e.g. <c>haproxy</c>.</param>
/// <param name="Package">The Debian package that installs it.</param>
/// <param name="Candidates">Where its executable may be: bare names are looked up on PATH and the sbin folders,
/// absolute paths taken as they are, a <c>*</c> in a path matches one folder (PostgreSQL's versioned folder).</param>
public sealed record ExternalTool(string Name, string Package, IReadOnlyList<string> Candidates)
{
    public static readonly ExternalTool Haproxy = new("haproxy", "haproxy", ["haproxy"]);

    public static readonly ExternalTool Nginx = new("nginx", "nginx-light", ["nginx"]);

    public static readonly ExternalTool Chromium = new("chromium", "chromium", ["chromium", "chromium-browser"]);

    public static readonly ExternalTool Prometheus = new("prometheus", "prometheus", ["prometheus"]);

    /// <summary>The server binary; Debian keeps it in a versioned folder off PATH.</summary>
    public static readonly ExternalTool PostgreSql = new("postgresql", "postgresql", ["/usr/lib/postgresql/*/bin/postgres", "postgres"]);

    public static IReadOnlyList<ExternalTool> All { get; } = [Haproxy, Nginx, Chromium, Prometheus, PostgreSql];

    public static ExternalTool Named(string name) =>
        All.FirstOrDefault(t => t.Name == name) ?? throw new ArgumentException($"no tool named '{name}': known are {string.Join(", ", All.Select(t => t.Name))}", nameof(name));

    private static readonly string[] ExtraDirectories = ["/usr/sbin", "/usr/local/sbin", "/sbin", "/usr/bin", "/usr/local/bin"];

    /// <summary>The executable's full path on this machine, or null.</summary>
    public string? Locate()
    {
        foreach (var candidate in Candidates)
        {
            var found = candidate.StartsWith('/') ? Expand(candidate) : OnPath(candidate);
            if (found is not null)
            {
                return found;
            }
        }

        return null;
    }

    private static string? OnPath(string executable) =>
        (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries)
            .Concat(ExtraDirectories)
            .Select(dir => Path.Combine(dir, executable))
            .FirstOrDefault(File.Exists);

    private static string? Expand(string pattern)
    {
        var star = pattern.IndexOf('*', StringComparison.Ordinal);
        if (star < 0)
        {
            return File.Exists(pattern) ? pattern : null;
        }

        var parent = Path.GetDirectoryName(pattern[..star])!;
        var rest = pattern[(pattern.IndexOf('/', star) + 1)..];
        return Directory.Exists(parent)
            ? Directory.GetDirectories(parent).Order(StringComparer.Ordinal).Reverse().Select(dir => Path.Combine(dir, rest)).FirstOrDefault(File.Exists)
            : null;
    }
}
