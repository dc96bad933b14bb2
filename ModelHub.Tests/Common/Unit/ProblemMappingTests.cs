using ModelHub.Core.Common;
using ModelHub.Core.Registry;
using ModelHub.Web.Endpoints;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Common.Unit;

public sealed class ProblemMappingTests
{
    public static TheoryData<Error, int> ErrorsAndStatuses => new()
    {
        { Error.Validation("Name is required.", "name"), 400 },
        { Error.NotFound("Model 'x'"), 404 },
        { Error.Forbidden("four-eyes", "A second person must approve."), 403 },
        { Error.Conflict("stale-request", "The request is stale."), 409 },
    };

    [Theory]
    [MemberData(nameof(ErrorsAndStatuses))]
    public void Each_kind_of_error_maps_to_its_status(Error error, int status)
    {
        var problem = Problems.From(error).ProblemDetails;

        Assert.Equal(status, problem.Status);
        Assert.Equal(error.Code, problem.Type);
        Assert.Equal(error.Code, problem.Extensions["code"]);
        Assert.Equal(error.Message, problem.Detail);
    }

    [Fact]
    public void Every_error_kind_has_a_status()
    {
        foreach (var kind in Enum.GetValues<ErrorKind>())
        {
            Assert.InRange(Problems.StatusFor(kind), 400, 499);
        }
    }

    [Fact]
    public void A_new_refusal_code_of_the_validation_kind_is_a_bad_request_with_its_field()
    {
        var problem = Problems.From(Error.Invalid("prompt-too-long", "The prompt is too long.", "prompt")).ProblemDetails;

        Assert.Equal(400, problem.Status);
        Assert.Equal("prompt-too-long", problem.Type);
        Assert.Equal("prompt-too-long", problem.Extensions["code"]);
        Assert.Equal("prompt", problem.Extensions["field"]);
        Assert.Equal("Prompt too long", problem.Title);
    }

    [Fact]
    public void An_invalid_alias_is_a_validation_error_at_its_source()
    {
        var error = AliasNames.Check("Not Valid!")!;

        Assert.Equal(ErrorKind.Validation, error.Kind);
        Assert.Equal("invalid-alias", error.Code);
        Assert.Equal(400, Problems.From(error).StatusCode);
    }
}
