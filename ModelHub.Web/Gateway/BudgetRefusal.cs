using System.Globalization;
using ModelHub.Core.Gateway;

namespace ModelHub.Web.Gateway;

/// <summary>
/// The gateway's budget hard stop: a lookup in <see cref="BudgetGuard"/>'s memory (no database read), and for a model
/// whose budget is used up a 429 in OpenAI's error shape before any provider call.
/// </summary>
internal static class BudgetRefusal
{
    private static readonly CultureInfo Usd = CultureInfo.GetCultureInfo("en-US");

    /// <summary>Answers 429 and returns true when <paramref name="model"/>'s hard-stop budget is used up.</summary>
    public static async ValueTask<bool> RefusedAsync(HttpContext http, string model)
    {
        if (http.RequestServices.GetRequiredService<BudgetGuard>().Refusing(model) is not { } budget)
        {
            return false;
        }

        // Retrying cannot help before the month ends or the budget is raised: tell SDKs not to retry.
        http.Response.Headers["x-should-retry"] = "false";
        await ChatRelay.WriteErrorAsync(http, StatusCodes.Status429TooManyRequests, Message(budget), "insufficient_quota", "budget_exceeded");
        return true;
    }

    internal static string Message(BudgetStatus budget) => string.Create(Usd,
        $"Model '{budget.Model}' has used its monthly budget of {budget.MonthlyUsd:C2} ({budget.SpendUsd:C2} spent in {budget.Month.Label}); an Engineer can raise it on the model page.");
}
