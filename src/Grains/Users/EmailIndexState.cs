namespace Lyss.UserGrains.Grains.Users;

/// <summary>The owner of a unique key (the email index's and the external-id index's state; the alias is the first one's).</summary>
[GenerateSerializer, Alias("lyss.users.EmailIndexState")]
public sealed class EmailIndexState
{
    public const string StateName = "email-index";

    [Id(0)] public Guid? Owner { get; set; }
}
