using System.Diagnostics;

namespace PayRelay.LocalPostgres;

/// <summary>
/// Runs PostgreSQL's programs (<c>initdb</c>, <c>pg_ctl</c>, <c>psql</c>) from one bin directory, as the <c>postgres</c>
/// user when this process is root (through <c>runuser</c>). A program that fails, or runs longer than two minutes, is an
/// <see cref="InvalidOperationException"/> carrying what it printed; one that overruns or is cancelled is killed.
/// </summary>
internal sealed class ClusterTools(string bin, bool asPostgresUser)
{
    private static readonly TimeSpan Limit = TimeSpan.FromMinutes(2);

    /// <summary>As root, gives <paramref name="directory"/> to the <c>postgres</c> user, which the server runs as.</summary>
    public async Task TakeOwnershipAsync(string directory, CancellationToken cancellationToken)
    {
        if (asPostgresUser)
        {
            await RunProcessAsync("chown", ["postgres:postgres", directory], asPostgresUser: false, cancellationToken);
        }
    }

    /// <summary>Runs <paramref name="tool"/> from the bin directory; returns what it printed, trimmed.</summary>
    public Task<string> RunAsync(string tool, IReadOnlyList<string> arguments, CancellationToken cancellationToken) =>
        RunProcessAsync(Path.Combine(bin, tool), arguments, asPostgresUser, cancellationToken);

    private static async Task<string> RunProcessAsync(string executable, IReadOnlyList<string> arguments, bool asPostgresUser, CancellationToken cancellationToken)
    {
        var info = new ProcessStartInfo(asPostgresUser ? "runuser" : executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            WorkingDirectory = "/",
        };
        foreach (var argument in asPostgresUser ? ["-u", "postgres", "--", executable, .. arguments] : arguments)
        {
            info.ArgumentList.Add(argument);
        }

        var name = Path.GetFileName(executable);
        using var process = Process.Start(info) ?? throw new InvalidOperationException($"could not run {name}");
        process.StandardInput.Close();
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        limit.CancelAfter(Limit);
        try
        {
            await process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new InvalidOperationException($"{name} took longer than {Limit.TotalMinutes:0} minutes");
        }

        return process.ExitCode == 0
            ? (await stdout).Trim()
            : throw new InvalidOperationException($"{name} {string.Join(' ', arguments)} exited with {process.ExitCode}: {await stderr}{await stdout}");
    }
}
