using System.Diagnostics;
using System.Net.Sockets;

namespace PayRelay.Bench.Up;

public sealed partial class StackLauncher
{
    private async Task BuildAsync(string project, CancellationToken cancellationToken)
    {
        UpLog.Building(logger, Path.GetFileNameWithoutExtension(project));
        var info = new ProcessStartInfo(DotnetHost()) { UseShellExecute = false, RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var argument in new[] { "build", project, "-c", "Release", "--nologo", "-v", "q" })
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("could not run dotnet build");
        var output = process.StandardOutput.ReadToEndAsync(cancellationToken);
        var errors = process.StandardError.ReadToEndAsync(cancellationToken);
        await process.WaitForExitAsync(cancellationToken);
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet build {project} failed:{Environment.NewLine}{await output}{await errors}");
        }
    }

    private static void EnsurePortFree(int port)
    {
        using var probe = new TcpClient();
        try
        {
            probe.Connect("127.0.0.1", port);
        }
        catch (SocketException)
        {
            return;
        }

        throw new InvalidOperationException($"port {port} is already in use (another stack, or docker compose?); stop it or choose other ports");
    }

    private static void RequireFile(string path, string what)
    {
        if (!File.Exists(path))
        {
            throw new InvalidOperationException($"{what} is not built ({path} is missing): run without --no-build");
        }
    }

    private static string DotnetHost() =>
        Environment.ProcessPath is { } self && Path.GetFileNameWithoutExtension(self) == "dotnet"
            ? self
            : Dependencies.Find("dotnet") ?? "dotnet";
}
