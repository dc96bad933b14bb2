using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace ModelHub.Core.Data.Migrations
{
    /// <inheritdoc />
    public partial class Hardening_Auth : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "IssuedById",
                table: "AccessTokens",
                type: "TEXT",
                maxLength: 450,
                nullable: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "IssuedById",
                table: "AccessTokens");
        }
    }
}
