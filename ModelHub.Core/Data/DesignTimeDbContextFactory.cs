using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace ModelHub.Core.Data;

/// <summary>Lets <c>dotnet ef</c> build the model without starting the web host.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<ModelHubDbContext>
{
    public ModelHubDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<ModelHubDbContext>()
            .UseSqlite("Data Source=design-time.db", o => o.MigrationsAssembly(typeof(ModelHubDbContext).Assembly.FullName))
            .Options);
}
