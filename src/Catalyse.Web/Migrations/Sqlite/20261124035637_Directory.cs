using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace Catalyse.Web.Migrations.Sqlite
{
    /// <inheritdoc />
    public partial class Directory : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "entries",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    Kind = table.Column<int>(type: "INTEGER", nullable: false),
                    Category = table.Column<string>(type: "TEXT", maxLength: 40, nullable: true),
                    Name = table.Column<string>(type: "TEXT", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    Themes = table.Column<string>(type: "TEXT", nullable: false),
                    Sdgs = table.Column<string>(type: "TEXT", nullable: false),
                    Website = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    ContactEmail = table.Column<string>(type: "TEXT", maxLength: 256, nullable: true),
                    Phone = table.Column<string>(type: "TEXT", maxLength: 30, nullable: true),
                    Address = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    CommuneCode = table.Column<string>(type: "TEXT", maxLength: 5, nullable: true),
                    Latitude = table.Column<double>(type: "REAL", nullable: true),
                    Longitude = table.Column<double>(type: "REAL", nullable: true),
                    Siret = table.Column<string>(type: "TEXT", maxLength: 14, nullable: true),
                    Siren = table.Column<string>(type: "TEXT", maxLength: 9, nullable: true),
                    Rna = table.Column<string>(type: "TEXT", maxLength: 10, nullable: true),
                    Offers = table.Column<string>(type: "TEXT", maxLength: 5000, nullable: false),
                    OpeningHours = table.Column<string>(type: "TEXT", maxLength: 500, nullable: true),
                    SpottedBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    SpottedOn = table.Column<DateOnly>(type: "TEXT", nullable: true),
                    SpottedThrough = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    FollowUp = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    RunBy = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    ForWhom = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    HowToApply = table.Column<string>(type: "TEXT", maxLength: 2000, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    RejectionReason = table.Column<string>(type: "TEXT", maxLength: 1000, nullable: true),
                    OriginTerritoryId = table.Column<int>(type: "INTEGER", nullable: true),
                    CreatedById = table.Column<string>(type: "TEXT", nullable: true),
                    CreatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    UpdatedAt = table.Column<long>(type: "INTEGER", nullable: false),
                    SourceKey = table.Column<string>(type: "TEXT", maxLength: 100, nullable: true),
                    Source = table.Column<string>(type: "TEXT", maxLength: 300, nullable: true),
                    SearchText = table.Column<string>(type: "TEXT", maxLength: 12000, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_entries", x => x.Id);
                });

            migrationBuilder.CreateIndex(
                name: "IX_entries_Name",
                table: "entries",
                column: "Name");

            migrationBuilder.CreateIndex(
                name: "IX_entries_OriginTerritoryId_Status",
                table: "entries",
                columns: new[] { "OriginTerritoryId", "Status" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_Siret",
                table: "entries",
                column: "Siret");

            migrationBuilder.CreateIndex(
                name: "IX_entries_SourceKey",
                table: "entries",
                column: "SourceKey",
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_entries_Status_CommuneCode",
                table: "entries",
                columns: new[] { "Status", "CommuneCode" });

            migrationBuilder.CreateIndex(
                name: "IX_entries_Status_Latitude_Longitude",
                table: "entries",
                columns: new[] { "Status", "Latitude", "Longitude" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "entries");
        }
    }
}
