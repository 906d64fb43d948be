using System.Globalization;
using PayRelay.Bench.Http;
using PayRelay.LocalPostgres;

namespace PayRelay.Bench.Up;

/// <summary>
/// <c>up</c>: the topology of docker-compose.yml as native processes (two emulated processors, two
/// instances on unix sockets, the balancer on the public port), kept in the foreground until
/// stopped, then everything it started is stopped in reverse order. Once the stack is up, a
/// service that exits is started again and the rest stays up; the control channel kills or
/// restarts one on purpose.
/// </summary>
public sealed partial class StackLauncher(UpOptions options, TextWriter console, ILogger logger, TimeProvider time)
{
    private readonly Supervisor _supervisor = new(time, logger);
    private readonly List<CgroupV1> _groups = [];
    private DirectoryInfo? _workDirectory;
    private LocalCluster? _postgres;

    /// <summary>Starts the stack and supervises it until stopped; returns the exit code.</summary>
    public async Task<int> RunAsync(CancellationToken stop)
    {
        var exitCode = 0;
        ControlServer? control = null;
        try
        {
            await StartAsync(stop);
            _supervisor.Watch();
            control = ControlServer.Start(Path.Combine(_workDirectory!.FullName, "control.sock"), ControlPaths.ForPort(options.Port), _supervisor.Handle);
            UpLog.ControlListening(logger, control.Path, control.Link!);
            PrintReady(control);
            await Task.Delay(Timeout.Infinite, stop);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
        }
        catch (Exception e) when (e is InvalidOperationException or IOException or UnauthorizedAccessException)
        {
            await console.WriteLineAsync("up: " + e.Message);
            exitCode = 1;
        }
        finally
        {
            if (control is not null)
            {
                await control.DisposeAsync();
            }

            await StopAllAsync(keepLogs: exitCode != 0 || options.KeepLogs);
        }

        return exitCode;
    }

    private async Task StopAllAsync(bool keepLogs)
    {
        await _supervisor.StopAllAsync();
        if (_postgres is { } postgres)
        {
            // After the instances, which drain into it.
            _postgres = null;
            try
            {
                await postgres.StopAsync();
            }
            catch (InvalidOperationException e)
            {
                await console.WriteLineAsync("up: stopping PostgreSQL: " + e.Message);
            }
        }
        foreach (var group in _groups)
        {
            group.Dispose();
        }

        _groups.Clear();
        if (_workDirectory is { } dir)
        {
            if (keepLogs)
            {
                await console.WriteLineAsync($"logs kept in {Path.Combine(dir.FullName, "logs")}");
            }
            else
            {
                dir.Delete(recursive: true);
            }
        }
    }

    private static string Invariant(decimal value) => value.ToString(CultureInfo.InvariantCulture);

    private static ServiceEndpoint Local(int port) => ServiceEndpoint.Parse($"http://127.0.0.1:{port}");
}
