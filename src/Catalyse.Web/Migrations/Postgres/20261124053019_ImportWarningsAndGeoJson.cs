using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImportWarningsAndGeoJson : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "Format",
                table: "directory_imports",
                type: "character varying(10)",
                maxLength: 10,
                nullable: false,
                defaultValue: "csv");

            migrationBuilder.AddColumn<int>(
                name: "WarningCount",
                table: "directory_imports",
                type: "integer",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WarningsJson",
                table: "directory_imports",
                type: "text",
                nullable: false,
                defaultValue: "[]");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropColumn(
                name: "Format",
                table: "directory_imports");

            migrationBuilder.DropColumn(
                name: "WarningCount",
                table: "directory_imports");

            migrationBuilder.DropColumn(
                name: "WarningsJson",
                table: "directory_imports");
        }
    }
}
