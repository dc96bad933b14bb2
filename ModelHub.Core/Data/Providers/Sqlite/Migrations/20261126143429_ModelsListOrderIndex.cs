using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class ModelsListOrderIndex : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RegisteredModels_UpdatedAt",
                table: "RegisteredModels");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredModels_UpdatedAt_Name",
                table: "RegisteredModels",
                columns: new[] { "UpdatedAt", "Name" },
                descending: new[] { true, false });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_RegisteredModels_UpdatedAt_Name",
                table: "RegisteredModels");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredModels_UpdatedAt",
                table: "RegisteredModels",
                column: "UpdatedAt");
        }
    }
}
