namespace ModelHub.Core.Common;

/// <summary>Host-wide settings bound from the <c>ModelHub</c> configuration section.</summary>
public sealed class ModelHubOptions
{
    public const string Section = "ModelHub";

    /// <summary>Folder for the database, dataset files and simulator state; relative paths resolve against the content root.</summary>
    public string DataFolder { get; set; } = ".data";

    /// <summary>Largest dataset upload accepted, in bytes.</summary>
    public long MaxUploadBytes { get; set; } = 1L << 30;
}
