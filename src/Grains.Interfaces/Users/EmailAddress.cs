namespace Lyss.UserGrains.Users;

public static class EmailAddress
{
    /// <summary>The form used for uniqueness: trimmed and lower-cased.</summary>
    public static string Normalize(string email) => email.Trim().ToLowerInvariant();

    public static string IndexKey(string email) => "email:" + Normalize(email);
}
