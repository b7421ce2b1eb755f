using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class ImportFileApart : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "directory_import_files",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false),
                    Content = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_directory_import_files", x => x.Id);
                    table.ForeignKey(
                        name: "FK_directory_import_files_directory_imports_Id",
                        column: x => x.Id,
                        principalTable: "directory_imports",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            // Keep the text of imports not yet run.
            migrationBuilder.Sql("INSERT INTO directory_import_files (\"Id\", \"Content\") SELECT \"Id\", \"Content\" FROM directory_imports;");

            migrationBuilder.DropColumn(
                name: "Content",
                table: "directory_imports");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "directory_import_files");

            migrationBuilder.AddColumn<string>(
                name: "Content",
                table: "directory_imports",
                type: "text",
                nullable: false,
                defaultValue: "");
        }
    }
}
