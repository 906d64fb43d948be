using System.Text.RegularExpressions;

namespace PayRelay.Bench.Up;

/// <summary>
/// The balancer's command line for a native run. HAProxy reads deploy/haproxy.cfg as it is, with
/// the socket directory and listen address from the environment; nginx cannot read the
/// environment, so it gets a copy with the socket paths and port substituted.
/// </summary>
public static partial class LoadBalancerConfig
{
    public static ServiceSpec Haproxy(string executable, string configPath, string socketDirectory, int port) =>
        new("haproxy", executable, ["-f", configPath, "-db"], new Dictionary<string, string?>
        {
            ["SOCKET_DIR"] = socketDirectory,
            ["LB_BIND"] = ":" + port,
        });

    /// <summary>
    /// HAProxy for the shared-store deployment: a copy of <paramref name="configPath"/> in <paramref name="workDirectory"/>
    /// with one server line per instance (api1..apiN) in place of the file's own.
    /// </summary>
    public static ServiceSpec HaproxyFor(string executable, string configPath, string socketDirectory, int port, int instances, string workDirectory)
    {
        var copy = Path.Combine(workDirectory, "haproxy.cfg");
        File.WriteAllText(copy, RewriteHaproxyServers(File.ReadAllText(configPath), instances));
        return Haproxy(executable, copy, socketDirectory, port);
    }

    /// <summary>Replaces the <c>server apiK</c> lines with api1..api<paramref name="instances"/>, where the first of them was.</summary>
    public static string RewriteHaproxyServers(string config, int instances)
    {
        ArgumentNullException.ThrowIfNull(config);
        var lines = config.Split('\n').ToList();
        var first = lines.FindIndex(l => ServerLine().IsMatch(l));
        if (first < 0)
        {
            throw new InvalidOperationException("the HAProxy configuration has no 'server apiN' line to replace");
        }

        lines.RemoveAll(l => ServerLine().IsMatch(l));
        lines.InsertRange(first, Enumerable.Range(1, instances).Select(i => $"  server api{i} \"${{SOCKET_DIR-/sockets}}/api{i}.sock\""));
        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"^\s*server\s+api\d+\s")]
    private static partial Regex ServerLine();

    /// <summary>Writes the nginx copy into <paramref name="workDirectory"/> and returns how to run it.</summary>
    public static ServiceSpec Nginx(string executable, string configPath, string socketDirectory, int port, string workDirectory)
    {
        Directory.CreateDirectory(workDirectory);
        var copy = Path.Combine(workDirectory, "nginx.conf");
        File.WriteAllText(copy, RewriteNginx(File.ReadAllText(configPath), socketDirectory, port));
        var pid = Path.Combine(workDirectory, "nginx.pid");
        return new ServiceSpec("nginx", executable, ["-p", workDirectory + "/", "-c", copy, "-e", "stderr", "-g", $"daemon off; pid {pid};"], new Dictionary<string, string?>());
    }

    /// <summary>Points <c>/sockets/</c> at <paramref name="socketDirectory"/>, listens on <paramref name="port"/> and drops directives the command line sets.</summary>
    public static string RewriteNginx(string config, string socketDirectory, int port)
    {
        ArgumentNullException.ThrowIfNull(config);
        var text = config.Replace("unix:/sockets/", "unix:" + socketDirectory.TrimEnd('/') + "/", StringComparison.Ordinal);
        text = ListenPort().Replace(text, "${head}" + port);
        return TopLevelDirective().Replace(text, string.Empty);
    }

    [GeneratedRegex(@"(?<head>\blisten\s+(?:[^\s;:]+:)?)9999\b")]
    private static partial Regex ListenPort();

    [GeneratedRegex(@"(?m)^(?:daemon|pid|user)\s[^;]*;[ \t]*\r?\n?")]
    private static partial Regex TopLevelDirective();
}
