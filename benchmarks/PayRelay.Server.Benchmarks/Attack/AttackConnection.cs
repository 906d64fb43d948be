using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PayRelay.Server.Benchmarks.Attack;

/// <summary>One hostile connection: opened, given its kind's bytes, then held until the attack ends.</summary>
public sealed class AttackConnection : IDisposable
{
    private static readonly byte[] StalledPayment = Encoding.ASCII.GetBytes(
        "POST /payments HTTP/1.1\r\nHost: payrelay\r\nContent-Type: application/json\r\nContent-Length: 61440\r\n\r\n" + new string('x', 16 * 1024));

    private static readonly byte[] HealthCheck = "GET /healthz HTTP/1.1\r\nHost: payrelay\r\n\r\n"u8.ToArray();
    private static readonly byte[] SlowHead = "GET /healthz HTTP/1.1\r\nHost: payrelay\r\n"u8.ToArray();
    private static readonly byte[] SlowLine = Encoding.ASCII.GetBytes("X-Slow: " + new string('s', 1014) + "\r\n");

    private readonly Socket _socket;

    private AttackConnection(Socket socket) => _socket = socket;

    /// <summary>Whether the server still holds the connection (it may answer 503 at its limit, or 413, and close).</summary>
    public bool Open { get; private set; } = true;

    /// <summary>Opens a connection and does what <paramref name="kind"/> does first; retries while the listen queue is full.</summary>
    public static async Task<AttackConnection> OpenAsync(EndPoint target, AttackKind kind, CancellationToken cancellationToken)
    {
        for (var attempt = 0; ; attempt++)
        {
            var socket = target is UnixDomainSocketEndPoint
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(target.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                await socket.ConnectAsync(target, cancellationToken);
                var connection = new AttackConnection(socket);
                await connection.StartAsync(kind, cancellationToken);
                return connection;
            }
            catch (SocketException) when (attempt < 50)
            {
                socket.Dispose();
                await Task.Delay(20, cancellationToken);
            }
        }
    }

    /// <summary>One more header line of a slowloris head; a connection the server closed is noted and left.</summary>
    public async Task FeedAsync()
    {
        if (!Open)
        {
            return;
        }

        try
        {
            await _socket.SendAsync(SlowLine, SocketFlags.None);
        }
        catch (SocketException)
        {
            Open = false;
        }
    }

    /// <summary>Notes whether the server closed the connection (without waiting): readable with nothing to read is a close.</summary>
    public void Probe()
    {
        try
        {
            if (Open && _socket.Poll(0, SelectMode.SelectRead))
            {
                var scratch = new byte[4096];
                while (_socket.Available > 0)
                {
                    _ = _socket.Receive(scratch);
                }

                Open = !_socket.Poll(0, SelectMode.SelectRead) || _socket.Available > 0;
            }
        }
        catch (SocketException)
        {
            Open = false;
        }
    }

    public void Dispose() => _socket.Dispose();

    private async Task StartAsync(AttackKind kind, CancellationToken cancellationToken)
    {
        switch (kind)
        {
            case AttackKind.Stalled:
                await _socket.SendAsync(StalledPayment, SocketFlags.None, cancellationToken);
                break;
            case AttackKind.Idle:
                await _socket.SendAsync(HealthCheck, SocketFlags.None, cancellationToken);
                var answer = new byte[1024];
                _ = await _socket.ReceiveAsync(answer, SocketFlags.None, cancellationToken);
                break;
            default:
                await _socket.SendAsync(SlowHead, SocketFlags.None, cancellationToken);
                break;
        }
    }
}
