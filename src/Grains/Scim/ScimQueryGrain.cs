using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Scim;
using Orleans.Concurrency;

namespace Lyss.UserGrains.Grains.Scim;

/// <summary>SCIM's reads; a stateless worker so every silo answers locally.</summary>
[StatelessWorker]
public sealed class ScimQueryGrain(ScimStore store) : Grain, IScimQueryGrain
{
    public Task<ScimUserPage> ListUsersAsync(Guid tenantId, string? filter, int startIndex, int count)
    {
        ScimFilter? parsed;
        try
        {
            parsed = string.IsNullOrWhiteSpace(filter) ? null : ScimFilterParser.Parse(filter);
            // Translated once here so that an attribute nobody can filter on is refused before any query.
            if (parsed is not null)
            {
                ScimUserFilterSql.Translate(parsed, new Dapper.DynamicParameters());
            }
        }
        catch (ScimFilterException e)
        {
            // Domain errors cross the grain boundary; the SCIM routes answer this one as invalidFilter.
            throw new ValidationException("filter", e.Message) { Code = "invalidFilter" };
        }

        return store.ListUsersAsync(tenantId, parsed, startIndex, count);
    }

    public Task<bool> IsUserNameTakenAsync(Guid tenantId, string userName, Guid? except) => store.IsUserNameTakenAsync(tenantId, userName, except);
}
