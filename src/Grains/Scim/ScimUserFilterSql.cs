using System.Globalization;
using System.Text;
using System.Text.Json;
using Dapper;
using Lyss.UserGrains.Scim;

namespace Lyss.UserGrains.Grains.Scim;

/// <summary>
/// A SCIM filter over Users as a SQL condition on <c>tenant_members m JOIN users u</c>, with every value a
/// parameter. Each filterable attribute maps to an indexed expression; case-insensitive attributes
/// (userName, emails, displayName) compare lower-cased, as their indexes are built. An attribute
/// without a value matches no operator (SQL's NULL), and is made false under <c>not</c>.
/// </summary>
public sealed class ScimUserFilterSql
{
    private enum Kind { Text, CaseExactText, Boolean, Time, Constant }

    private readonly record struct Column(string Sql, Kind Kind);

    private const string CoreUser = "urn:ietf:params:scim:schemas:core:2.0:user";

    // emails is single-valued here: the user's one address, of type "work", primary.
    private static readonly Dictionary<string, Column> Columns = new(StringComparer.Ordinal)
    {
        ["id"] = new("m.user_id::text", Kind.CaseExactText),
        ["externalid"] = new("m.external_id", Kind.CaseExactText),
        ["username"] = new("lower(coalesce(m.scim_user_name, m.email))", Kind.Text),
        ["emails"] = new("lower(m.email)", Kind.Text),
        ["emails.value"] = new("lower(m.email)", Kind.Text),
        ["emails.type"] = new("'work'", Kind.Constant),
        ["emails.primary"] = new("true", Kind.Boolean),
        ["displayname"] = new("lower(m.name)", Kind.Text),
        ["name.formatted"] = new("lower(m.name)", Kind.Text),
        ["active"] = new("(m.user_status = 'active')", Kind.Boolean),
        ["meta.created"] = new("m.user_created_at", Kind.Time),
        ["meta.lastmodified"] = new("u.updated_at", Kind.Time),
    };

    private readonly DynamicParameters _parameters;
    private int _next;

    private ScimUserFilterSql(DynamicParameters parameters) => _parameters = parameters;

    /// <summary>The condition for <paramref name="filter"/>, adding its values to <paramref name="parameters"/>.</summary>
    public static string Translate(ScimFilter filter, DynamicParameters parameters) => new ScimUserFilterSql(parameters).Condition(filter, null);

    private string Condition(ScimFilter filter, string? multiValued) => filter switch
    {
        ScimFilter.And and => $"({Condition(and.Left, multiValued)} AND {Condition(and.Right, multiValued)})",
        ScimFilter.Or or => $"({Condition(or.Left, multiValued)} OR {Condition(or.Right, multiValued)})",
        ScimFilter.Not not => $"(NOT coalesce({Condition(not.Inner, multiValued)}, false))",
        ScimFilter.ValuePath valuePath when multiValued is null => Condition(valuePath.Inner, Key(valuePath.Path, null)),
        ScimFilter.Present present => Present(ColumnOf(present.Path, multiValued)),
        ScimFilter.Compare compare => Compare(ColumnOf(compare.Path, multiValued), compare),
        _ => throw new ScimFilterException("A value path inside a value path."),
    };

    private static string Key(ScimAttributePath path, string? multiValued)
    {
        if (path.Schema is not null && path.Schema != CoreUser)
        {
            throw new ScimFilterException($"{path} is not filterable here (attributes of {CoreUser} only).");
        }

        var key = path.SubAttribute is null ? path.Attribute : $"{path.Attribute}.{path.SubAttribute}";
        return multiValued is null ? key : $"{multiValued}.{key}";
    }

    private static Column ColumnOf(ScimAttributePath path, string? multiValued) =>
        Columns.TryGetValue(Key(path, multiValued), out var column)
            ? column
            : throw new ScimFilterException($"{path} is not a filterable attribute of User (id, externalId, userName, emails, displayName, name.formatted, active, meta.created, meta.lastModified).");

    private static string Present(Column column) => column.Kind switch
    {
        Kind.Text or Kind.CaseExactText => $"({column.Sql} IS NOT NULL AND {column.Sql} <> '')",
        _ => $"({column.Sql} IS NOT NULL)",
    };

    private string Compare(Column column, ScimFilter.Compare compare)
    {
        var (op, value) = (compare.Operator, compare.Value);
        if (value.ValueKind == JsonValueKind.Null)
        {
            return op switch
            {
                "eq" => $"({column.Sql} IS NULL)",
                "ne" => $"({column.Sql} IS NOT NULL)",
                _ => throw new ScimFilterException($"{compare.Path} {op} null: only eq and ne compare with null."),
            };
        }

        switch (column.Kind)
        {
            case Kind.Boolean:
                if (value.ValueKind is not (JsonValueKind.True or JsonValueKind.False) || op is not ("eq" or "ne"))
                {
                    throw new ScimFilterException($"{compare.Path} is a boolean: eq or ne true or false.");
                }

                return $"({column.Sql} {(op == "eq" ? "=" : "<>")} {Parameter(value.GetBoolean())})";
            case Kind.Time:
                if (value.ValueKind != JsonValueKind.String || !DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time)
                    || op is "co" or "sw" or "ew")
                {
                    throw new ScimFilterException($"{compare.Path} is a dateTime: eq, ne, gt, ge, lt or le an ISO 8601 string.");
                }

                return $"({column.Sql} {Relation(op)} {Parameter(time.ToUniversalTime())})";
            default:
                if (value.ValueKind != JsonValueKind.String)
                {
                    throw new ScimFilterException($"{compare.Path} is a string: compare it with a string in double quotes.");
                }

                var text = value.GetString()!;
                if (column.Kind is Kind.Text or Kind.Constant)
                {
                    text = text.ToLowerInvariant();
                }

                return op switch
                {
                    "co" => $"({column.Sql} LIKE {Parameter("%" + EscapeLike(text) + "%")})",
                    "sw" => $"({column.Sql} LIKE {Parameter(EscapeLike(text) + "%")})",
                    "ew" => $"({column.Sql} LIKE {Parameter("%" + EscapeLike(text))})",
                    // Ordering by code point (as SCIM clients compare), whatever the database's collation.
                    "gt" or "ge" or "lt" or "le" => $"({column.Sql} COLLATE \"C\" {Relation(op)} {Parameter(text)})",
                    _ => $"({column.Sql} {Relation(op)} {Parameter(text)})",
                };
        }
    }

    private static string Relation(string op) => op switch
    {
        "eq" => "=",
        "ne" => "<>",
        "gt" => ">",
        "ge" => ">=",
        "lt" => "<",
        _ => "<=",
    };

    private string Parameter(object value)
    {
        var name = "f" + _next++.ToString(CultureInfo.InvariantCulture);
        _parameters.Add(name, value);
        return "@" + name;
    }

    private static string EscapeLike(string text)
    {
        var escaped = new StringBuilder(text.Length + 4);
        foreach (var c in text)
        {
            if (c is '%' or '_' or '\\')
            {
                escaped.Append('\\');
            }

            escaped.Append(c);
        }

        return escaped.ToString();
    }
}
