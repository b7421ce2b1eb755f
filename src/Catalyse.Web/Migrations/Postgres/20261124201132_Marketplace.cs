using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <inheritdoc />
    public partial class Marketplace : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "match_documents",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    DocId = table.Column<int>(type: "integer", nullable: false),
                    Area = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    TerritoryId = table.Column<int>(type: "integer", nullable: true),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Latitude = table.Column<double>(type: "double precision", nullable: true),
                    Longitude = table.Column<double>(type: "double precision", nullable: true),
                    Themes = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Successes = table.Column<int>(type: "integer", nullable: false),
                    Length = table.Column<int>(type: "integer", nullable: false),
                    SourceUpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_match_documents", x => new { x.Kind, x.DocId });
                });

            migrationBuilder.CreateTable(
                name: "match_postings",
                columns: table => new
                {
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Area = table.Column<string>(type: "character varying(3)", maxLength: 3, nullable: false),
                    Term = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    DocId = table.Column<int>(type: "integer", nullable: false),
                    Weight = table.Column<short>(type: "smallint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_match_postings", x => new { x.Kind, x.Area, x.Term, x.DocId });
                });

            migrationBuilder.CreateTable(
                name: "match_sync",
                columns: table => new
                {
                    Name = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    LastId = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_match_sync", x => x.Name);
                });

            migrationBuilder.CreateTable(
                name: "needs",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Themes = table.Column<List<string>>(type: "text[]", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    AffectedGroup = table.Column<string>(type: "character varying(300)", maxLength: 300, nullable: false),
                    AffectedCount = table.Column<int>(type: "integer", nullable: true),
                    Urgency = table.Column<int>(type: "integer", nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    StatusNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    ProjectTitle = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: true),
                    ProjectUrl = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: true),
                    SupportCount = table.Column<int>(type: "integer", nullable: false),
                    CommentCount = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_needs", x => x.Id);
                    table.ForeignKey(
                        name: "FK_needs_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "offers",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    EntryId = table.Column<int>(type: "integer", nullable: true),
                    Kind = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Themes = table.Column<List<string>>(type: "text[]", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    Quantity = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: true),
                    DaysUsed = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    AvailableUntil = table.Column<DateOnly>(type: "date", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_offers", x => x.Id);
                    table.ForeignKey(
                        name: "FK_offers_entries_EntryId",
                        column: x => x.EntryId,
                        principalTable: "entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_offers_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "solutions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Summary = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    ForWhom = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    Results = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    Cost = table.Column<string>(type: "character varying(500)", maxLength: 500, nullable: false),
                    Conditions = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    Themes = table.Column<List<string>>(type: "text[]", nullable: false),
                    CommuneCode = table.Column<string>(type: "character varying(5)", maxLength: 5, nullable: true),
                    OriginTerritoryId = table.Column<int>(type: "integer", nullable: true),
                    ContactEntryId = table.Column<int>(type: "integer", nullable: true),
                    CreatedById = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    AdoptionCount = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_solutions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_solutions_entries_ContactEntryId",
                        column: x => x.ContactEntryId,
                        principalTable: "entries",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                    table.ForeignKey(
                        name: "FK_solutions_territories_OriginTerritoryId",
                        column: x => x.OriginTerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.SetNull);
                });

            migrationBuilder.CreateTable(
                name: "synonym_groups",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    Terms = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    UpdatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_synonym_groups", x => x.Id);
                    table.ForeignKey(
                        name: "FK_synonym_groups_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "introductions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    NeedId = table.Column<int>(type: "integer", nullable: false),
                    TargetKind = table.Column<int>(type: "integer", nullable: false),
                    TargetId = table.Column<int>(type: "integer", nullable: false),
                    TargetName = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    ProposedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    NeedPartyId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    TargetPartyId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Message = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    NeedPartyAccepted = table.Column<bool>(type: "boolean", nullable: true),
                    TargetPartyAccepted = table.Column<bool>(type: "boolean", nullable: true),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    Outcome = table.Column<int>(type: "integer", nullable: false),
                    OutcomeNote = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    OutcomeAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_introductions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_introductions_needs_NeedId",
                        column: x => x.NeedId,
                        principalTable: "needs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "need_comments",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    NeedId = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<string>(type: "text", nullable: false),
                    Body = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_need_comments", x => x.Id);
                    table.ForeignKey(
                        name: "FK_need_comments_AspNetUsers_AuthorId",
                        column: x => x.AuthorId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_need_comments_needs_NeedId",
                        column: x => x.NeedId,
                        principalTable: "needs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "need_followers",
                columns: table => new
                {
                    NeedId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_need_followers", x => new { x.NeedId, x.UserId });
                    table.ForeignKey(
                        name: "FK_need_followers_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_need_followers_needs_NeedId",
                        column: x => x.NeedId,
                        principalTable: "needs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "need_supports",
                columns: table => new
                {
                    NeedId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_need_supports", x => new { x.NeedId, x.UserId });
                    table.ForeignKey(
                        name: "FK_need_supports_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_need_supports_needs_NeedId",
                        column: x => x.NeedId,
                        principalTable: "needs",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "pioneer_day_uses",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    OfferId = table.Column<int>(type: "integer", nullable: false),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    Days = table.Column<decimal>(type: "numeric(12,2)", precision: 12, scale: 2, nullable: false),
                    On = table.Column<DateOnly>(type: "date", nullable: false),
                    Purpose = table.Column<string>(type: "character varying(1000)", maxLength: 1000, nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_pioneer_day_uses", x => x.Id);
                    table.ForeignKey(
                        name: "FK_pioneer_day_uses_offers_OfferId",
                        column: x => x.OfferId,
                        principalTable: "offers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_pioneer_day_uses_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "solution_adoptions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    SolutionId = table.Column<int>(type: "integer", nullable: false),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    Changes = table.Column<string>(type: "character varying(5000)", maxLength: 5000, nullable: false),
                    StartedOn = table.Column<DateOnly>(type: "date", nullable: false),
                    RecordedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    RecordedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_solution_adoptions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_solution_adoptions_solutions_SolutionId",
                        column: x => x.SolutionId,
                        principalTable: "solutions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_solution_adoptions_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_entries_UpdatedAt_Id",
                table: "entries",
                columns: new[] { "UpdatedAt", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_introductions_NeedId_TargetKind_TargetId",
                table: "introductions",
                columns: new[] { "NeedId", "TargetKind", "TargetId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_introductions_NeedPartyId_Id",
                table: "introductions",
                columns: new[] { "NeedPartyId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_introductions_TargetPartyId_Id",
                table: "introductions",
                columns: new[] { "TargetPartyId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_introductions_TerritoryId_Id",
                table: "introductions",
                columns: new[] { "TerritoryId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_match_documents_Kind_Area",
                table: "match_documents",
                columns: new[] { "Kind", "Area" });

            migrationBuilder.CreateIndex(
                name: "IX_match_postings_Kind_DocId",
                table: "match_postings",
                columns: new[] { "Kind", "DocId" });

            migrationBuilder.CreateIndex(
                name: "IX_need_comments_AuthorId",
                table: "need_comments",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_need_comments_NeedId_Id",
                table: "need_comments",
                columns: new[] { "NeedId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_need_followers_UserId",
                table: "need_followers",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_need_supports_UserId",
                table: "need_supports",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_needs_AuthorId",
                table: "needs",
                column: "AuthorId");

            migrationBuilder.CreateIndex(
                name: "IX_needs_TerritoryId_Status_Id",
                table: "needs",
                columns: new[] { "TerritoryId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_offers_EntryId",
                table: "offers",
                column: "EntryId");

            migrationBuilder.CreateIndex(
                name: "IX_offers_Kind_Status_Id",
                table: "offers",
                columns: new[] { "Kind", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_offers_TerritoryId_Status_Id",
                table: "offers",
                columns: new[] { "TerritoryId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_pioneer_day_uses_OfferId_Id",
                table: "pioneer_day_uses",
                columns: new[] { "OfferId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_pioneer_day_uses_TerritoryId",
                table: "pioneer_day_uses",
                column: "TerritoryId");

            migrationBuilder.CreateIndex(
                name: "IX_solution_adoptions_SolutionId_TerritoryId",
                table: "solution_adoptions",
                columns: new[] { "SolutionId", "TerritoryId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_solution_adoptions_TerritoryId_Id",
                table: "solution_adoptions",
                columns: new[] { "TerritoryId", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_solutions_AdoptionCount_Id",
                table: "solutions",
                columns: new[] { "AdoptionCount", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_solutions_ContactEntryId",
                table: "solutions",
                column: "ContactEntryId");

            migrationBuilder.CreateIndex(
                name: "IX_solutions_OriginTerritoryId",
                table: "solutions",
                column: "OriginTerritoryId");

            migrationBuilder.CreateIndex(
                name: "IX_synonym_groups_TerritoryId_Id",
                table: "synonym_groups",
                columns: new[] { "TerritoryId", "Id" });
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "introductions");

            migrationBuilder.DropTable(
                name: "match_documents");

            migrationBuilder.DropTable(
                name: "match_postings");

            migrationBuilder.DropTable(
                name: "match_sync");

            migrationBuilder.DropTable(
                name: "need_comments");

            migrationBuilder.DropTable(
                name: "need_followers");

            migrationBuilder.DropTable(
                name: "need_supports");

            migrationBuilder.DropTable(
                name: "pioneer_day_uses");

            migrationBuilder.DropTable(
                name: "solution_adoptions");

            migrationBuilder.DropTable(
                name: "synonym_groups");

            migrationBuilder.DropTable(
                name: "needs");

            migrationBuilder.DropTable(
                name: "offers");

            migrationBuilder.DropTable(
                name: "solutions");

            migrationBuilder.DropIndex(
                name: "IX_entries_UpdatedAt_Id",
                table: "entries");
        }
    }
}
