using System.Globalization;
using System.Net;
using System.Net.Sockets;
using PayRelay.Server.Net;

namespace PayRelay.Server.Http.Wire;

public sealed partial class WireServer
{
    /// <summary>Where the server listens when no URL is given, as Kestrel does.</summary>
    public const string DefaultUrl = "http://localhost:5000";

    /// <summary>
    /// The endpoints one <c>--urls</c> entry names, the way Kestrel reads them: <c>http://unix:/path.sock</c>; an IP
    /// address; <c>localhost</c> (the loopback addresses); <c>*</c>, <c>+</c> or any other host name (every
    /// interface). Port 0 takes a free port. Only plain <c>http://</c> is served.
    /// </summary>
    internal static IReadOnlyList<EndPoint> EndPoints(string url)
    {
        if (Http1Client.TryUnixSocketPath(url, out var socketPath))
        {
            return [new UnixDomainSocketEndPoint(socketPath)];
        }

        const string scheme = "http://";
        if (!url.StartsWith(scheme, StringComparison.OrdinalIgnoreCase))
        {
            throw new InvalidOperationException($"cannot listen on {url}: PayRelay.Server serves plain http:// (TCP or http://unix:/path.sock) only");
        }

        var authority = url[scheme.Length..];
        var slash = authority.IndexOf('/');
        if (slash >= 0)
        {
            if (authority[slash..] != "/")
            {
                throw new InvalidOperationException($"cannot listen on {url}: a listening URL has no path");
            }

            authority = authority[..slash];
        }

        var colon = authority.LastIndexOf(':');
        if (colon <= 0 || colon < authority.LastIndexOf(']')
            || !int.TryParse(authority[(colon + 1)..], NumberStyles.None, CultureInfo.InvariantCulture, out var port) || port > IPEndPoint.MaxPort)
        {
            throw new InvalidOperationException($"cannot listen on {url}: it names no port (http://host:port)");
        }

        var host = authority[..colon].Trim('[', ']');
        if (IPAddress.TryParse(host, out var address))
        {
            return [new IPEndPoint(address, port)];
        }

        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            // A free port is free on one address, not necessarily on both.
            return port == 0 || !Socket.OSSupportsIPv6
                ? [new IPEndPoint(IPAddress.Loopback, port)]
                : [new IPEndPoint(IPAddress.Loopback, port), new IPEndPoint(IPAddress.IPv6Loopback, port)];
        }

        return [new IPEndPoint(Socket.OSSupportsIPv6 ? IPAddress.IPv6Any : IPAddress.Any, port)];
    }

    /// <summary>Binds and listens on every endpoint <paramref name="url"/> names.</summary>
    private List<Listener> Bind(string url)
    {
        var bound = new List<Listener>();
        try
        {
            foreach (var endpoint in EndPoints(url))
            {
                try
                {
                    bound.Add(Listener.Open(endpoint));
                }
                catch (IOException e) when (bound.Count > 0 && endpoint is IPEndPoint { Address: var address } && address.Equals(IPAddress.IPv6Loopback))
                {
                    // As Kestrel does for localhost: the IPv4 loopback is enough (a container may have no IPv6 loopback).
                    Log.LoopbackSkipped(_logger, url, e.Message);
                }
            }
        }
        catch
        {
            foreach (var listener in bound)
            {
                listener.Close();
            }

            throw;
        }

        return bound;
    }

    /// <summary>One listening socket and the URL it is reported under; a unix socket's file goes with it.</summary>
    private sealed class Listener(Socket socket, string url, string? socketPath)
    {
        private int _closed;

        public Socket Socket { get; } = socket;

        public string Url { get; } = url;

        public static Listener Open(EndPoint endpoint)
        {
            var unix = endpoint is UnixDomainSocketEndPoint;
            var path = unix ? endpoint.ToString()! : null;
            if (path is not null)
            {
                RemoveStaleSocket(path);
            }

            var socket = unix
                ? new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified)
                : new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            try
            {
                if (endpoint is IPEndPoint { Address: var any } && any.Equals(IPAddress.IPv6Any))
                {
                    socket.DualMode = true;
                }

                socket.Bind(endpoint);
                socket.Listen(512);
                var url = path is not null ? "http://unix:" + path : "http://" + socket.LocalEndPoint;
                return new Listener(socket, url, path);
            }
            catch (SocketException e)
            {
                socket.Dispose();
                throw new IOException($"cannot listen on {endpoint}: {e.Message}", e);
            }
        }

        public void Close()
        {
            if (Interlocked.Exchange(ref _closed, 1) == 1)
            {
                return;
            }

            Socket.Dispose();
            if (socketPath is not null)
            {
                File.Delete(socketPath);
            }
        }

        /// <summary>
        /// A socket file nobody listens on (left by a process that died) is removed; one in use, or a file that is not
        /// empty (a socket's size is always 0), is left for the bind to fail on.
        /// </summary>
        private static void RemoveStaleSocket(string path)
        {
            if (!File.Exists(path) || new FileInfo(path).Length != 0)
            {
                return;
            }

            using var probe = new Socket(AddressFamily.Unix, SocketType.Stream, ProtocolType.Unspecified);
            try
            {
                probe.Connect(new UnixDomainSocketEndPoint(path));
            }
            catch (SocketException e) when (e.SocketErrorCode == SocketError.ConnectionRefused)
            {
                File.Delete(path);
                return;
            }

            throw new IOException($"cannot listen on {path}: another process is listening there");
        }
    }
}
