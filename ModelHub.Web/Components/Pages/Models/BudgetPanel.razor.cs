using Microsoft.AspNetCore.Components;
using Microsoft.AspNetCore.Components.Authorization;
using ModelHub.Core.Gateway;
using ModelHub.Core.Realtime;
using ModelHub.Web.Authentication;
using MudBlazor;

namespace ModelHub.Web.Components.Pages.Models;

/// <summary>A model's monthly budget: its banner at 80 % and 100 %, spend this month, and setting or clearing it (Engineers, Admins).</summary>
public sealed partial class BudgetPanel : IDisposable
{
    private BudgetStatus? status;
    private BudgetInput? editing;
    private string? error;
    private bool loaded;
    private bool busy;
    private int reloading;
    private IDisposable? subscription;

    [Inject] private BudgetQueries Budgets { get; set; } = default!;

    [Inject] private SetBudget Set { get; set; } = default!;

    [Inject] private UsageMeter Meter { get; set; } = default!;

    [Inject] private IUpdateBus Bus { get; set; } = default!;

    [Inject] private ISnackbar Snackbar { get; set; } = default!;

    [CascadingParameter] private Task<AuthenticationState> AuthenticationState { get; set; } = default!;

    /// <summary>The model whose budget is shown and edited.</summary>
    [Parameter, EditorRequired] public string Model { get; set; } = "";

    protected override async Task OnParametersSetAsync()
    {
        status = await Budgets.GetAsync(Model);
        loaded = true;
    }

    protected override void OnAfterRender(bool firstRender)
    {
        if (firstRender && RendererInfo.IsInteractive)
        {
            Meter.Flushed += OnFlushed;
            subscription = Bus.Subscribe(Topics.Model(Model), update => update is BudgetChanged ? ReloadAsync() : Task.CompletedTask);
        }
    }

    private void OnFlushed(IReadOnlyList<UsageRecord> records)
    {
        if (status is not null && records.Any(r => r.Model == Model))
        {
            _ = ReloadAsync();
        }
    }

    // One reload at a time: flushes come every second, and a slow read must not pile up behind it.
    private Task ReloadAsync() => Interlocked.Exchange(ref reloading, 1) == 1 ? Task.CompletedTask : InvokeAsync(async () =>
    {
        try
        {
            status = await Budgets.GetAsync(Model);
            StateHasChanged();
        }
        catch (Exception ex)
        {
            await DispatchExceptionAsync(ex);
        }
        finally
        {
            Volatile.Write(ref reloading, 0);
        }
    });

    private void StartEditing() => editing = new BudgetInput { MonthlyUsd = status?.MonthlyUsd, HardStop = status?.HardStop ?? false };

    private async Task SaveAsync()
    {
        error = SetBudget.Check(editing!.MonthlyUsd)?.Message;
        if (error is not null)
        {
            return;
        }

        busy = true;
        var saved = await Set.SetAsync(Model, editing.MonthlyUsd, editing.HardStop, await ActorAsync());
        busy = false;
        if (!saved.Succeeded)
        {
            error = saved.Error!.Message;
            return;
        }

        status = saved.Value;
        editing = null;
        Snackbar.Add($"Budget of {Model} set to {BudgetBanner.Usd(status.MonthlyUsd)} a month.", Severity.Success);
    }

    private async Task ClearAsync()
    {
        busy = true;
        var cleared = await Set.ClearAsync(Model, await ActorAsync());
        busy = false;
        if (cleared.Succeeded)
        {
            status = null;
            Snackbar.Add($"The budget of {Model} is cleared; its calls are not limited.", Severity.Success);
        }
        else
        {
            Snackbar.Add(cleared.Error!.Message, Severity.Error);
        }
    }

    private async Task<Core.Audit.Actor> ActorAsync() => (await AuthenticationState).User.ToActor();

    public void Dispose()
    {
        Meter.Flushed -= OnFlushed;
        subscription?.Dispose();
    }

    private sealed class BudgetInput
    {
        public decimal? MonthlyUsd { get; set; }

        public bool HardStop { get; set; }
    }
}
