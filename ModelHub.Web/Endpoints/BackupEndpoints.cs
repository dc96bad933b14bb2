using System.Security.Claims;
using Microsoft.AspNetCore.Http.HttpResults;
using ModelHub.Core.Backup;
using ModelHub.Core.Common;
using ModelHub.Core.Identity;
using ModelHub.Web.Authentication;

namespace ModelHub.Web.Endpoints;

/// <summary>Backups for Admins: <c>POST /api/admin/backup</c> makes one, <c>GET /api/admin/backups/{id}</c> downloads it.</summary>
internal static class BackupEndpoints
{
    public static void MapBackupEndpoints(this IEndpointRouteBuilder app)
    {
        var admin = app.MapGroup("/api/admin").WithTags("Backup").RequireAuthorization(Policies.CanAdminister);

        admin.MapPost("/backup", async Task<Results<Created<BackupInfo>, ProblemHttpResult>> (CreateBackup backup, ClaimsPrincipal me, CancellationToken ct) =>
            {
                if (backup.UnavailableReason is { } reason)
                {
                    return Problems.From(Error.Conflict("backup-unavailable", reason));
                }

                var info = await backup.ExecuteAsync(me.ToActor(), ct);
                return TypedResults.Created($"/api/admin/backups/{info.Id}", info);
            })
            .WithSummary("Writes a consistent snapshot (database, dataset files, settings, audit anchor) as one zip archive; 201 with its id and the download address in Location. 409 on PostgreSQL, whose DBA backs it up with pg_dump.");

        admin.MapGet("/backups/{id}", Results<PhysicalFileHttpResult, ProblemHttpResult> (string id, BackupStore store) =>
                store.Find(id) is { } path
                    ? TypedResults.PhysicalFile(path, "application/zip", Path.GetFileName(path), enableRangeProcessing: true)
                    : Problems.From(Error.NotFound("The backup")))
            .WithSummary("Downloads a backup archive made by POST /api/admin/backup.");
    }
}
