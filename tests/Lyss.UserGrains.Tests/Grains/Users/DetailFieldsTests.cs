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
    public void Values_of_the_wrong_kind_or_out_of_range_count_as_absent()
    {
        var fields = DetailFields.Read(ActivityTypes.ModelUsage,
            """{"tokens":"1200","cost":-2,"model":"","topic":7,"title":null}""");
        var huge = DetailFields.Read(ActivityTypes.ModelUsage, """{"tokens":1e30,"cost":123456789012}""");

        Assert.Equal(default, fields);
        Assert.Equal(new DetailFields(0, 99_999_999m, null, null, null), huge);
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
}
