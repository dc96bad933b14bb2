using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Providers.Sqlite.Migrations
{
    /// <inheritdoc />
    public partial class Promotions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "Deployments",
                columns: table => new
                {
                    Id = table.Column<long>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    ProviderModelId = table.Column<string>(type: "TEXT", maxLength: 300, nullable: false),
                    From = table.Column<long>(type: "INTEGER", nullable: false),
                    To = table.Column<long>(type: "INTEGER", nullable: true),
                    ById = table.Column<string>(type: "TEXT", nullable: false),
                    Reason = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Kind = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_Deployments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_Deployments_AspNetUsers_ById",
                        column: x => x.ById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_Deployments_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_Deployments_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "PromotionRequests",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    RegisteredModelId = table.Column<int>(type: "INTEGER", nullable: false),
                    ModelVersionId = table.Column<int>(type: "INTEGER", nullable: false),
                    RequestedById = table.Column<string>(type: "TEXT", nullable: false),
                    RequestedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    Comment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<string>(type: "TEXT", maxLength: 20, nullable: false),
                    GateRunId = table.Column<int>(type: "INTEGER", nullable: false),
                    EvidenceJson = table.Column<string>(type: "TEXT", nullable: false),
                    ProductionVersionId = table.Column<int>(type: "INTEGER", nullable: true),
                    DecidedById = table.Column<string>(type: "TEXT", nullable: true),
                    DecidedAt = table.Column<long>(type: "INTEGER", nullable: true),
                    DecisionComment = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_PromotionRequests", x => x.Id);
                    table.ForeignKey(
                        name: "FK_PromotionRequests_AspNetUsers_DecidedById",
                        column: x => x.DecidedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PromotionRequests_AspNetUsers_RequestedById",
                        column: x => x.RequestedById,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PromotionRequests_GateRuns_GateRunId",
                        column: x => x.GateRunId,
                        principalTable: "GateRuns",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PromotionRequests_ModelVersions_ModelVersionId",
                        column: x => x.ModelVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_PromotionRequests_ModelVersions_ProductionVersionId",
                        column: x => x.ProductionVersionId,
                        principalTable: "ModelVersions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_PromotionRequests_RegisteredModels_RegisteredModelId",
                        column: x => x.RegisteredModelId,
                        principalTable: "RegisteredModels",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_OneProduction",
                table: "ModelVersions",
                column: "RegisteredModelId",
                unique: true,
                filter: "\"Stage\" = 'Production'");

            migrationBuilder.CreateIndex(
                name: "IX_ModelVersions_OneStaging",
                table: "ModelVersions",
                column: "RegisteredModelId",
                unique: true,
                filter: "\"Stage\" = 'Staging'");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ById",
                table: "Deployments",
                column: "ById");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_Current",
                table: "Deployments",
                column: "RegisteredModelId",
                unique: true,
                filter: "\"To\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_ModelVersionId",
                table: "Deployments",
                column: "ModelVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_Deployments_RegisteredModelId_From",
                table: "Deployments",
                columns: new[] { "RegisteredModelId", "From" });

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_DecidedById",
                table: "PromotionRequests",
                column: "DecidedById");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_GateRunId",
                table: "PromotionRequests",
                column: "GateRunId");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_ModelVersionId_Status",
                table: "PromotionRequests",
                columns: new[] { "ModelVersionId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_ProductionVersionId",
                table: "PromotionRequests",
                column: "ProductionVersionId");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_RegisteredModelId",
                table: "PromotionRequests",
                column: "RegisteredModelId");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_RequestedById",
                table: "PromotionRequests",
                column: "RequestedById");

            migrationBuilder.CreateIndex(
                name: "IX_PromotionRequests_Status",
                table: "PromotionRequests",
                column: "Status");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "Deployments");

            migrationBuilder.DropTable(
                name: "PromotionRequests");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_OneProduction",
                table: "ModelVersions");

            migrationBuilder.DropIndex(
                name: "IX_ModelVersions_OneStaging",
                table: "ModelVersions");
        }
    }
}
