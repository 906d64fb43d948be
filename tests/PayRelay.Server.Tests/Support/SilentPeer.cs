using System.Net.Sockets;

namespace PayRelay.Server.Tests.Support;

/// <summary>
/// A peer that is there but never answers: a unix socket that listens and never accepts, so connections
/// succeed (the kernel queues them) and requests wait forever. It stands for a peer that hangs.
/// </summary>
public sealed class SilentPeer : IDisposable
{
    private readonly Socket _listener;

    public SilentPeer(string socketPath)
    {
        SocketPath = socketPath;
        _listener = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
        _listener.Bind(new UnixDomainSocketEndPoint(socketPath));
        _listener.Listen(64);
    }

    public string SocketPath { get; }

    public string Url => "http://unix:" + SocketPath;

    public void Dispose()
    {
        _listener.Dispose();
        File.Delete(SocketPath);
    }
}
