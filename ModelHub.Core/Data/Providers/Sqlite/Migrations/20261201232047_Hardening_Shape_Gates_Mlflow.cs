using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Hardening_Shape_Gates_Mlflow : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AlterColumn<string>(
                name: "TrainingDatasetSha256",
                table: "ModelVersions",
                type: "TEXT",
                maxLength: 64,
                nullable: true,
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 64);

            migrationBuilder.AlterColumn<int>(
                name: "TrainingDatasetId",
                table: "ModelVersions",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AlterColumn<int>(
                name: "JobId",
                table: "ModelVersions",
                type: "INTEGER",
                nullable: true,
                oldClrType: typeof(int),
                oldType: "INTEGER");

            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "JobStatusChanges",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

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

            migrationBuilder.AddColumn<long>(
                name: "CancelRequestedAt",
                table: "FineTuneJobs",
                type: "INTEGER",
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "IssuedById",
                table: "AccessTokens",
                type: "TEXT",
                maxLength: 450,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "MlflowExperiments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 500, nullable: false),
                    LifecycleStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowExperiments", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "MlflowModelTags",
                columns: table => new
                {
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowModelTags", x => new { x.RegisteredModelId, x.Key });
                    table.ForeignKey(
                        name: "FK_MlflowModelTags_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MlflowVersionTags",
                columns: table => new
                {
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowVersionTags", x => new { x.ModelVersionId, x.Key });
                    table.ForeignKey(
                        name: "FK_MlflowVersionTags_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

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

            migrationBuilder.CreateTable(
                name: "MlflowRuns",
                columns: table => new
                {
                    Id = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    ExperimentId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 250, nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: false),
                    UserName = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    StartTime = table.Column<long>(type: "INTEGER", nullable: false),
                    EndTime = table.Column<long>(type: "INTEGER", nullable: true),
                    LifecycleStage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowRuns", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MlflowRuns_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MlflowRuns_MlflowExperiments_ExperimentId",
                        column: x => x.ExperimentId,
                        principalTable: "MlflowExperiments",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "MlflowMetrics",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RunId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false),
                    Timestamp = table.Column<long>(type: "INTEGER", nullable: false),
                    Step = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowMetrics", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MlflowMetrics_MlflowRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "MlflowRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MlflowParams",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 6000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowParams", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_MlflowParams_MlflowRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "MlflowRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MlflowRunTags",
                columns: table => new
                {
                    RunId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Key = table.Column<string>(type: "TEXT", maxLength: 250, nullable: false),
                    Value = table.Column<string>(type: "TEXT", maxLength: 8000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowRunTags", x => new { x.RunId, x.Key });
                    table.ForeignKey(
                        name: "FK_MlflowRunTags_MlflowRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "MlflowRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MlflowVersionSources",
                columns: table => new
                {
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    RunId = table.Column<string>(type: "TEXT", maxLength: 32, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MlflowVersionSources", x => x.ModelVersionId);
                    table.ForeignKey(
                        name: "FK_MlflowVersionSources_MlflowRuns_RunId",
                        column: x => x.RunId,
                        principalTable: "MlflowRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_MlflowVersionSources_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_MlflowExperiments_Name",
                table: "MlflowExperiments",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_MlflowMetrics_RunId_Key_Step",
                table: "MlflowMetrics",
                columns: new[] { "RunId", "Key", "Step" });

            migrationBuilder.CreateIndex(
                name: "IX_MlflowRuns_CreatedById",
                table: "MlflowRuns",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_MlflowRuns_ExperimentId_StartTime",
                table: "MlflowRuns",
                columns: new[] { "ExperimentId", "StartTime" });

            migrationBuilder.CreateIndex(
                name: "IX_MlflowVersionSources_RunId",
                table: "MlflowVersionSources",
                column: "RunId");

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
                name: "MlflowMetrics");

            migrationBuilder.DropTable(
                name: "MlflowModelTags");

            migrationBuilder.DropTable(
                name: "MlflowParams");

            migrationBuilder.DropTable(
                name: "MlflowRunTags");

            migrationBuilder.DropTable(
                name: "MlflowVersionSources");

            migrationBuilder.DropTable(
                name: "MlflowVersionTags");

            migrationBuilder.DropTable(
                name: "VersionEvaluations");

            migrationBuilder.DropTable(
                name: "MlflowRuns");

            migrationBuilder.DropTable(
                name: "MlflowExperiments");

            migrationBuilder.DropColumn(
                name: "Note",
                table: "JobStatusChanges");

            migrationBuilder.DropColumn(
                name: "ConfusionJson",
                table: "GateRuns");

            migrationBuilder.DropColumn(
                name: "ProductionEvidenceJson",
                table: "GateRuns");

            migrationBuilder.DropColumn(
                name: "CancelRequestedAt",
                table: "FineTuneJobs");

            migrationBuilder.DropColumn(
                name: "IssuedById",
                table: "AccessTokens");

            migrationBuilder.AlterColumn<string>(
                name: "TrainingDatasetSha256",
                table: "ModelVersions",
                type: "TEXT",
                maxLength: 64,
                nullable: false,
                defaultValue: "",
                oldClrType: typeof(string),
                oldType: "TEXT",
                oldMaxLength: 64,
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "TrainingDatasetId",
                table: "ModelVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);

            migrationBuilder.AlterColumn<int>(
                name: "JobId",
                table: "ModelVersions",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0,
                oldClrType: typeof(int),
                oldType: "INTEGER",
                oldNullable: true);
        }
    }
}
