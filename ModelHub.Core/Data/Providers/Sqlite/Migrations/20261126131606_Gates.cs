using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Gates : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "GateDefinitions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    RulesJson = table.Column<string>(type: "TEXT", nullable: false),
                    NotWorseThanProductionJson = table.Column<string>(type: "TEXT", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedById = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateDefinitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GateDefinitions_AspNetUsers_UpdatedById",
                        column: x => x.UpdatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GateDefinitions_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "GateRuns",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    ExampleCount = table.Column<int>(type: "INTEGER", nullable: false),
                    Completed = table.Column<int>(type: "INTEGER", nullable: false),
                    FailedCount = table.Column<int>(type: "INTEGER", nullable: false),
                    ScoresJson = table.Column<string>(type: "TEXT", nullable: true),
                    RuleResultsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ProductionComparisonsJson = table.Column<string>(type: "TEXT", nullable: true),
                    ProductionVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    ProductionScoresJson = table.Column<string>(type: "TEXT", nullable: true),
                    PromptTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletionTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CostUsd = table.Column<decimal>(type: "TEXT", precision: 18, scale: 6, nullable: true),
                    Error = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    RequestedById = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GateRuns_AspNetUsers_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GateRuns_Datasets_DatasetId",
                        column: x => x.DatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_GateRuns_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_GateRuns_ModelVersions_ProductionVersionId",
                        column: x => x.ProductionVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "GateRunFailures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    GateRunId = table.Column<int>(type: "INTEGER", nullable: false),
                    Line = table.Column<int>(type: "INTEGER", nullable: false),
                    PromptExcerpt = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    Expected = table.Column<string>(type: "TEXT", nullable: false),
                    Actual = table.Column<string>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_GateRunFailures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_GateRunFailures_GateRuns_GateRunId",
                        column: x => x.GateRunId,
                        principalTable: "GateRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_GateDefinitions_RegisteredModelId",
                table: "GateDefinitions",
                column: "RegisteredModelId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_GateDefinitions_UpdatedById",
                table: "GateDefinitions",
                column: "UpdatedById");

            migrationBuilder.CreateIndex(
                name: "IX_GateRunFailures_GateRunId_Line",
                table: "GateRunFailures",
                columns: new[] { "GateRunId", "Line" });

            migrationBuilder.CreateIndex(
                name: "IX_GateRuns_DatasetId",
                table: "GateRuns",
                column: "DatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_GateRuns_ModelVersionId_DatasetId_StartedAt",
                table: "GateRuns",
                columns: new[] { "ModelVersionId", "DatasetId", "StartedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_GateRuns_ProductionVersionId",
                table: "GateRuns",
                column: "ProductionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_GateRuns_RequestedById",
                table: "GateRuns",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_GateRuns_Status",
                table: "GateRuns",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "GateDefinitions");

            migrationBuilder.DropTable(
                name: "GateRunFailures");

            migrationBuilder.DropTable(
                name: "GateRuns");
        }
    }
}
