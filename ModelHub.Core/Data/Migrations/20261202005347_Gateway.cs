using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Gateway : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "CanaryTraffic",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Percent = table.Column<int>(type: "INTEGER", nullable: false),
                    ProductionVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    StagingVersion = table.Column<int>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedById = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_CanaryTraffic", x => x.Id);
                    table.ForeignKey(
                        name: "FK_CanaryTraffic_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "UsageMinutes",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Minute = table.Column<long>(type: "INTEGER", nullable: false),
                    Model = table.Column<string>(type: "TEXT", maxLength: 65, nullable: false),
                    Version = table.Column<int>(type: "INTEGER", nullable: false),
                    Alias = table.Column<string>(type: "TEXT", maxLength: 40, nullable: false),
                    Canary = table.Column<bool>(type: "INTEGER", nullable: false),
                    CallerId = table.Column<string>(type: "TEXT", maxLength: 450, nullable: false),
                    TokenId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Calls = table.Column<long>(type: "INTEGER", nullable: false),
                    InputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    OutputTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    LatencyMsTotal = table.Column<double>(type: "REAL", nullable: false),
                    TimeToFirstTokenMsTotal = table.Column<double>(type: "REAL", nullable: false),
                    LatencyBuckets = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_UsageMinutes", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_CanaryTraffic_RegisteredModelId",
                table: "CanaryTraffic",
                column: "RegisteredModelId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageMinutes_Minute_Model_Version_Alias_Canary_CallerId_TokenId_Status",
                table: "UsageMinutes",
                columns: new[] { "Minute", "Model", "Version", "Alias", "Canary", "CallerId", "TokenId", "Status" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_UsageMinutes_Model_Minute",
                table: "UsageMinutes",
                columns: new[] { "Model", "Minute" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "CanaryTraffic");

            migrationBuilder.DropTable(
                name: "UsageMinutes");
        }
    }
}
