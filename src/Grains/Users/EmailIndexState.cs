namespace Lyss.UserGrains.Grains.Users;

[GenerateSerializer, Alias("lyss.users.EmailIndexState")]
public sealed class EmailIndexState
{
    public const string StateName = "email-index";

    [Id(0)] public Guid? Owner { get; set; }
}
