using System;
using System.Collections.Generic;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>
    /// Petitions, their authorities, signatures, the public hash-chained log and census hashes. Signatures and log lines
    /// are append-only: triggers refuse any UPDATE or DELETE of them, whatever the app does.
    /// </summary>
    public partial class ParticipationPetitions : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<string>(
                name: "ResidenceCommuneCode",
                table: "AspNetUsers",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.AddColumn<string>(
                name: "ResidencePostalCode",
                table: "AspNetUsers",
                type: "character varying(5)",
                maxLength: 5,
                nullable: true);

            migrationBuilder.CreateTable(
                name: "census_entries",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    ClaimedBy = table.Column<string>(type: "text", nullable: true),
                    ClaimedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_census_entries", x => x.Id);
                    table.ForeignKey(
                        name: "FK_census_entries_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "participation_settings",
                columns: table => new
                {
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    CensusKey = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    CensusUploadedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    CensusSize = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_participation_settings", x => x.TerritoryId);
                    table.ForeignKey(
                        name: "FK_participation_settings_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "petition_authorities",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    Name = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Competences = table.Column<List<string>>(type: "text[]", nullable: false),
                    Quorum = table.Column<int>(type: "integer", nullable: false),
                    DurationDays = table.Column<int>(type: "integer", nullable: false),
                    SignerLevel = table.Column<int>(type: "integer", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_petition_authorities", x => x.Id);
                    table.ForeignKey(
                        name: "FK_petition_authorities_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "public_log",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    Subject = table.Column<string>(type: "character varying(40)", maxLength: 40, nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    At = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Pseudonym = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Choice = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    PreviousHash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Hash = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_public_log", x => x.Id);
                });

            migrationBuilder.CreateTable(
                name: "authority_representatives",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    AuthorityId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_authority_representatives", x => x.Id);
                    table.ForeignKey(
                        name: "FK_authority_representatives_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_authority_representatives_petition_authorities_AuthorityId",
                        column: x => x.AuthorityId,
                        principalTable: "petition_authorities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "petitions",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    AuthorityId = table.Column<int>(type: "integer", nullable: false),
                    AuthorId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Body = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Competence = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Status = table.Column<int>(type: "integer", nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ReviewedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ReviewerId = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: true),
                    RefusalReason = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: true),
                    Quorum = table.Column<int>(type: "integer", nullable: false),
                    SignerLevel = table.Column<int>(type: "integer", nullable: false),
                    NextStep = table.Column<int>(type: "integer", nullable: false),
                    OpensAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    ClosesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    SignatureCount = table.Column<int>(type: "integer", nullable: false),
                    QuorumReachedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    Answer = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: true),
                    AnsweredAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: true),
                    LogHead = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LogKey = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_petitions", x => x.Id);
                    table.ForeignKey(
                        name: "FK_petitions_petition_authorities_AuthorityId",
                        column: x => x.AuthorityId,
                        principalTable: "petition_authorities",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_petitions_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "petition_signatures",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    PetitionId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    SignedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Pseudonym = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_petition_signatures", x => x.Id);
                    table.ForeignKey(
                        name: "FK_petition_signatures_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_petition_signatures_petitions_PetitionId",
                        column: x => x.PetitionId,
                        principalTable: "petitions",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_authority_representatives_AuthorityId_UserId",
                table: "authority_representatives",
                columns: new[] { "AuthorityId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_authority_representatives_UserId",
                table: "authority_representatives",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_census_entries_TerritoryId_ClaimedBy",
                table: "census_entries",
                columns: new[] { "TerritoryId", "ClaimedBy" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_census_entries_TerritoryId_Hash",
                table: "census_entries",
                columns: new[] { "TerritoryId", "Hash" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_petition_authorities_TerritoryId_Name",
                table: "petition_authorities",
                columns: new[] { "TerritoryId", "Name" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_petition_signatures_PetitionId_Seq",
                table: "petition_signatures",
                columns: new[] { "PetitionId", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_petition_signatures_PetitionId_UserId",
                table: "petition_signatures",
                columns: new[] { "PetitionId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_petition_signatures_UserId",
                table: "petition_signatures",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_petitions_AuthorityId",
                table: "petitions",
                column: "AuthorityId");

            migrationBuilder.CreateIndex(
                name: "IX_petitions_TerritoryId_Status_Id",
                table: "petitions",
                columns: new[] { "TerritoryId", "Status", "Id" });

            migrationBuilder.CreateIndex(
                name: "IX_public_log_Subject_Seq",
                table: "public_log",
                columns: new[] { "Subject", "Seq" },
                unique: true);

            migrationBuilder.Sql("""
                CREATE FUNCTION append_only() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                    RAISE EXCEPTION '% is append-only', TG_TABLE_NAME;
                END $$;
                """);
            foreach (var table in new[] { "public_log", "petition_signatures" })
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION append_only();
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "public_log", "petition_signatures" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_append_only ON {table};");
            migrationBuilder.Sql("DROP FUNCTION IF EXISTS append_only();");

            migrationBuilder.DropTable(
                name: "authority_representatives");

            migrationBuilder.DropTable(
                name: "census_entries");

            migrationBuilder.DropTable(
                name: "participation_settings");

            migrationBuilder.DropTable(
                name: "petition_signatures");

            migrationBuilder.DropTable(
                name: "public_log");

            migrationBuilder.DropTable(
                name: "petitions");

            migrationBuilder.DropTable(
                name: "petition_authorities");

            migrationBuilder.DropColumn(
                name: "ResidenceCommuneCode",
                table: "AspNetUsers");

            migrationBuilder.DropColumn(
                name: "ResidencePostalCode",
                table: "AspNetUsers");
        }
    }
}
