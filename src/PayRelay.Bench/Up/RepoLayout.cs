namespace PayRelay.Bench.Up;

/// <summary>Where <c>up</c> finds what it starts, relative to the repository root.</summary>
public sealed record RepoLayout(string Root)
{
    public string EmulatorProject => Path.Combine(Root, "src", "PayRelay.ProcessorEmulator", "PayRelay.ProcessorEmulator.csproj");

    public string ServerProject => Path.Combine(Root, "src", "PayRelay.Server", "PayRelay.Server.csproj");

    public string EmulatorDll => Path.Combine(Root, "src", "PayRelay.ProcessorEmulator", "bin", "Release", "net10.0", "PayRelay.ProcessorEmulator.dll");

    public string ServerDll => Path.Combine(Root, "src", "PayRelay.Server", "bin", "Release", "net10.0", "PayRelay.Server.dll");

    /// <summary>The server to start: the one in <paramref name="serverDirectory"/> when given, else the Release build.</summary>
    public string ServerDllIn(string? serverDirectory) =>
        serverDirectory is null ? ServerDll : Path.Combine(Path.GetFullPath(serverDirectory), "PayRelay.Server.dll");

    public string HaproxyConfig => Path.Combine(Root, "deploy", "haproxy.cfg");

    /// <summary>The balancer of the shared-store deployment: round-robin, its server lines generated for the instances.</summary>
    public string PostgresHaproxyConfig => Path.Combine(Root, "deploy", "haproxy.postgres.cfg");

    /// <summary>The limits and environment of the shared-store deployment (<c>--store postgres --limits</c>).</summary>
    public string PostgresCompose => Path.Combine(Root, "deploy", "docker-compose.postgres.yml");

    public string NginxConfig => Path.Combine(Root, "deploy", "nginx.conf");

    /// <summary>The compose file whose limits and environment match the balancer in use.</summary>
    public string ComposeFor(string loadBalancer)
    {
        var nginx = Path.Combine(Root, "deploy", "docker-compose.nginx.yml");
        return loadBalancer == "nginx" && File.Exists(nginx) ? nginx : Path.Combine(Root, "deploy", "docker-compose.yml");
    }

    /// <summary>The repository holding PayRelay.slnx: <paramref name="explicitRoot"/>, or the first one up from the working directory or from this program.</summary>
    public static RepoLayout Find(string? explicitRoot)
    {
        if (explicitRoot is not null)
        {
            return File.Exists(Path.Combine(explicitRoot, "PayRelay.slnx"))
                ? new RepoLayout(Path.GetFullPath(explicitRoot))
                : throw new InvalidOperationException($"{explicitRoot} holds no PayRelay.slnx");
        }

        foreach (var start in new[] { Directory.GetCurrentDirectory(), AppContext.BaseDirectory })
        {
            for (var dir = new DirectoryInfo(start); dir is not null; dir = dir.Parent)
            {
                if (File.Exists(Path.Combine(dir.FullName, "PayRelay.slnx")))
                {
                    return new RepoLayout(dir.FullName);
                }
            }
        }

        throw new InvalidOperationException("cannot find the PayRelay repository (PayRelay.slnx): run from inside it or pass --repo DIR");
    }
}
