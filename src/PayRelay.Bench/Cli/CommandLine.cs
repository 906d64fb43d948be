using System.Runtime.InteropServices;
using PayRelay.Bench.Up;

namespace PayRelay.Bench.Cli;

/// <summary>The entry point: picks the command and turns Ctrl-C and SIGTERM into cancellation.</summary>
public static class CommandLine
{
    public const int UsageError = 64;
    public const int Interrupted = 130;

    public static async Task<int> RunAsync(string[] args, TextWriter console)
    {
        ArgumentNullException.ThrowIfNull(args);
        ArgumentNullException.ThrowIfNull(console);
        using var stop = new CancellationTokenSource();

        // Started in the background by a shell, the process inherits SIGINT ignored: undone before the handler.
        Posix.StopIgnoringInterrupt();
        using var sigint = PosixSignalRegistration.Create(PosixSignal.SIGINT, Stop);
        using var sigterm = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Stop);
        try
        {
            var rest = args.Skip(1).ToArray();
            return args.FirstOrDefault() switch
            {
                "up" => await UpCommand.RunAsync(rest, console, stop.Token),
                "bench" => await BenchCommand.RunAsync(rest, console, stop.Token),
                "steady" => await SteadyCommand.RunAsync(rest, console, stop.Token),
                "relay-floor" => await RelayFloorCommand.RunAsync(rest, console, stop.Token),
                "ctl" => await ControlCommand.RunAsync(rest, console, stop.Token),
                null or "help" or "--help" or "-h" => await Help(console, 0),
                var other => throw new UsageException($"unknown command '{other}'"),
            };
        }
        catch (UsageException e)
        {
            await console.WriteLineAsync("error: " + e.Message);
            await console.WriteLineAsync();
            return await Help(console, UsageError);
        }
        catch (OperationCanceledException) when (stop.IsCancellationRequested)
        {
            await console.WriteLineAsync("interrupted");
            return Interrupted;
        }

        void Stop(PosixSignalContext context)
        {
            context.Cancel = true;
            stop.Cancel();
        }
    }

    private static async Task<int> Help(TextWriter console, int exitCode)
    {
        await console.WriteLineAsync(HelpText.Main);
        return exitCode;
    }
}
