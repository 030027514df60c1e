using Lyss.UserGrains.Errors;
using Lyss.UserGrains.Grains.Tenants;
using Lyss.UserGrains.Tenants;

namespace Lyss.UserGrains.Tests.Grains.Tenants;

/// <summary>The tenant settings patch decided without a cluster: what a grain caller (not only the gateway) can send.</summary>
public sealed class TenantSettingsPatchTests
{
    private static readonly TenantSettings Current = new("Acme", false, TenantRoles.Member, null, [], 90, false, "UTC", "zh-CN");

    private static IReadOnlyList<string>? Roles(string role) =>
        role == "auditor" ? [Permissions.AdminRead] : TenantRoles.BuiltIn.TryGetValue(role, out var permissions) ? permissions : null;

    [Fact]
    public void Values_that_are_not_json_or_not_settings_are_each_named_and_nothing_applies()
    {
        var error = Assert.Throws<ValidationException>(() => TenantSettingsPatch.Apply(
            Current, new Dictionary<string, string> { ["name"] = "{not json", ["colour"] = "\"blue\"", ["language"] = "\"en\"" }, 1, Roles));
        Assert.Equal(["colour", "name"], error.Errors.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Null_restores_defaults_and_only_changed_fields_are_reported()
    {
        var changed = Current with { SeatLimit = 5, Timezone = "Asia/Shanghai", DefaultRole = "auditor" };
        var (next, changes) = TenantSettingsPatch.Apply(
            changed, new Dictionary<string, string> { ["seat_limit"] = "null", ["timezone"] = "null", ["default_role"] = "\"auditor\"", ["name"] = "\"Acme\"" }, 3, Roles);
        Assert.Equal(Current with { DefaultRole = "auditor" }, next with { AllowedEmailDomains = Current.AllowedEmailDomains });
        Assert.Equal(["seat_limit", "timezone"], changes.Keys.Order(StringComparer.Ordinal));
    }

    [Theory]
    [InlineData("default_role", "\"admin\"")]
    [InlineData("default_role", "\"nobody\"")]
    [InlineData("name", "\"A\\u0000B\"")]
    [InlineData("timezone", "\"China Standard Time\"")]
    [InlineData("allowed_email_domains", "[\"exa\\u0000mple.com\"]")]
    [InlineData("dormancy_days", "\"30\"")]
    public void Bad_values_are_refused_by_field(string field, string raw)
    {
        var error = Assert.Throws<ValidationException>(() => TenantSettingsPatch.Apply(Current, new Dictionary<string, string> { [field] = raw }, 1, Roles));
        Assert.Equal([field], error.Errors.Keys);
    }

    [Fact]
    public void A_seat_limit_below_the_members_is_a_conflict()
    {
        var conflict = Assert.Throws<ConflictException>(() => TenantSettingsPatch.Apply(Current, new Dictionary<string, string> { ["seat_limit"] = "2" }, 3, Roles));
        Assert.Equal("seat_limit_below_members", conflict.Code);
    }
}
