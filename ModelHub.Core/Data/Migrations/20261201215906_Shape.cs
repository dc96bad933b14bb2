using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Shape : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Note",
                table: "JobStatusChanges",
                type: "TEXT",
                maxLength: 200,
                nullable: true);

            migrationBuilder.AddColumn<long>(
                name: "CancelRequestedAt",
                table: "FineTuneJobs",
                type: "INTEGER",
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Note",
                table: "JobStatusChanges");

            migrationBuilder.DropColumn(
                name: "CancelRequestedAt",
                table: "FineTuneJobs");
        }
    }
}
