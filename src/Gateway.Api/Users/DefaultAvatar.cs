using System.Security.Cryptography;
using System.Text;

namespace Lyss.UserGrains.Gateway.Users;

/// <summary>
/// A generated avatar for users without one: a symmetric 5×5 pattern and a colour, both from
/// the SHA-256 of the id, so it is stable and reveals nothing about the user.
/// </summary>
public static class DefaultAvatar
{
    public static string Svg(Guid userId)
    {
        var hash = SHA256.HashData(userId.ToByteArray());
        var hue = (hash[0] << 8 | hash[1]) % 360;
        var svg = new StringBuilder();
        svg.Append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 5 5\" width=\"128\" height=\"128\" shape-rendering=\"crispEdges\">");
        svg.Append("<rect width=\"5\" height=\"5\" fill=\"#f0f0f0\"/>");
        for (var row = 0; row < 5; row++)
        {
            for (var col = 0; col < 3; col++)
            {
                if ((hash[2 + (row * 3) + col] & 1) == 0)
                {
                    continue;
                }

                svg.Append($"<rect x=\"{col}\" y=\"{row}\" width=\"1\" height=\"1\" fill=\"hsl({hue},60%,45%)\"/>");
                if (col < 2)
                {
                    svg.Append($"<rect x=\"{4 - col}\" y=\"{row}\" width=\"1\" height=\"1\" fill=\"hsl({hue},60%,45%)\"/>");
                }
            }
        }

        return svg.Append("</svg>").ToString();
    }
}
