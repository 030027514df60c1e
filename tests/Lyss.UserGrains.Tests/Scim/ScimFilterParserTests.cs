using Lyss.UserGrains.Scim;

namespace Lyss.UserGrains.Tests.Scim;

/// <summary>The filters of RFC 7644 §3.4.2.2 and those Entra ID and Okta send, parsed to one canonical form.</summary>
public sealed class ScimFilterParserTests
{
    [Theory]
    [InlineData("userName eq \"bjensen\"", "username eq \"bjensen\"")]
    [InlineData("UserName EQ \"bjensen\"", "username eq \"bjensen\"")]
    [InlineData("name.familyName co \"O'Malley\"", "name.familyname co \"O'Malley\"")]
    [InlineData("userName sw \"J\"", "username sw \"J\"")]
    [InlineData("urn:ietf:params:scim:schemas:core:2.0:User:userName sw \"J\"", "urn:ietf:params:scim:schemas:core:2.0:user:username sw \"J\"")]
    [InlineData("title pr", "title pr")]
    [InlineData("meta.lastModified gt \"2011-05-13T04:42:34Z\"", "meta.lastmodified gt \"2011-05-13T04:42:34Z\"")]
    [InlineData("title pr and userType eq \"Employee\"", "(title pr and usertype eq \"Employee\")")]
    [InlineData("title pr or userType eq \"Intern\"", "(title pr or usertype eq \"Intern\")")]
    [InlineData("a eq 1 or b eq 2 and c eq 3", "(a eq 1 or (b eq 2 and c eq 3))")]
    [InlineData("(a eq 1 or b eq 2) and c eq 3", "((a eq 1 or b eq 2) and c eq 3)")]
    [InlineData("userType eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\")",
        "(usertype eq \"Employee\" and (emails co \"example.com\" or emails.value co \"example.org\"))")]
    [InlineData("userType ne \"Employee\" and not (emails co \"example.com\" or emails.value co \"example.org\")",
        "(usertype ne \"Employee\" and not ((emails co \"example.com\" or emails.value co \"example.org\")))")]
    [InlineData("emails[type eq \"work\" and value co \"@example.com\"] or ims[type eq \"xmpp\" and value co \"@foo.com\"]",
        "(emails[(type eq \"work\" and value co \"@example.com\")] or ims[(type eq \"xmpp\" and value co \"@foo.com\")])")]
    [InlineData("externalId eq \"00u1\"", "externalid eq \"00u1\"")]
    [InlineData("active eq true", "active eq true")]
    [InlineData("manager eq null", "manager eq null")]
    [InlineData("displayName eq \"a \\\"quoted\\\" name\"", "displayname eq \"a \\\"quoted\\\" name\"")]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:employeeNumber eq \"701984\"",
        "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:employeenumber eq \"701984\"")]
    [InlineData("orders eq 1 or notes pr", "(orders eq 1 or notes pr)")]
    public void Parses(string filter, string canonical) => Assert.Equal(canonical, ScimFilterParser.Parse(filter).ToString());

    [Theory]
    [InlineData("")]
    [InlineData("userName")]
    [InlineData("userName eq")]
    [InlineData("userName equals \"x\"")]
    [InlineData("userName eq \"unterminated")]
    [InlineData("userName eq bjensen")]
    [InlineData("(userName eq \"x\"")]
    [InlineData("userName eq \"x\")")]
    [InlineData("emails[type eq \"work\"")]
    [InlineData("emails[type[value eq 1]]")]
    [InlineData("userName eq \"x\" and")]
    [InlineData("not userName eq \"x\"")]
    [InlineData("1abc eq 1")]
    [InlineData("userName eq {\"a\":1}")]
    public void Refuses(string filter) => Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(filter));

    [Fact]
    public void Refuses_filters_nested_past_the_bound() =>
        Assert.Throws<ScimFilterException>(() => ScimFilterParser.Parse(new string('(', 60) + "a pr" + new string(')', 60)));

    [Theory]
    [InlineData("members", "members", null, null)]
    [InlineData("name.givenName", "name.givenname", null, null)]
    [InlineData("emails[type eq \"work\"].value", "emails", "type eq \"work\"", "value")]
    [InlineData("members[value eq \"2819c223\"]", "members", "value eq \"2819c223\"", null)]
    [InlineData("urn:ietf:params:scim:schemas:extension:enterprise:2.0:User:manager", "urn:ietf:params:scim:schemas:extension:enterprise:2.0:user:manager", null, null)]
    public void Parses_patch_paths(string path, string attribute, string? filter, string? sub)
    {
        var parsed = ScimFilterParser.ParsePatchPath(path);
        Assert.Equal((attribute, filter, sub), (parsed.Path.ToString(), parsed.ValueFilter?.ToString(), parsed.SubAttribute));
    }
}
