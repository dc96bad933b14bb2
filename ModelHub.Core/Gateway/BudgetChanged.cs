using ModelHub.Core.Realtime;

namespace ModelHub.Core.Gateway;

/// <summary>
/// A model's budget was set or cleared, or its spend reached another level (80 %, 100 %, or back below after a change):
/// other instances re-evaluate it, pages reload their banners.
/// </summary>
public sealed record BudgetChanged(string Topic, string ModelName) : Update(Topic);
