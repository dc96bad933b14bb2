using System.Security.Cryptography;

namespace ModelHub.Core.Scaleout;

/// <summary>This process among the instances sharing one database: host, process id and a random suffix (process ids repeat across restarts and containers).</summary>
public sealed class InstanceIdentity
{
    public string Id { get; } = $"{Environment.MachineName}/{Environment.ProcessId}/{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(4))}";
}
