using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Budgets_Mlflowperf : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropForeignKey(
                name: "FK_MlflowVersionSources_MlflowRuns_RunId",
                table: "MlflowVersionSources");

            migrationBuilder.AddColumn<bool>(
                name: "IsNan",
                table: "MlflowMetrics",
                type: "INTEGER",
                nullable: false,
                defaultValue: false);

            migrationBuilder.CreateTable(
                name: "BudgetAlerts",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Month = table.Column<string>(type: "TEXT", maxLength: 7, nullable: false),
                    Threshold = table.Column<int>(type: "INTEGER", nullable: false),
                    SpendUsd = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    BudgetUsd = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_BudgetAlerts", x => x.Id);
                    table.ForeignKey(
                        name: "FK_BudgetAlerts_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ModelBudgets",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    MonthlyUsd = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: false),
                    HardStop = table.Column<bool>(type: "INTEGER", nullable: false),
                    SetAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SetById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelBudgets", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelBudgets_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_BudgetAlerts_RegisteredModelId_Month_Threshold",
                table: "BudgetAlerts",
                columns: new[] { "RegisteredModelId", "Month", "Threshold" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelBudgets_RegisteredModelId",
                table: "ModelBudgets",
                column: "RegisteredModelId",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "BudgetAlerts");

            migrationBuilder.DropTable(
                name: "ModelBudgets");

            migrationBuilder.DropColumn(
                name: "IsNan",
                table: "MlflowMetrics");

            migrationBuilder.AddForeignKey(
                name: "FK_MlflowVersionSources_MlflowRuns_RunId",
                table: "MlflowVersionSources",
                column: "RunId",
                principalTable: "MlflowRuns",
                principalColumn: "Id",
                onDelete: ReferentialAction.Restrict);
        }
    }
}
