using ModelHub.Core.Registry;

namespace ModelHub.Core.Promotions;

/// <summary>How a stage move is made: by an Engineer directly, by an approved promotion request, or by a rollback.</summary>
public enum StageMoveKind
{
    /// <summary>An Engineer (or Admin) changes the stage directly.</summary>
    Manual,

    /// <summary>An approved promotion request: the candidate enters Production.</summary>
    Approval,

    /// <summary>The current Production version leaves because another one replaces it (approval or rollback).</summary>
    Replacement,

    /// <summary>A previously-production version returns to Production.</summary>
    Rollback,
}

/// <summary>
/// The allowed stage transitions, as data. Everything not listed (including a move to the same stage) is refused.
/// Archived is final except for a rollback to Production: an archived version is not put back to None or Staging,
/// because its history (it was retired) would then read as "never used"; re-register a new version instead.
/// </summary>
public static class StageMachine
{
    /// <summary>Every allowed (from, to) pair and the one kind of move that may make it.</summary>
    public static IReadOnlyDictionary<(ModelStage From, ModelStage To), StageMoveKind> Allowed { get; } =
        new Dictionary<(ModelStage, ModelStage), StageMoveKind>
        {
            [(ModelStage.None, ModelStage.Staging)] = StageMoveKind.Manual,
            [(ModelStage.None, ModelStage.Archived)] = StageMoveKind.Manual,
            [(ModelStage.Staging, ModelStage.None)] = StageMoveKind.Manual,
            [(ModelStage.Staging, ModelStage.Archived)] = StageMoveKind.Manual,
            [(ModelStage.Staging, ModelStage.Production)] = StageMoveKind.Approval,
            [(ModelStage.Production, ModelStage.Archived)] = StageMoveKind.Replacement,
            [(ModelStage.Archived, ModelStage.Production)] = StageMoveKind.Rollback,
        };

    /// <summary>Whether <paramref name="kind"/> may move a version from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool Allows(ModelStage from, ModelStage to, StageMoveKind kind) =>
        Allowed.TryGetValue((from, to), out var allowed) && allowed == kind;
}
