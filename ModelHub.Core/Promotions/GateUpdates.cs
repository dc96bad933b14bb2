using ModelHub.Core.Realtime;

namespace ModelHub.Core.Promotions;

/// <summary>Topic names of gate runs.</summary>
public static class GateTopics
{
    public static string Run(int runId) => $"gaterun:{runId}";
}

/// <summary>A gate run progressed or finished; published on <c>gaterun:{id}</c> and <c>model:{name}</c>.</summary>
public sealed record GateRunChanged(string Topic, int RunId, string ModelName, int VersionNumber, string Status, int Completed, int Total) : Update(Topic);
