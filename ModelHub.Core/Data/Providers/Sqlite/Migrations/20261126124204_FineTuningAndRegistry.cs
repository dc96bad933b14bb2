using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class FineTuningAndRegistry : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "RegisteredModels",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_RegisteredModels", x => x.Id);
                    table.ForeignKey(
                        name: "FK_RegisteredModels_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "FineTuneJobs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    ProviderJobId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    BaseModel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    TrainingDatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    ValidationDatasetId = table.Column<int>(type: "INTEGER", nullable: true),
                    NEpochs = table.Column<int>(type: "INTEGER", nullable: true),
                    BatchSize = table.Column<int>(type: "INTEGER", nullable: true),
                    LearningRateMultiplier = table.Column<double>(type: "REAL", nullable: true),
                    TrainedEpochs = table.Column<int>(type: "INTEGER", nullable: true),
                    TrainedBatchSize = table.Column<int>(type: "INTEGER", nullable: true),
                    TrainedLearningRateMultiplier = table.Column<double>(type: "REAL", nullable: true),
                    Suffix = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Seed = table.Column<int>(type: "INTEGER", nullable: true),
                    Notes = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    FineTunedModel = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    TrainedTokens = table.Column<long>(type: "INTEGER", nullable: true),
                    EstimatedCostUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    ActualCostUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    ErrorCode = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    ErrorMessage = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: true),
                    LaunchedById = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    StartedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    FinishedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    CurrentStep = table.Column<int>(type: "INTEGER", nullable: false),
                    TotalSteps = table.Column<int>(type: "INTEGER", nullable: true),
                    NextPollAt = table.Column<long>(type: "INTEGER", nullable: true),
                    LatestEventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_FineTuneJobs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_FineTuneJobs_AspNetUsers_LaunchedById",
                        column: x => x.LaunchedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FineTuneJobs_Datasets_TrainingDatasetId",
                        column: x => x.TrainingDatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FineTuneJobs_Datasets_ValidationDatasetId",
                        column: x => x.ValidationDatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_FineTuneJobs_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "JobCheckpoints",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderCheckpointId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    FineTunedModelCheckpoint = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainLoss = table.Column<double>(type: "REAL", nullable: true),
                    ValidLoss = table.Column<double>(type: "REAL", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobCheckpoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JobCheckpoints_FineTuneJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "FineTuneJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobEvents",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderEventId = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Level = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    Message = table.Column<string>(type: "TEXT", maxLength: 4000, nullable: false),
                    Type = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobEvents", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JobEvents_FineTuneJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "FineTuneJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "JobStatusChanges",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    From = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    To = table.Column<string>(type: "TEXT", maxLength: 30, nullable: false),
                    At = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_JobStatusChanges", x => x.Id);
                    table.ForeignKey(
                        name: "FK_JobStatusChanges_FineTuneJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "FineTuneJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "MetricPoints",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    Step = table.Column<int>(type: "INTEGER", nullable: false),
                    Value = table.Column<double>(type: "REAL", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_MetricPoints", x => x.Id);
                    table.ForeignKey(
                        name: "FK_MetricPoints_FineTuneJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "FineTuneJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ModelVersions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    Number = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderModelId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    BaseModel = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Stage = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    JobId = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainingDatasetId = table.Column<int>(type: "INTEGER", nullable: false),
                    TrainingDatasetSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    ValidationDatasetId = table.Column<int>(type: "INTEGER", nullable: true),
                    ValidationDatasetSha256 = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    NEpochs = table.Column<int>(type: "INTEGER", nullable: true),
                    BatchSize = table.Column<int>(type: "INTEGER", nullable: true),
                    LearningRateMultiplier = table.Column<double>(type: "REAL", nullable: true),
                    Suffix = table.Column<string>(type: "TEXT", maxLength: 64, nullable: true),
                    Seed = table.Column<int>(type: "INTEGER", nullable: true),
                    FinalMetricsJson = table.Column<string>(type: "TEXT", nullable: false),
                    TrainedTokens = table.Column<long>(type: "INTEGER", nullable: true),
                    CostUsd = table.Column<decimal>(type: "TEXT", nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: false),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ModelVersions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ModelVersions_AspNetUsers_CreatedById",
                        column: x => x.CreatedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ModelVersions_Datasets_TrainingDatasetId",
                        column: x => x.TrainingDatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ModelVersions_Datasets_ValidationDatasetId",
                        column: x => x.ValidationDatasetId,
                        principalTable: "Datasets",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ModelVersions_FineTuneJobs_JobId",
                        column: x => x.JobId,
                        principalTable: "FineTuneJobs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_ModelVersions_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_CreatedAt",
                table: "FineTuneJobs",
                column: "CreatedAt");

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_LaunchedById",
                table: "FineTuneJobs",
                column: "LaunchedById");

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_ProviderJobId",
                table: "FineTuneJobs",
                column: "ProviderJobId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_RegisteredModelId",
                table: "FineTuneJobs",
                column: "RegisteredModelId");

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_Status",
                table: "FineTuneJobs",
                column: "Status");

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_TrainingDatasetId",
                table: "FineTuneJobs",
                column: "TrainingDatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_FineTuneJobs_ValidationDatasetId",
                table: "FineTuneJobs",
                column: "ValidationDatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_JobCheckpoints_JobId",
                table: "JobCheckpoints",
                column: "JobId");

            migrationBuilder.CreateIndex(
                name: "IX_JobCheckpoints_ProviderCheckpointId",
                table: "JobCheckpoints",
                column: "ProviderCheckpointId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobEvents_JobId_CreatedAt",
                table: "JobEvents",
                columns: new[] { "JobId", "CreatedAt" });

            migrationBuilder.CreateIndex(
                name: "IX_JobEvents_JobId_ProviderEventId",
                table: "JobEvents",
                columns: new[] { "JobId", "ProviderEventId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_JobStatusChanges_JobId_At",
                table: "JobStatusChanges",
                columns: new[] { "JobId", "At" });

            migrationBuilder.CreateIndex(
                name: "IX_MetricPoints_JobId_Name_Step",
                table: "MetricPoints",
                columns: new[] { "JobId", "Name", "Step" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_CreatedById",
                table: "ModelVersions",
                column: "CreatedById");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_JobId",
                table: "ModelVersions",
                column: "JobId",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_RegisteredModelId_Number",
                table: "ModelVersions",
                columns: new[] { "RegisteredModelId", "Number" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_TrainingDatasetId",
                table: "ModelVersions",
                column: "TrainingDatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_ValidationDatasetId",
                table: "ModelVersions",
                column: "ValidationDatasetId");

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredModels_Name",
                table: "RegisteredModels",
                column: "Name",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_RegisteredModels_OwnerId",
                table: "RegisteredModels",
                column: "OwnerId");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "JobCheckpoints");

            migrationBuilder.DropTable(
                name: "JobEvents");

            migrationBuilder.DropTable(
                name: "JobStatusChanges");

            migrationBuilder.DropTable(
                name: "MetricPoints");

            migrationBuilder.DropTable(
                name: "ModelVersions");

            migrationBuilder.DropTable(
                name: "FineTuneJobs");

            migrationBuilder.DropTable(
                name: "RegisteredModels");
        }
    }
}
