using ModelHub.Core.Common;
using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Common.Unit;

public sealed class InputLimitsTests
{
    [Theory]
    [InlineData("a\u202Eb")]
    [InlineData("a\u202Ab")]
    [InlineData("a\u2066b")]
    [InlineData("a\u2069b")]
    [InlineData("a\u200Fb")]
    [InlineData("a\u200Bb")]
    [InlineData("a\0b")]
    [InlineData("a\u001Bb")]
    [InlineData("a\u007Fb")]
    [InlineData("a\u0085b")]
    [InlineData("a\tb")]
    public void Names_with_control_or_direction_characters_are_refused(string name)
    {
        var error = InputLimits.Name(name, "name", "The name");

        Assert.NotNull(error);
        Assert.Equal("name", error.Target);
    }

    [Fact]
    public void A_name_may_have_100_characters_after_trimming_and_not_101()
    {
        Assert.Null(InputLimits.Name("  " + new string('a', 100) + "  ", "name", "The name"));
        Assert.Null(InputLimits.Name("Ünïcode — names ✓ مرحبا", "name", "The name"));

        var error = InputLimits.Name(new string('a', 101), "name", "The dataset name");

        Assert.Equal("The dataset name can have at most 100 characters; 101 were given.", error?.Message);
    }

    [Fact]
    public void Texts_keep_line_breaks_and_refuse_other_control_characters_and_more_than_2000_characters()
    {
        Assert.Null(InputLimits.Text("first line\r\nsecond\tline", "reason", "The reason"));
        Assert.Null(InputLimits.Text(null, "comment", "The comment"));
        Assert.Equal("The reason is required.", InputLimits.Text(" ", "reason", "The reason", required: true)?.Message);
        Assert.Contains("control character", InputLimits.Text("a\0b", "reason", "The reason")?.Message);
        Assert.Null(InputLimits.Text(new string('r', 2000), "reason", "The reason"));
        Assert.Equal("The reason can have at most 2,000 characters; 2,001 were given.", InputLimits.Text(new string('r', 2001), "reason", "The reason")?.Message);
    }

    [Theory]
    [InlineData("3")]
    [InlineData("-1")]
    [InlineData("99")]
    [InlineData("Staging, Archived")]
    [InlineData("")]
    [InlineData(null)]
    public void Enums_parse_by_name_only(string? text) =>
        Assert.False(InputLimits.TryParseName<ModelStage>(text, out _));

    [Fact]
    public void Enum_names_parse_ignoring_case()
    {
        Assert.True(InputLimits.TryParseName<ModelStage>(" archived ", out var stage));
        Assert.Equal(ModelStage.Archived, stage);
    }

    [Fact]
    public void Offsets_never_overflow_into_the_first_page()
    {
        Assert.Equal(0, InputLimits.Offset(1, 50));
        Assert.Equal(50, InputLimits.Offset(2, 50));
        Assert.Equal((InputLimits.MaxPage - 1) * 200, InputLimits.Offset(int.MaxValue, 200));
        Assert.NotNull(InputLimits.Page(int.MaxValue, 50));
        Assert.NotNull(InputLimits.Page(0, 50));
        Assert.NotNull(InputLimits.Page(1, 201));
        Assert.Null(InputLimits.Page(InputLimits.MaxPage, InputLimits.MaxPageSize));
        Assert.NotNull(InputLimits.Window(-1, 10));
        Assert.NotNull(InputLimits.Window(0, 0));
    }

    [Theory]
    [InlineData(".")]
    [InlineData("..")]
    [InlineData("...")]
    public void Dot_names_are_not_model_names(string name)
    {
        Assert.False(RegisteredModel.IsValidName(name));
        Assert.Contains("folder", RegisteredModel.CheckName(name)?.Message);
    }

    [Fact]
    public void Gate_rules_with_oversized_names_are_refused_without_echoing_them()
    {
        var huge = new string('m', 10_000);

        var error = ConfigureGate.Validate(new GateConfiguration([new GateRule(huge, ">=", 0.5)], []));

        Assert.Equal("rules[0].metric", error?.Target);
        Assert.DoesNotContain(huge, error!.Message);
    }
}
