using System.Net.Sockets;
using System.Text;
using System.Text.Json;

namespace PayRelay.Bench.Up;

/// <summary>
/// <c>up</c>'s control channel: a unix socket in its run directory (owner only), reached also through a link whose
/// name depends only on the balancer's port (<see cref="ControlPaths.ForPort"/>), so <c>ctl</c> and <c>bench</c> find it
/// from the address they are given. Each connection carries one JSON line each way.
/// </summary>
public sealed class ControlServer : IAsyncDisposable
{
    private const int MaxRequestBytes = 16 * 1024;
    private static readonly TimeSpan ConnectionTimeout = TimeSpan.FromSeconds(5);
    private readonly Socket _listener;
    private readonly Func<ControlRequest, ControlResponse> _handle;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    private ControlServer(Socket listener, string path, string? link, Func<ControlRequest, ControlResponse> handle)
    {
        _listener = listener;
        Path = path;
        Link = link;
        _handle = handle;
        _accepting = AcceptAsync();
    }

    /// <summary>The socket in the run directory.</summary>
    public string Path { get; }

    /// <summary>The link named after the port, or null when none was made.</summary>
    public string? Link { get; }

    /// <summary>Listens on <paramref name="path"/> and, when given, points <paramref name="link"/> at it (replacing a stale one).</summary>
    public static ControlServer Start(string path, string? link, Func<ControlRequest, ControlResponse> handle)
    {
        File.Delete(path);
        var listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            listener.Bind(new UnixDomainSocketEndPoint(path));
            listener.Listen(16);
            if (!OperatingSystem.IsWindows())
            {
                // Whoever may connect may kill the stack's processes: the owner only.
                File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite);
            }

            if (link is not null)
            {
                File.Delete(link);
                File.CreateSymbolicLink(link, path);
            }
        }
        catch
        {
            listener.Dispose();
            throw;
        }

        return new ControlServer(listener, path, link, handle);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Dispose();
        await _accepting;
        if (Link is not null && new FileInfo(Link).LinkTarget == Path)
        {
            File.Delete(Link);
        }

        File.Delete(Path);
        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                _ = ServeAsync(await _listener.AcceptAsync(_stop.Token));
            }
        }
        catch (Exception e) when (e is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // Stopped.
        }
    }

    private async Task ServeAsync(Socket client)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token);
        timeout.CancelAfter(ConnectionTimeout);
        await using var stream = new NetworkStream(client, ownsSocket: true);
        try
        {
            var line = await ControlLines.ReadLineAsync(stream, MaxRequestBytes, timeout.Token);
            ControlResponse response;
            try
            {
                response = line.Length == 0
                    ? ControlResponse.Failure("an empty request")
                    : JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlRequest) is { } request
                        ? _handle(request)
                        : ControlResponse.Failure("an empty request");
            }
            catch (JsonException e)
            {
                response = ControlResponse.Failure("not a control request: " + e.Message);
            }

            var bytes = JsonSerializer.SerializeToUtf8Bytes(response, ControlJsonContext.Default.ControlResponse);
            await stream.WriteAsync(bytes, timeout.Token);
            await stream.WriteAsync("\n"u8.ToArray(), timeout.Token);
        }
        catch (Exception e) when (e is OperationCanceledException or IOException or SocketException or InvalidDataException)
        {
            // The client went away, sent too much, or up stops.
        }
    }
}

/// <summary>The control channel's framing: one UTF-8 line of JSON.</summary>
internal static class ControlLines
{
    public static async Task<string> ReadLineAsync(Stream stream, int maxBytes, CancellationToken cancellationToken)
    {
        var buffer = new byte[maxBytes];
        var filled = 0;
        while (true)
        {
            var newline = Array.IndexOf(buffer, (byte)'\n', 0, filled);
            if (newline >= 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, newline);
            }

            if (filled == buffer.Length)
            {
                throw new InvalidDataException($"a line longer than {maxBytes} bytes");
            }

            var read = await stream.ReadAsync(buffer.AsMemory(filled), cancellationToken);
            if (read == 0)
            {
                return Encoding.UTF8.GetString(buffer, 0, filled);
            }

            filled += read;
        }
    }
}
