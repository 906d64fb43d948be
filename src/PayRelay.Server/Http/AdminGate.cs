using System.Security.Cryptography;
using System.Text;

namespace PayRelay.Server.Http;

/// <summary>
/// The optional <c>ADMIN_TOKEN</c> in front of the calls that change or expose an instance's state on the public port
/// (<c>POST /purge-payments</c>, <c>GET /status</c>). Unset, every call passes, as the official tests expect. The token
/// is presented as <c>Authorization: Bearer &lt;token&gt;</c> or <c>X-Admin-Token: &lt;token&gt;</c> and compared as a
/// SHA-256 digest in constant time, so neither its content nor its length shows in how long a refusal takes.
/// </summary>
internal sealed class AdminGate(string? token)
{
    private static readonly byte[] Refusal = Responses.ErrorBody("this call needs the admin token: Authorization: Bearer <token>, or X-Admin-Token");

    private readonly byte[]? _digest = token is null ? null : SHA256.HashData(Encoding.UTF8.GetBytes(token));

    public bool Allows(HttpRequest request)
    {
        if (_digest is null)
        {
            return true;
        }

        return Matches(Bearer(request.Headers.Authorization.ToString())) || Matches(request.Headers["X-Admin-Token"].ToString());
    }

    /// <summary>401 with a JSON error and the scheme to use (RFC 9110 §11.6.1: a 401 names its challenge).</summary>
    public static Task Refuse(HttpContext context)
    {
        context.Response.Headers.WWWAuthenticate = "Bearer";
        return Responses.Bytes(context, StatusCodes.Status401Unauthorized, Refusal);
    }

    private static string Bearer(string authorization)
    {
        const string Scheme = "Bearer ";
        return authorization.StartsWith(Scheme, StringComparison.OrdinalIgnoreCase) ? authorization[Scheme.Length..].Trim() : string.Empty;
    }

    private bool Matches(string presented) =>
        presented.Length > 0 && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(presented)), _digest);
}
