using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class H_Gate : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ConfusionJson",
                table: "GateRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ProductionEvidenceJson",
                table: "GateRuns",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "VersionEvaluations",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    DatasetSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    GateRunId = table.Column<int>(type: "INTEGER", nullable: false),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    ScoresJson = table.Column<string>(type: "TEXT", nullable: false),
                    AnswersJson = table.Column<string>(type: "TEXT", nullable: false),
                    PromptTokens = table.Column<long>(type: "INTEGER", nullable: false),
                    CompletionTokens = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_VersionEvaluations", x => x.Id);
                    table.ForeignKey(
                        name: "FK_VersionEvaluations_GateRuns_GateRunId",
                        column: x => x.GateRunId,
                        principalTable: "GateRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_VersionEvaluations_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_VersionEvaluations_GateRunId",
                table: "VersionEvaluations",
                column: "GateRunId");

            migrationBuilder.CreateIndex(
                name: "IX_VersionEvaluations_ModelVersionId_DatasetSha256_FinishedAt",
                table: "VersionEvaluations",
                columns: new[] { "ModelVersionId", "DatasetSha256", "FinishedAt" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "VersionEvaluations");

            migrationBuilder.DropColumn(
                name: "ConfusionJson",
                table: "GateRuns");

            migrationBuilder.DropColumn(
                name: "ProductionEvidenceJson",
                table: "GateRuns");
        }
    }
}
