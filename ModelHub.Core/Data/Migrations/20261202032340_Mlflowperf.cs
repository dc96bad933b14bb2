using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Mlflowperf : Migration
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
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
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
