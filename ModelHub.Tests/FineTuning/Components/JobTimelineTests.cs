using Bunit;
using ModelHub.Core.FineTuning;
using ModelHub.Web.Components.Pages.Jobs;

using ModelHub.Tests.Support;

namespace ModelHub.Tests.FineTuning.Components;

public sealed class JobTimelineTests : ComponentTest, IAsyncLifetime
{
    public Task InitializeAsync() => Task.CompletedTask;

    // MudBlazor's services are only async-disposable.
    public new async Task DisposeAsync() => await base.DisposeAsync();

    [Fact]
    public void A_step_with_a_note_shows_who_cancelled_the_job()
    {
        var at = new DateTimeOffset(2026, 11, 30, 9, 0, 0, TimeSpan.Zero);
        var cut = Render<JobTimeline>(p => p.Add(c => c.Changes, new List<JobStatusChange>
        {
            new() { To = JobStatus.Pending, At = at },
            new() { From = JobStatus.Pending, To = JobStatus.Running, At = at.AddMinutes(1) },
            new() { From = JobStatus.Running, To = JobStatus.Cancelled, At = at.AddMinutes(2), Note = JobStatusChange.CancelledByProvider },
        }));

        var note = Assert.Single(cut.FindAll("[data-testid=job-timeline-note]"));
        Assert.Equal("cancelled by the provider", note.TextContent);
    }
}
