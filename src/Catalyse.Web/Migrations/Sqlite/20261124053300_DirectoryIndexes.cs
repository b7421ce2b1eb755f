using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class DirectoryIndexes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_entries_Status_CommuneCode",
                table: "entries");

            migrationBuilder.DropIndex(
                name: "IX_entries_Status_Latitude_Longitude",
                table: "entries");

            migrationBuilder.CreateIndex(
                name: "IX_entries_CommuneCode_Status",
                table: "entries",
                columns: new[] { "CommuneCode", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_Kind_Status",
                table: "entries",
                columns: new[] { "Kind", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_Latitude_Longitude_Status",
                table: "entries",
                columns: new[] { "Latitude", "Longitude", "Status" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropIndex(
                name: "IX_entries_CommuneCode_Status",
                table: "entries");

            migrationBuilder.DropIndex(
                name: "IX_entries_Kind_Status",
                table: "entries");

            migrationBuilder.DropIndex(
                name: "IX_entries_Latitude_Longitude_Status",
                table: "entries");

            migrationBuilder.CreateIndex(
                name: "IX_entries_Status_CommuneCode",
                table: "entries",
                columns: new[] { "Status", "CommuneCode" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_Status_Latitude_Longitude",
                table: "entries",
                columns: new[] { "Status", "Latitude", "Longitude" });
        }
    }
}
