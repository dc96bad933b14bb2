using ModelHub.Core.Promotions;
using ModelHub.Core.Registry;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.Promotions.Unit;

public sealed class StageMachineTests
{
    private static readonly Dictionary<(ModelStage, ModelStage), StageMoveKind> Expected = new()
    {
        [(ModelStage.None, ModelStage.Staging)] = StageMoveKind.Manual,
        [(ModelStage.None, ModelStage.Archived)] = StageMoveKind.Manual,
        [(ModelStage.Staging, ModelStage.None)] = StageMoveKind.Manual,
        [(ModelStage.Staging, ModelStage.Archived)] = StageMoveKind.Manual,
        [(ModelStage.Staging, ModelStage.Production)] = StageMoveKind.Approval,
        [(ModelStage.Production, ModelStage.Archived)] = StageMoveKind.Replacement,
        [(ModelStage.Archived, ModelStage.Production)] = StageMoveKind.Rollback,
    };

    public static TheoryData<ModelStage, ModelStage, StageMoveKind> EveryMove()
    {
        var data = new TheoryData<ModelStage, ModelStage, StageMoveKind>();
        foreach (var from in Enum.GetValues<ModelStage>())
        {
            foreach (var to in Enum.GetValues<ModelStage>())
            {
                foreach (var kind in Enum.GetValues<StageMoveKind>())
                {
                    data.Add(from, to, kind);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryMove))]
    public void Only_the_listed_transitions_are_allowed_and_only_by_their_kind_of_move(ModelStage from, ModelStage to, StageMoveKind kind)
    {
        var allowed = Expected.TryGetValue((from, to), out var only) && only == kind;
        Assert.Equal(allowed, StageMachine.Allows(from, to, kind));
    }

    [Fact]
    public void Production_is_reached_only_by_approval_from_staging_or_by_rollback_from_archived()
    {
        var into = StageMachine.Allowed.Where(p => p.Key.To == ModelStage.Production).ToDictionary(p => p.Key.From, p => p.Value);
        Assert.Equal(2, into.Count);
        Assert.Equal(StageMoveKind.Approval, into[ModelStage.Staging]);
        Assert.Equal(StageMoveKind.Rollback, into[ModelStage.Archived]);
    }

    [Fact]
    public void Archived_never_goes_back_to_none_or_staging()
    {
        Assert.DoesNotContain(StageMachine.Allowed.Keys, k => k.From == ModelStage.Archived && k.To != ModelStage.Production);
    }
}
