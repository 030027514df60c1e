namespace Lyss.UserGrains.Gateway.Auth;

/// <summary>A request body that names the users it acts for (checked by <see cref="Access.SubjectsOfBody"/>).</summary>
public interface IActivitySubjects
{
    IEnumerable<Guid> SubjectIds { get; }
}
