namespace ModelHub.Core.Common;

/// <summary>A value that can say it failed, so code that runs a change of any result type can tell (and undo it).</summary>
public interface IOutcome
{
    /// <summary>The failure; null when the change succeeded.</summary>
    Error? Error { get; }
}
