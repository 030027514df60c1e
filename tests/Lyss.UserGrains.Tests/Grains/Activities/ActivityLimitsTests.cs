using System.Globalization;
using System.Reflection;
using System.Text.RegularExpressions;
using Dapper;
using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Tests.Infrastructure;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Activities;

/// <summary>The bounds of an activity live in ActivityLimits; the schema and the documentation say the same.</summary>
[Trait("Needs", "Services")]
public sealed partial class ActivityLimitsTests
{
    private static Dictionary<string, decimal> Limits() => typeof(ActivityLimits)
        .GetFields(BindingFlags.Public | BindingFlags.Static)
        // A decimal const compiles to a static readonly field, not a literal.
        .Where(f => f.IsLiteral || f.IsInitOnly)
        .ToDictionary(f => f.Name, f => Convert.ToDecimal(f.GetValue(null), CultureInfo.InvariantCulture));

    [Fact]
    public async Task The_columns_of_user_activities_are_as_long_as_the_limits()
    {
        await using var connection = new NpgsqlConnection(await TestDatabase.ConnectionStringAsync());
        var lengths = (await connection.QueryAsync<(string Column, int Length)>(
            """
            SELECT column_name, character_maximum_length FROM information_schema.columns
            WHERE table_name = 'user_activities' AND character_maximum_length IS NOT NULL
            """)).ToDictionary(c => c.Column, c => c.Length);
        Assert.Equal(
            new Dictionary<string, int>
            {
                ["activity_type"] = ActivityLimits.ActivityTypeLength,
                ["resource_type"] = ActivityLimits.ResourceTypeLength,
                ["resource_id"] = ActivityLimits.ResourceIdLength,
                ["session_id"] = ActivityLimits.SessionIdLength,
                ["message_id"] = ActivityLimits.MessageIdLength,
                ["user_agent"] = ActivityLimits.UserAgentLength,
            },
            lengths);
        Assert.Equal(ActivityLimits.UsageNameLength, await connection.ExecuteScalarAsync<int>(
            "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'user_usage_daily' AND column_name = 'name'"));
        Assert.Equal(ActivityLimits.ProviderLength, await connection.ExecuteScalarAsync<int>(
            "SELECT character_maximum_length FROM information_schema.columns WHERE table_name = 'user_usage_daily' AND column_name = 'provider'"));
    }

    [Fact]
    public void Docs_api_lists_every_limit_with_its_value()
    {
        var documented = LimitRow().Matches(File.ReadAllText(Path.Combine(TestServices.RepoRoot, "docs", "api.md")))
            .ToDictionary(m => m.Groups["name"].Value, m => decimal.Parse(m.Groups["value"].Value, CultureInfo.InvariantCulture));
        Assert.Equal(Limits().OrderBy(l => l.Key), documented.OrderBy(l => l.Key));
    }

    [GeneratedRegex(@"^\| `(?<name>[A-Za-z]+)` \| (?<value>[0-9]+) \|", RegexOptions.Multiline)]
    private static partial Regex LimitRow();
}
