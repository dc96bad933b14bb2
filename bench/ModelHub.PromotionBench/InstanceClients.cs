/// <summary>One user's HTTP clients, one per instance; each request goes to the next instance in turn.</summary>
internal sealed class InstanceClients(HttpClient[] clients, string userId)
{
    private int next = -1;

    public string UserId => userId;

    public HttpClient Next() => clients[(int)((uint)Interlocked.Increment(ref next) % (uint)clients.Length)];
}
