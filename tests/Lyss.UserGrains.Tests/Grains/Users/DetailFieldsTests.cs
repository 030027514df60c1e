using Lyss.UserGrains.Activities;
using Lyss.UserGrains.Grains.Users;

namespace Lyss.UserGrains.Tests.Grains.Users;

public sealed class DetailFieldsTests
{
    [Fact]
    public void Model_usage_yields_tokens_cost_and_model_rounded_as_stored()
    {
        var fields = DetailFields.Read(ActivityTypes.ModelUsage, """{"model":"gpt-4o","tokens":1200,"cost":0.0123456789,"topic":"tax"}""");

        Assert.Equal(new DetailFields(1200, 0.012346m, "gpt-4o", "tax", null), fields);
    }

    [Fact]
    public void The_original_sdks_tokens_used_counts_as_tokens_and_tokens_wins_when_both_are_sent()
    {
        // As the original client sends it: model, tokens_used, cost, provider, response_time.
        var seed = DetailFields.Read(ActivityTypes.ModelUsage, """{"model":"gpt-4","tokens_used":1500,"cost":0.03,"provider":"openai","response_time":1.2}""");
        Assert.Equal(new DetailFields(1500, 0.03m, "gpt-4", null, null) { Provider = "openai", ResponseTime = 1.2 }, seed);
        Assert.Equal(300, DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens_used":1500,"tokens":300}""").Tokens);
        Assert.Equal(300, DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens":300,"tokens_used":1500}""").Tokens);
        Assert.Equal("details.tokens_used", DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens_used":-1}""").Problem?.Field);
        Assert.Equal(0, DetailFields.Read(ActivityTypes.ChatMessage, """{"tokens_used":50}""").Tokens);
    }

    [Fact]
    public void Answer_times_come_from_chats_and_model_calls_and_the_provider_only_from_model_calls()
    {
        Assert.Equal((null, 0.8), (DetailFields.Read(ActivityTypes.ChatMessage, """{"provider":"openai","response_time":0.8}""") is var chat ? (chat.Provider, chat.ResponseTime) : default));
        Assert.Null(DetailFields.Read(ActivityTypes.Login, """{"response_time":0.8}""").ResponseTime);
        Assert.Null(DetailFields.Read(ActivityTypes.ModelUsage, """{"response_time":null}""").Problem);
        foreach (var bad in new[] { "-1", "3601", "\"fast\"", "true" })
        {
            Assert.Equal("details.response_time", DetailFields.Read(ActivityTypes.ChatMessage, $"{{\"response_time\":{bad}}}").Problem?.Field);
        }

        Assert.Equal(new string('p', ActivityLimits.ProviderLength), DetailFields.Read(ActivityTypes.ModelUsage, $"{{\"provider\":\"{new string('p', 80)}\"}}").Provider);
    }

    [Fact]
    public void A_chat_message_names_model_topic_and_title_but_never_counts_tokens_or_cost()
    {
        var fields = DetailFields.Read(ActivityTypes.ChatMessage, """{"tokens":50,"cost":1.5,"model":"m","topic":"refunds","title":"Where is my refund?"}""");

        Assert.Equal(new DetailFields(0, 0, "m", "refunds", "Where is my refund?"), fields);
    }

    [Fact]
    public void Other_types_and_absent_details_read_nothing()
    {
        Assert.Equal(default, DetailFields.Read(ActivityTypes.CaseView, """{"model":"m","tokens":5}"""));
        Assert.Equal(default, DetailFields.Read(ActivityTypes.ModelUsage, null));
    }

    [Fact]
    public void Only_top_level_names_count_and_escaped_names_match()
    {
        var fields = DetailFields.Read(ActivityTypes.ModelUsage,
            """{"request":{"model":"inner","tokens":9,"list":[{"cost":3}]},"\u006dodel":"outer","tokens":7,"extra":[1,{"title":"x"}]}""");

        Assert.Equal(new DetailFields(7, 0, "outer", null, null), fields);
    }

    [Fact]
    public void Texts_of_another_kind_count_as_absent_and_a_null_amount_as_none()
    {
        var fields = DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens":null,"cost":null,"model":"","topic":7,"title":{"a":1}}""");
        var most = DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens":1000000000,"cost":1000000}""");

        Assert.Equal(default, fields);
        Assert.Equal(new DetailFields(1_000_000_000, 1_000_000m, null, null, null), most);
    }

    [Theory]
    [InlineData("""{"tokens":"1200"}""", "details.tokens")]
    [InlineData("""{"tokens":-5}""", "details.tokens")]
    [InlineData("""{"tokens":12.5}""", "details.tokens")]
    [InlineData("""{"tokens":1e30}""", "details.tokens")]
    [InlineData("""{"cost":"0.02"}""", "details.cost")]
    [InlineData("""{"cost":-2}""", "details.cost")]
    [InlineData("""{"cost":[1]}""", "details.cost")]
    [InlineData("""{"tokens":1000000001}""", "details.tokens")]
    [InlineData("""{"cost":1000000.000001}""", "details.cost")]
    [InlineData("""{"cost":99999999}""", "details.cost")]
    public void A_model_calls_tokens_or_cost_that_is_not_a_number_of_0_or_more_is_a_problem_naming_the_field(string details, string field)
    {
        Assert.Equal(field, DetailFields.Read(ActivityTypes.ModelUsage, details).Problem?.Field);
        // A chat message's tokens and cost are not read at all, so they cannot be wrong.
        Assert.Null(DetailFields.Read(ActivityTypes.ChatMessage, details).Problem);
    }

    [Theory]
    [InlineData("""{"a":"x\u0000y"}""")]
    [InlineData("""{"a\u0000":1}""")]
    [InlineData("""{"deep":[{"b":["\u0000"]}]}""")]
    [InlineData("""{"a":"\ud800"}""")]
    [InlineData("""{"a":"\udc00x"}""")]
    [InlineData("""{"nested":{"a":"\ud83d"}}""")]
    public void Text_that_jsonb_refuses_anywhere_in_the_details_is_a_problem_of_the_details(string details)
    {
        Assert.Equal("details", DetailFields.Read("page_view", details).Problem?.Field);
        Assert.Equal("details", DetailFields.Read(ActivityTypes.ModelUsage, details).Problem?.Field);
    }

    [Fact]
    public void Escaped_text_that_jsonb_takes_is_fine_and_a_raw_unpaired_surrogate_is_refused()
    {
        Assert.Null(DetailFields.Read("page_view", """{"a":"\u00e9\ud83d\ude00\n\u0001"}""").Problem);
        Assert.Equal("details", DetailFields.Read("page_view", "{\"a\":\"\ud800\"}").Problem?.Field);
    }

    [Fact]
    public void A_cut_never_splits_a_surrogate_pair()
    {
        var title = new string('x', 254) + "\ud83d\ude00";
        var fields = DetailFields.Read(ActivityTypes.ChatMessage, $$"""{"title":"{{title}}"}""");
        Assert.Equal(new string('x', 254), fields.Title);
    }

    [Fact]
    public void Long_texts_are_cut_to_their_column_and_large_details_are_read_whole()
    {
        var padding = new string('x', 3000);
        var fields = DetailFields.Read(ActivityTypes.ChatMessage,
            $$"""{"notes":"{{padding}}","topic":"{{new string('t', 150)}}","title":"{{new string('é', 300)}}"}""");

        Assert.Equal(new string('t', 100), fields.Topic);
        Assert.Equal(new string('é', 255), fields.Title);
    }

    [Fact]
    public void A_repeated_name_takes_its_last_value()
    {
        var fields = DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens":5,"model":"a","tokens":8,"model":"b"}""");

        Assert.Equal(new DetailFields(8, 0, "b", null, null), fields);
    }

    [Theory]
    [InlineData("case_view", """[1,2]""")]
    [InlineData("case_view", "\"text\"")]
    [InlineData("case_view", """{"a":1}{"b":2}""")]
    [InlineData("case_view", """{"a":1""")]
    [InlineData("model_usage", """{"tokens":5,}""")]
    [InlineData("chat_message", """{"topic":"x"} 7""")]
    public void Details_that_are_not_exactly_one_JSON_object_are_refused_for_every_type(string type, string details)
    {
        Assert.Equal(("details", "Must be a JSON object."), DetailFields.Read(type, details).Problem);
    }

    [Fact]
    public void Details_are_refused_beyond_16_KiB_of_UTF_8_whatever_their_length_in_characters()
    {
        static string Object(int bytes, char fill, int bytesPerChar) => "{\"a\":\"" + new string(fill, (bytes - 8) / bytesPerChar) + "\"}";

        Assert.Null(DetailFields.Read(ActivityTypes.CaseView, Object(ActivityLimits.DetailsBytes, 'x', 1)).Problem);
        Assert.Equal("details", DetailFields.Read(ActivityTypes.CaseView, Object(ActivityLimits.DetailsBytes + 1, 'x', 1)).Problem?.Field);
        // 2-byte characters: under the limit in characters, over it in bytes.
        Assert.Equal(("details", "At most 16 KiB of JSON."), DetailFields.Read(ActivityTypes.ChatMessage, Object(ActivityLimits.DetailsBytes + 16, 'é', 2)).Problem);
    }
}
