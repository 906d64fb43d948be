using System.Net.Sockets;
using System.Text;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// A byte-for-byte front for a PostgreSQL server's unix socket that can lose one answer. Armed with a piece of SQL, it
/// lets the next statement that contains it reach the server whole, waits until the server has finished it (its
/// ReadyForQuery, which the server sends only after the commit), then cuts the connection instead of passing the
/// answer on. The client sees what a network failure after a commit looks like: the connection drops while it waits,
/// and the rows are in the database. Nothing in the instance is hooked or told.
/// </summary>
public sealed class PostgresReplyCutter : IAsyncDisposable
{
    /// <summary>The server's ReadyForQuery message up to its status byte: type 'Z', length 5.</summary>
    private static readonly byte[] ReadyForQuery = [(byte)'Z', 0, 0, 0, 5];

    private readonly string _upstream;
    private readonly Socket _listener;
    private readonly List<Socket> _sockets = [];
    private readonly Task _accepting;
    private byte[]? _armed;
    private TaskCompletionSource _cut = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private PostgresReplyCutter(string upstreamDirectory, int port)
    {
        Port = port;
        Directory = System.IO.Directory.CreateTempSubdirectory("payrelay-pgcut-").FullName;
        _upstream = Path.Combine(upstreamDirectory, $".s.PGSQL.{port}");
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(Path.Combine(Directory, $".s.PGSQL.{port}")));
        _listener.Listen(64);
        _accepting = AcceptAsync();
    }

    /// <summary>Holds the front's socket, named as PostgreSQL names its own, so Npgsql reaches it as a server.</summary>
    public string Directory { get; }

    public int Port { get; }

    /// <summary>Fronts the server whose socket is in <paramref name="serverDirectory"/> under <paramref name="port"/>.</summary>
    public static PostgresReplyCutter Start(string serverDirectory, int port) => new(serverDirectory, port);

    /// <summary>An Npgsql connection string to <paramref name="database"/> through this front.</summary>
    public string ConnectionString(string database) => $"Host={Directory};Port={Port};Username=payrelay;Database={database};Pooling=true";

    /// <summary>Cuts the answer to the next statement that contains <paramref name="sql"/>; the task completes once it is cut.</summary>
    public Task CutReplyTo(string sql)
    {
        _cut = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        Volatile.Write(ref _armed, Encoding.UTF8.GetBytes(sql));
        return _cut.Task;
    }

    private async Task AcceptAsync()
    {
        while (true)
        {
            Socket client;
            try
            {
                client = await _listener.AcceptAsync();
            }
            catch (Exception e) when (e is SocketException or ObjectDisposedException)
            {
                return;
            }

            var server = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            lock (_sockets)
            {
                _sockets.Add(client);
                _sockets.Add(server);
            }

            _ = RelayAsync(client, server);
        }
    }

    private async Task RelayAsync(Socket client, Socket server)
    {
        try
        {
            await server.ConnectAsync(new UnixDomainSocketEndPoint(_upstream));
        }
        catch (SocketException)
        {
            client.Dispose();
            server.Dispose();
            return;
        }

        var link = new Link(client, server);
        await Task.WhenAll(ForwardRequestsAsync(link), ForwardAnswersAsync(link));
        client.Dispose();
        server.Dispose();
    }

    /// <summary>Client to server, whole; a statement that contains the armed SQL marks the link before it leaves.</summary>
    private async Task ForwardRequestsAsync(Link link)
    {
        var buffer = new byte[64 * 1024];
        var window = Array.Empty<byte>();
        try
        {
            int read;
            while ((read = await link.Client.ReceiveAsync(buffer)) > 0)
            {
                if (Volatile.Read(ref _armed) is { } armed)
                {
                    // The SQL may straddle two reads: look at the end of the last one too.
                    window = [.. window.AsSpan(Math.Max(0, window.Length - armed.Length)), .. buffer.AsSpan(0, read)];
                    if (window.AsSpan().IndexOf(armed) >= 0 && Interlocked.CompareExchange(ref _armed, null, armed) == armed)
                    {
                        link.Cutting = true;
                    }
                }

                await link.Server.SendAsync(buffer.AsMemory(0, read));
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other direction ended the link.
        }

        link.Close();
    }

    /// <summary>Server to client; on a marked link, the answer is held back up to its ReadyForQuery and the link cut there.</summary>
    private async Task ForwardAnswersAsync(Link link)
    {
        var buffer = new byte[64 * 1024];
        var held = new List<byte>();
        try
        {
            int read;
            while ((read = await link.Server.ReceiveAsync(buffer)) > 0)
            {
                if (!link.Cutting)
                {
                    await link.Client.SendAsync(buffer.AsMemory(0, read));
                    continue;
                }

                held.AddRange(buffer.AsSpan(0, read));
                if (held.Count > ReadyForQuery.Length && System.Runtime.InteropServices.CollectionsMarshal.AsSpan(held).IndexOf(ReadyForQuery) >= 0)
                {
                    link.Close();
                    _cut.TrySetResult();
                    return;
                }
            }
        }
        catch (Exception e) when (e is SocketException or ObjectDisposedException)
        {
            // The other direction ended the link.
        }

        link.Close();
    }

    public async ValueTask DisposeAsync()
    {
        _listener.Dispose();
        await _accepting;
        lock (_sockets)
        {
            foreach (var socket in _sockets)
            {
                socket.Dispose();
            }
        }

        System.IO.Directory.Delete(Directory, recursive: true);
    }

    private sealed class Link(Socket client, Socket server)
    {
        private volatile bool _cutting;

        public Socket Client { get; } = client;

        public Socket Server { get; } = server;

        public bool Cutting
        {
            get => _cutting;
            set => _cutting = value;
        }

        /// <summary>Both ends at once: the client sees its connection drop, the server sees its client gone.</summary>
        public void Close()
        {
            foreach (var socket in new[] { Client, Server })
            {
                try
                {
                    socket.Shutdown(SocketShutdown.Both);
                }
                catch (Exception e) when (e is SocketException or ObjectDisposedException)
                {
                    // Already down.
                }
            }
        }
    }
}
