using CsCheck;
using ModelHub.Core.Mlflow;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Mlflow.Unit;

public sealed class MlflowFilterTests
{
    [Fact]
    public void Empty_filter_has_no_conditions()
    {
        Assert.Empty(MlflowFilter.Parse(null).Value);
        Assert.Empty(MlflowFilter.Parse("   ").Value);
    }

    [Theory]
    [InlineData("name = 'sentiment'", FilterTarget.Attribute, "name", "=", "sentiment")]
    [InlineData("name='sentiment'", FilterTarget.Attribute, "name", "=", "sentiment")]
    [InlineData("name LIKE 'sent%'", FilterTarget.Attribute, "name", "LIKE", "sent%")]
    [InlineData("name ilike \"Sent%\"", FilterTarget.Attribute, "name", "ILIKE", "Sent%")]
    [InlineData("run_id = 'abc123'", FilterTarget.Attribute, "run_id", "=", "abc123")]
    [InlineData("tags.`mlflow.prompt.is_prompt` != 'true'", FilterTarget.Tag, "mlflow.prompt.is_prompt", "!=", "true")]
    [InlineData("tag.`team` = 'nlp'", FilterTarget.Tag, "team", "=", "nlp")]
    [InlineData("tags.team = 'nlp'", FilterTarget.Tag, "team", "=", "nlp")]
    [InlineData("params.n_epochs = '3'", FilterTarget.Param, "n_epochs", "=", "3")]
    [InlineData("attributes.run_name = 'it''s'", FilterTarget.Attribute, "run_name", "=", "it's")]
    public void One_condition_is_read_with_its_target_key_operator_and_value(string filter, FilterTarget target, string key, string op, string value)
    {
        var condition = Assert.Single(MlflowFilter.Parse(filter).Value);

        Assert.Equal(new FilterCondition(target, key, op, value), condition);
    }

    [Fact]
    public void Conditions_join_with_AND_in_any_case()
    {
        var conditions = MlflowFilter.Parse("name = 'a' AND tags.`k` = 'v' and run_id != 'r'").Value;

        Assert.Equal(
            [new FilterCondition(FilterTarget.Attribute, "name", "=", "a"), new FilterCondition(FilterTarget.Tag, "k", "=", "v"), new FilterCondition(FilterTarget.Attribute, "run_id", "!=", "r")],
            conditions);
    }

    [Theory]
    [InlineData("name = 'a' OR name = 'b'", "'OR' is not supported")]
    [InlineData("name IN ('a', 'b')", "Expected =, !=, LIKE or ILIKE")]
    [InlineData("version_number > 3", "Expected =, !=, LIKE or ILIKE")]
    [InlineData("name = 3", "numbers and lists are not supported")]
    [InlineData("name = 'unterminated", "Expected a quoted value")]
    [InlineData("metrics.loss = '1'", "'metrics.loss' is not supported")]
    [InlineData("(name = 'a')", "Expected a field name")]
    [InlineData("name = 'a' AND", "ends where a condition was expected")]
    public void Unsupported_grammar_is_refused_by_name(string filter, string message)
    {
        var parsed = MlflowFilter.Parse(filter);

        Assert.False(parsed.Succeeded);
        Assert.Equal("validation", parsed.Error!.Code);
        Assert.Contains(message, parsed.Error.Message);
    }

    [Fact]
    public void Any_text_parses_or_is_refused_without_throwing()
    {
        var alphabet = Gen.OneOf("name", "tags.", "`k`", "'v'", "\"v\"", " = ", "!=", " LIKE ", " AND ", " OR ", "(", ")", "'", "`", ".", " ", "x", "''");
        Gen.Select(alphabet.Array[0, 12], parts => string.Concat(parts)).Sample(filter =>
        {
            var parsed = MlflowFilter.Parse(filter);
            Assert.True(parsed.Succeeded || parsed.Error!.Code == "validation");
        }, iter: 2000);
    }

    [Fact]
    public void Written_conditions_read_back_unchanged()
    {
        var key = Gen.String[Gen.Char["abcxyz_.0"], 1, 12].Where(k => k.Trim('.').Length > 0);
        var value = Gen.String[Gen.Char["ab '\"%_`"], 0, 12];
        var condition = Gen.Select(Gen.OneOf(FilterTarget.Tag, FilterTarget.Param), key, Gen.OneOf("=", "!="), value,
            (target, k, op, v) => new FilterCondition(target, k, op, v));
        condition.Array[1, 4].Sample(conditions =>
        {
            var text = string.Join(" AND ", conditions.Select(Write));
            Assert.Equal(conditions, MlflowFilter.Parse(text).Value);
        }, iter: 1000);
    }

    private static string Write(FilterCondition c) =>
        $"{(c.Target == FilterTarget.Tag ? "tags" : "params")}.`{c.Key.Replace("`", "``")}` {c.Op} '{c.Value.Replace("'", "''")}'";
}
