using System.Globalization;

/// <summary>
/// The machine's CPU over the timed run, from <c>/proc</c>: how busy all cores were, and how the CPU time divides
/// between this process (the bench's workers and the first instance, hosted here), the other app instances (dotnet),
/// PostgreSQL and Redis. It tells a lock-bound run (cores partly idle while writers queue) from a CPU-bound one (cores
/// saturated).
/// </summary>
internal sealed class MachineCpu
{
    private const string ThisProcess = "bench with the first instance";
    private static readonly string[] Groups = [ThisProcess, "dotnet", "postgres", "redis-server"];
    private static readonly double TicksPerSecond = 100; // USER_HZ on Linux

    private readonly (long Busy, long Total) start = Machine();
    private readonly Dictionary<int, (string Group, long Ticks)> processesAtStart = Processes();

    public static bool Available => File.Exists("/proc/stat");

    /// <summary>One line: busy share of all cores and CPU seconds per process group since construction.</summary>
    public string Report(TimeSpan elapsed, int requests)
    {
        var (busy, total) = Machine();
        var share = (double)(busy - start.Busy) / Math.Max(1, total - start.Total);
        var used = new Dictionary<string, double>();
        foreach (var (pid, (group, ticks)) in Processes())
        {
            var before = processesAtStart.TryGetValue(pid, out var old) ? old.Ticks : 0;
            used[group] = used.GetValueOrDefault(group) + ((ticks - before) / TicksPerSecond);
        }

        var cpuSeconds = used.Values.Sum();
        var groups = string.Join(", ", Groups.Select(g => FormattableString.Invariant($"{(g == "dotnet" ? "other instances" : g)} {used.GetValueOrDefault(g):0.0} s")));
        return FormattableString.Invariant(
            $"machine CPU: {share:P0} busy of {Environment.ProcessorCount} cores over {elapsed.TotalSeconds:0.0} s; {groups}; {cpuSeconds * 1000 / Math.Max(1, requests):0.0} ms of CPU per request");
    }

    private static (long Busy, long Total) Machine()
    {
        // "cpu  user nice system idle iowait irq softirq steal ...": idle and iowait are the idle part.
        var fields = File.ReadLines("/proc/stat").First().Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Take(8)
            .Select(f => long.Parse(f, CultureInfo.InvariantCulture)).ToArray();
        var total = fields.Sum();
        return (total - fields[3] - fields[4], total);
    }

    private static Dictionary<int, (string Group, long Ticks)> Processes()
    {
        var found = new Dictionary<int, (string, long)>();
        foreach (var dir in Directory.EnumerateDirectories("/proc"))
        {
            if (!int.TryParse(Path.GetFileName(dir), out var pid))
            {
                continue;
            }

            try
            {
                // "pid (comm) state ppid ... utime stime": fields 14 and 15, counted after the closing parenthesis.
                var stat = File.ReadAllText(Path.Combine(dir, "stat"));
                var close = stat.LastIndexOf(')');
                var comm = stat[(stat.IndexOf('(') + 1)..close];
                var group = pid == Environment.ProcessId ? ThisProcess : Groups.Skip(1).FirstOrDefault(g => comm.StartsWith(g, StringComparison.Ordinal));
                if (group is null)
                {
                    continue;
                }

                var rest = stat[(close + 2)..].Split(' ');
                found[pid] = (group, long.Parse(rest[11], CultureInfo.InvariantCulture) + long.Parse(rest[12], CultureInfo.InvariantCulture));
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException or FormatException or IndexOutOfRangeException)
            {
                // The process ended while being read.
            }
        }

        return found;
    }
}
