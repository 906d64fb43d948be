using System.Net;
using System.Net.Sockets;
using System.Text;

namespace PayRelay.Deploy.Tests.Live;

/// <summary>
/// Sends a request with the path exactly as written: HttpClient would normalise dot segments and
/// escapes, which are the tricks a deny rule must withstand.
/// </summary>
public static class RawHttp
{
    public static async Task<int> StatusAsync(int port, string method, string path)
    {
        using var client = new TcpClient();
        await client.ConnectAsync(IPAddress.Loopback, port);
        var stream = client.GetStream();
        var body = method == "POST" ? "{}" : "";
        var request = $"{method} {path} HTTP/1.1\r\nHost: payrelay\r\nContent-Type: application/json\r\nContent-Length: {body.Length}\r\nConnection: close\r\n\r\n{body}";
        await stream.WriteAsync(Encoding.ASCII.GetBytes(request));
        using var reader = new StreamReader(stream, Encoding.ASCII);
        var statusLine = await reader.ReadLineAsync() ?? "";
        var parts = statusLine.Split(' ');
        return parts.Length > 1 && int.TryParse(parts[1], out var status) ? status : throw new InvalidDataException($"no HTTP status line: '{statusLine}'");
    }
}
