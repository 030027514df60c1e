using System.Net.Http.Headers;
using System.Text;

namespace Lyss.UserGrains.Gateway.Tracking;

/// <summary>Where tracking clients put the write key: HTTP Basic's user name (Segment, RudderStack).</summary>
public static class WriteKeyCredentials
{
    public static string? FromBasic(HttpRequest request)
    {
        if (!AuthenticationHeaderValue.TryParse(request.Headers.Authorization.ToString(), out var header)
            || !header.Scheme.Equals("Basic", StringComparison.OrdinalIgnoreCase) || header.Parameter is null)
        {
            return null;
        }

        try
        {
            var pair = Encoding.UTF8.GetString(Convert.FromBase64String(header.Parameter));
            var colon = pair.IndexOf(':', StringComparison.Ordinal);
            return colon < 0 ? pair : pair[..colon];
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
