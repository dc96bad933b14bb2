using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Microsoft.EntityFrameworkCore;
using ModelHub.Core.Data.Providers.Postgres;
using Npgsql;

namespace ModelHub.Tests.Support;

/// <summary>
/// A throwaway PostgreSQL cluster for this test process: <c>initdb</c> and <c>pg_ctl</c> in a temp folder on a free
/// loopback port (as the <c>postgres</c> OS user when running as root, since PostgreSQL refuses root), started on first
/// use and stopped and deleted when the process exits. Each test gets a fresh database copied from a migrated template.
/// </summary>
public sealed class PostgresCluster
{
    private const string Template = "modelhub_template";

    private static readonly Lazy<PostgresCluster> Shared = new(Start, LazyThreadSafetyMode.ExecutionAndPublication);
    private static int databases;

    private readonly string folder;
    private readonly string binaries;
    private readonly bool asPostgresUser;
    private readonly Lock creating = new();

    private PostgresCluster(string folder, string binaries, bool asPostgresUser, int port)
    {
        this.folder = folder;
        this.binaries = binaries;
        this.asPostgresUser = asPostgresUser;
        Port = port;
    }

    /// <summary>The cluster of this test process, started on first use.</summary>
    public static PostgresCluster Instance => Shared.Value;

    public int Port { get; }

    /// <summary>A connection string for <paramref name="database"/> on this cluster.</summary>
    public string ConnectionString(string database) => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = "postgres",
        Database = database,
        // Hundreds of test databases each get a pool: idle connections must close soon so max_connections is not reached.
        ConnectionIdleLifetime = 5,
        ConnectionPruningInterval = 1,
        IncludeErrorDetail = true,
    }.ConnectionString;

    /// <summary>Creates an empty, migrated database of its own and returns its connection string.</summary>
    public string CreateDatabase()
    {
        var name = $"test_{Environment.ProcessId}_{Interlocked.Increment(ref databases)}";
        // Copying the template needs it to have no other connections: one copy at a time.
        lock (creating)
        {
            Execute($"CREATE DATABASE \"{name}\" TEMPLATE {Template}");
        }

        return ConnectionString(name);
    }

    /// <summary>Drops a database made by <see cref="CreateDatabase"/>, ending its connections.</summary>
    public void DropDatabase(string connectionString)
    {
        var name = new NpgsqlConnectionStringBuilder(connectionString).Database!;
        using (var connection = new NpgsqlConnection(connectionString))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        Execute($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    private void Execute(string sql)
    {
        using var connection = new NpgsqlConnection(ConnectionString("postgres") + ";Pooling=false");
        connection.Open();
        using var command = new NpgsqlCommand(sql, connection);
        command.ExecuteNonQuery();
    }

    private static PostgresCluster Start()
    {
        var binaries = FindBinaries();
        var folder = Path.Combine(Path.GetTempPath(), $"modelhub-postgres-{Guid.NewGuid():N}");
        Directory.CreateDirectory(folder);
        var asPostgresUser = Environment.UserName == "root";
        if (asPostgresUser)
        {
            Run("chown", ["-R", "postgres:postgres", folder]);
        }

        var port = FreePort();
        var cluster = new PostgresCluster(folder, binaries, asPostgresUser, port);
        var data = Path.Combine(folder, "data");
        cluster.RunPostgres("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "--encoding=UTF8", "--locale=C", "--no-sync"]);
        // Throwaway data: no fsync. Room for the pools of many short-lived test databases.
        cluster.RunPostgres("pg_ctl", ["-D", data, "-l", Path.Combine(folder, "server.log"), "-w", "-t", "60", "-o",
            $"-p {port} -k {folder} -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400",
            "start"]);
        AppDomain.CurrentDomain.ProcessExit += (_, _) => cluster.Stop();

        cluster.Execute($"CREATE DATABASE {Template}");
        var template = cluster.ConnectionString(Template);
        using (var db = new PostgresModelHubDbContext(new DbContextOptionsBuilder<PostgresModelHubDbContext>().UseNpgsql(template).Options))
        {
            db.Database.Migrate();
        }

        using (var connection = new NpgsqlConnection(template))
        {
            NpgsqlConnection.ClearPool(connection);
        }

        return cluster;
    }

    private void Stop()
    {
        try
        {
            RunPostgres("pg_ctl", ["-D", Path.Combine(folder, "data"), "-m", "immediate", "-w", "stop"]);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    private void RunPostgres(string tool, string[] arguments)
    {
        var executable = Path.Combine(binaries, tool);
        if (asPostgresUser)
        {
            Run("runuser", ["-u", "postgres", "--", executable, .. arguments]);
        }
        else
        {
            Run(executable, arguments);
        }
    }

    private static void Run(string executable, string[] arguments)
    {
        var start = new ProcessStartInfo(executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start)!;
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        process.WaitForExit();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"{executable} {string.Join(' ', arguments)} exited with {process.ExitCode}: {output.Result}{error.Result}");
        }
    }

    // initdb is on PATH on some machines; Debian keeps it in /usr/lib/postgresql/<version>/bin.
    private static string FindBinaries()
    {
        var onPath = (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':', StringSplitOptions.RemoveEmptyEntries)
            .FirstOrDefault(dir => File.Exists(Path.Combine(dir, "initdb")) && File.Exists(Path.Combine(dir, "pg_ctl")));
        if (onPath is not null)
        {
            return onPath;
        }

        var debian = Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .Select(version => Path.Combine(version, "bin"))
                .Where(bin => File.Exists(Path.Combine(bin, "initdb")))
                .OrderByDescending(bin => int.TryParse(Path.GetFileName(Path.GetDirectoryName(bin)), out var v) ? v : 0)
                .FirstOrDefault()
            : null;
        return debian ?? throw new InvalidOperationException("PostgreSQL's initdb was not found on PATH nor in /usr/lib/postgresql/*/bin; test.sh installs it.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
