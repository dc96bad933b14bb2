using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ModelHub.Core.Audit;
using ModelHub.Core.Datasets;
using ModelHub.Core.Promotions;
using ModelHub.Core.Realtime;
using ModelHub.Web.Authentication;
using ModelHub.Web.Components.Shared;
using MudBlazor;

namespace ModelHub.Web.Components.Pages.Promotions;

/// <summary>A version's validation gate: the model's rules (editable by Engineers), "Run gate" and its runs with live progress.</summary>
public partial class GatePanel
{
    private GateView? gate;
    private List<GateRunView> runs = [];
    private IReadOnlyList<DatasetSummary> datasets = [];
    private int? datasetId;
    private bool notFound;
    private bool starting;
    private IDisposable? subscription;

    [Inject] private GateQueries Queries { get; set; } = default!;
    [Inject] private StartGateRun Start { get; set; } = default!;
    [Inject] private DatasetCatalog Catalog { get; set; } = default!;
    [Inject] private IUpdateBus Bus { get; set; } = default!;
    [Inject] private IDialogService Dialogs { get; set; } = default!;
    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState>? AuthenticationState { get; set; }

    /// <summary>The registered model whose gate is shown and edited.</summary>
    [Parameter, EditorRequired] public string ModelName { get; set; } = "";

    /// <summary>The version whose runs are listed and which "Run gate" evaluates.</summary>
    [Parameter, EditorRequired] public int VersionNumber { get; set; }

    protected override async Task OnAfterRenderAsync(bool firstRender)
    {
        if (!firstRender)
        {
            return;
        }

        // Subscribe before loading so no progress published in between is lost.
        subscription = Bus.Subscribe(Topics.Model(ModelName), update => InvokeAsync(() => ApplyAsync(update)));
        await LoadAsync();
        // Archived datasets are left out: StartGateRun refuses them.
        datasets = await Catalog.ListAsync(includeArchived: false);
        datasetId ??= datasets.FirstOrDefault(d => d.Purpose == DatasetPurpose.Validation)?.Id;
        StateHasChanged();
    }

    private async Task LoadAsync()
    {
        gate = await Queries.GetGateAsync(ModelName);
        notFound = gate is null;
        runs = [.. await Queries.ListRunsAsync(ModelName, VersionNumber)];
    }

    private async Task ApplyAsync(Update update)
    {
        try
        {
            if (update is not GateRunChanged changed || changed.VersionNumber != VersionNumber)
            {
                return;
            }

            var index = runs.FindIndex(r => r.Id == changed.RunId);
            if (changed.Status == GateRunStatus.Running && index >= 0)
            {
                // Progress only: no database round trip per tick.
                runs[index] = runs[index] with { Completed = Math.Max(runs[index].Completed, changed.Completed), Total = changed.Total };
            }
            else
            {
                runs = [.. await Queries.ListRunsAsync(ModelName, VersionNumber)];
            }

            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
    }

    private async Task<Actor> ActorAsync() =>
        AuthenticationState is null ? throw new InvalidOperationException("The gate is changed by a signed-in user.") : (await AuthenticationState).User.ToActor();

    private async Task EditGateAsync()
    {
        var dialog = await Dialogs.ShowAsync<GateRulesDialog>($"Gate of {ModelName}", new DialogParameters<GateRulesDialog>
        {
            { d => d.ModelName, ModelName },
            { d => d.Current, gate?.Gate },
            { d => d.Actor, await ActorAsync() },
        }, DialogDefaults.Form);
        if (await dialog.Result is { Canceled: false })
        {
            gate = await Queries.GetGateAsync(ModelName);
            Snackbar.Add("Gate saved.", Severity.Success);
        }
    }

    private async Task RunAsync()
    {
        if (datasetId is not { } id)
        {
            return;
        }

        starting = true;
        var started = await Start.StartAsync(ModelName, VersionNumber, id, await ActorAsync());
        starting = false;
        if (!started.Succeeded)
        {
            Snackbar.Add(started.Error!.Message, Severity.Error);
            return;
        }

        runs = [.. await Queries.ListRunsAsync(ModelName, VersionNumber)];
    }

    private int? LatestFinishedId => runs.FirstOrDefault(r => r.Scores is not null)?.Id;

    public void Dispose() => subscription?.Dispose();
}
