using Dapper;
using Lyss.UserGrains.Grains.Privacy;
using Lyss.UserGrains.Tests.Infrastructure;
using Npgsql;

namespace Lyss.UserGrains.Tests.Grains.Privacy;

/// <summary>The next table or text column cannot forget erasure: the schema, the inventory and docs/privacy.md agree.</summary>
[Trait("Needs", "Services")]
public sealed class PrivacyInventoryTests
{
    // Column types that can hold a person's words, addresses or identity.
    private static readonly string[] TextTypes = ["text", "character varying", "character", "json", "jsonb", "inet", "bytea", "ARRAY", "USER-DEFINED"];

    [Fact]
    public async Task Every_table_and_every_text_or_json_column_of_the_schema_is_classified_and_nothing_classified_is_gone()
    {
        // As the owner of the schema: information_schema shows a role only the tables it may use.
        await using var connection = new NpgsqlConnection(await TestDatabase.AdminConnectionStringAsync());
        // Partitions are their parent's: they are searched and erased through it.
        var columns = (await connection.QueryAsync<(string Table, string Column, string Type)>(
            """
            SELECT c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN pg_class k ON k.relname = c.table_name AND k.relkind IN ('r', 'p') AND NOT k.relispartition
            JOIN pg_namespace n ON n.oid = k.relnamespace AND n.nspname = 'public'
            WHERE c.table_schema = 'public'
            """)).ToList();
        var inventory = PrivacyInventory.Current.Tables.ToDictionary(t => t.Name);
        var problems = new List<string>();
        foreach (var table in columns.Select(c => c.Table).Distinct().Order())
        {
            if (!inventory.ContainsKey(table))
            {
                problems.Add($"table {table} is not in docs/privacy-inventory.json");
            }
        }

        foreach (var (table, column, type) in columns.Where(c => TextTypes.Contains(c.Type) && inventory.ContainsKey(c.Table)))
        {
            var entry = inventory[table];
            if (!entry.Personal.Concat(entry.Pseudonymous).Concat(entry.NotPersonal).Contains(column))
            {
                problems.Add($"{table}.{column} ({type}) is not classified personal, pseudonymous or not_personal");
            }
        }

        foreach (var entry in inventory.Values)
        {
            var existing = columns.Where(c => c.Table == entry.Name).Select(c => c.Column).ToHashSet();
            if (existing.Count == 0)
            {
                problems.Add($"the inventory lists {entry.Name}, which the schema does not have");
            }

            foreach (var stale in entry.Personal.Concat(entry.Pseudonymous).Concat(entry.NotPersonal).Where(c => existing.Count > 0 && !existing.Contains(c)))
            {
                problems.Add($"the inventory classifies {entry.Name}.{stale}, which the schema does not have");
            }

            if (entry.UserColumn is { } user && existing.Count > 0 && !existing.Contains(user))
            {
                problems.Add($"{entry.Name}: its user_column {user} does not exist");
            }
        }

        Assert.True(problems.Count == 0, string.Join(Environment.NewLine, problems));
    }

    [Fact]
    public void Docs_privacy_md_names_every_store_of_the_inventory()
    {
        var doc = File.ReadAllText(Path.Combine(TestServices.RepoRoot, "docs", "privacy.md"));
        var inventory = PrivacyInventory.Current;
        var missing = inventory.Tables.Select(t => t.Name)
            .Concat(inventory.GrainStates.Select(g => g.Name))
            .Concat(inventory.Redis.Select(r => r.Name))
            .Concat(inventory.Files.Select(f => f.Name))
            .Where(name => !doc.Contains($"| `{name}` |", StringComparison.Ordinal))
            .ToList();
        Assert.True(missing.Count == 0, "docs/privacy.md has no row for: " + string.Join(", ", missing));
    }
}
