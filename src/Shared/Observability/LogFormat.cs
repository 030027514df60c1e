namespace Lyss.UserGrains.Hosting;

/// <summary>How a host writes its console log.</summary>
public enum LogFormat
{
    /// <summary>.NET's plain console lines, for people.</summary>
    Text,

    /// <summary>One JSON object per line with its scopes (trace, span, tenant), for log collectors.</summary>
    Json,
}
