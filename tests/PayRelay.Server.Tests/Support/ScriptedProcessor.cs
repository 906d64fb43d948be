using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// A raw TCP stand-in for a processor: it reads each request (head and Content-Length body), records it, and
/// answers with the next scripted reply, written in the given pieces, then closes the connection if the reply
/// says so. It counts the connections it accepted, to show when a client reuses one.
/// </summary>
public sealed class ScriptedProcessor : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly Queue<ScriptedReply> _replies = new();
    private readonly List<string> _requests = [];
    private readonly List<Socket> _connections = [];
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _accepting;

    public ScriptedProcessor()
    {
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>A loopback port nobody listens on: one the system just handed out and took back.</summary>
    public static int UnusedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    public Uri Url => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    public int Accepted
    {
        get
        {
            lock (_requests)
            {
                return _connections.Count;
            }
        }
    }

    public IReadOnlyList<string> Requests
    {
        get
        {
            lock (_requests)
            {
                return [.. _requests];
            }
        }
    }

    /// <summary>Queues a reply: its pieces are written one by one with a flush between them.</summary>
    public void Reply(bool close, params string[] pieces)
    {
        lock (_requests)
        {
            _replies.Enqueue(new ScriptedReply(pieces, close, Silent: false));
        }
    }

    /// <summary>Queues a reply that never comes: the request is read and left unanswered, the connection open.</summary>
    public void Ignore()
    {
        lock (_requests)
        {
            _replies.Enqueue(new ScriptedReply([], Close: false, Silent: true));
        }
    }

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var socket = await _listener.AcceptSocketAsync(_stop.Token);
                lock (_requests)
                {
                    _connections.Add(socket);
                }

                _ = ServeAsync(socket);
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task ServeAsync(Socket socket)
    {
        var pending = new StringBuilder();
        var buffer = new byte[4096];
        try
        {
            while (true)
            {
                var request = await ReadRequestAsync(socket, pending, buffer);
                if (request is null)
                {
                    return;
                }

                ScriptedReply reply;
                lock (_requests)
                {
                    _requests.Add(request);
                    reply = _replies.Count > 0 ? _replies.Dequeue() : new ScriptedReply(["HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n"], false, false);
                }

                if (reply.Silent)
                {
                    continue;
                }

                foreach (var piece in reply.Pieces)
                {
                    await socket.SendAsync(Encoding.ASCII.GetBytes(piece), SocketFlags.None, _stop.Token);
                    await Task.Yield();
                }

                if (reply.Close)
                {
                    socket.Shutdown(SocketShutdown.Both);
                    socket.Close();
                    return;
                }
            }
        }
        catch (Exception e) when (e is OperationCanceledException or SocketException or ObjectDisposedException)
        {
        }
    }

    private async Task<string?> ReadRequestAsync(Socket socket, StringBuilder pending, byte[] buffer)
    {
        while (true)
        {
            var text = pending.ToString();
            var headEnd = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (headEnd >= 0)
            {
                var lengthLine = text[..headEnd].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
                var length = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
                if (text.Length >= headEnd + 4 + length)
                {
                    pending.Remove(0, headEnd + 4 + length);
                    return text[..(headEnd + 4 + length)];
                }
            }

            var read = await socket.ReceiveAsync(buffer, SocketFlags.None, _stop.Token);
            if (read == 0)
            {
                return null;
            }

            pending.Append(Encoding.ASCII.GetString(buffer, 0, read));
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        lock (_requests)
        {
            foreach (var socket in _connections)
            {
                socket.Dispose();
            }
        }

        _stop.Dispose();
    }

    private sealed record ScriptedReply(string[] Pieces, bool Close, bool Silent);
}
