namespace Lyss.UserGrains.Grains.Storage;

/// <summary>Names shared by the grains and the silo that configures their storage.</summary>
public static class LyssStorage
{
    /// <summary>The ADO.NET grain storage provider on PostgreSQL.</summary>
    public const string ProviderName = "lyss";
}
