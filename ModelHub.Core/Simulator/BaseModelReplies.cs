namespace ModelHub.Core.Simulator;

/// <summary>What an untrained base model says: plausible, deterministic per prompt, and never the trained label.</summary>
internal static class BaseModelReplies
{
    private static readonly string[] Replies =
    [
        "Thanks for sharing. The text mixes several impressions, so I would describe its overall tone as mixed.",
        "It is hard to say definitively from this text alone; there are signs pointing in more than one direction.",
        "This reads like a fairly typical customer comment. Could you tell me which aspect you would like me to focus on?",
        "Here is a short summary: the writer describes their experience and gives an overall impression of it.",
        "I'd be happy to help. Based on the text, the sentiment is somewhat nuanced rather than clear-cut.",
    ];

    public static string For(string prompt)
    {
        // string.GetHashCode is randomised per process; answers must be stable, so use a fixed hash.
        var hash = 2166136261u;
        foreach (var ch in prompt)
        {
            hash = unchecked((hash ^ ch) * 16777619u);
        }

        return Replies[hash % (uint)Replies.Length];
    }
}
