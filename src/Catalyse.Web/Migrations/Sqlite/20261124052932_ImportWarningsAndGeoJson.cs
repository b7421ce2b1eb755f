using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
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
                type: "TEXT",
                maxLength: 10,
                nullable: false,
                defaultValue: "csv");

            migrationBuilder.AddColumn<int>(
                name: "WarningCount",
                table: "directory_imports",
                type: "INTEGER",
                nullable: false,
                defaultValue: 0);

            migrationBuilder.AddColumn<string>(
                name: "WarningsJson",
                table: "directory_imports",
                type: "TEXT",
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
