using System.Net.Sockets;
using System.Text.Json;

namespace PayRelay.Bench.Up;

/// <summary>What <c>bench</c> and <c>ctl</c> need from the stack: send a control request, get the answer.</summary>
public interface IStackControl
{
    /// <summary>Where the channel is, for messages.</summary>
    string Address { get; }

    /// <summary>Sends <paramref name="request"/>; throws <see cref="ControlUnavailableException"/> when nothing answers.</summary>
    Task<ControlResponse> SendAsync(ControlRequest request, CancellationToken cancellationToken);
}

/// <summary>Nothing answers on the control channel.</summary>
public sealed class ControlUnavailableException : Exception
{
    public ControlUnavailableException()
    {
    }

    public ControlUnavailableException(string message)
        : base(message)
    {
    }

    public ControlUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}

/// <summary>The client side of <see cref="ControlServer"/>: one connection per request.</summary>
public sealed class ControlClient(string socketPath) : IStackControl
{
    private const int MaxResponseBytes = 1024 * 1024;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(10);

    public string Address => socketPath;

    public async Task<ControlResponse> SendAsync(ControlRequest request, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(Timeout);
        using var socket = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        try
        {
            await socket.ConnectAsync(new UnixDomainSocketEndPoint(socketPath), timeout.Token);
            await using var stream = new NetworkStream(socket, ownsSocket: false);
            var bytes = JsonSerializer.SerializeToUtf8Bytes(request, ControlJsonContext.Default.ControlRequest);
            await stream.WriteAsync(bytes, timeout.Token);
            await stream.WriteAsync("\n"u8.ToArray(), timeout.Token);
            var line = await ControlLines.ReadLineAsync(stream, MaxResponseBytes, timeout.Token);
            return JsonSerializer.Deserialize(line, ControlJsonContext.Default.ControlResponse)
                ?? throw new ControlUnavailableException($"up's control channel at {socketPath} answered nothing");
        }
        catch (Exception e) when (e is SocketException or IOException or JsonException or InvalidDataException
            || (e is OperationCanceledException && !cancellationToken.IsCancellationRequested))
        {
            throw new ControlUnavailableException(
                $"no `up` control channel answers at {socketPath} ({e.Message}): is `up` running on that port? Pass --control PATH to name it", e);
        }
    }
}
