using System.Net;
using System.Net.Sockets;

namespace PayRelay.Server.Tests.Support;

/// <summary>Two connected loopback TCP sockets: the server's end of an accepted connection and its client.</summary>
public sealed class SocketPair : IDisposable
{
    private SocketPair(Socket server, Socket client)
    {
        Server = server;
        Client = client;
    }

    public Socket Server { get; }

    public Socket Client { get; }

    public static async Task<SocketPair> OpenAsync()
    {
        using var listener = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        listener.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        listener.Listen(1);
        var client = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        var accepting = listener.AcceptAsync();
        await client.ConnectAsync(listener.LocalEndPoint!);
        return new SocketPair(await accepting, client);
    }

    public void Dispose()
    {
        Server.Dispose();
        Client.Dispose();
    }
}
