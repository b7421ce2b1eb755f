using System;
using Microsoft.EntityFrameworkCore.Migrations;
using Npgsql.EntityFrameworkCore.PostgreSQL.Metadata;

#nullable disable

namespace Catalyse.Web.Migrations.Postgres
{
    /// <summary>Votes, options, the voter roll and the ballots; roll and ballots are append-only (triggers).</summary>
    public partial class ParticipationVotes : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "votes",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    TerritoryId = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(10000)", maxLength: 10000, nullable: false),
                    Method = table.Column<int>(type: "integer", nullable: false),
                    Secret = table.Column<bool>(type: "boolean", nullable: false),
                    VoterLevel = table.Column<int>(type: "integer", nullable: false),
                    OpensAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    ClosesAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    MaxChoices = table.Column<int>(type: "integer", nullable: false),
                    ScoreMax = table.Column<int>(type: "integer", nullable: false),
                    BudgetTotal = table.Column<long>(type: "bigint", nullable: false),
                    BudgetMinimum = table.Column<long>(type: "bigint", nullable: false),
                    CreatedBy = table.Column<string>(type: "character varying(450)", maxLength: 450, nullable: false),
                    CreatedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    BallotCount = table.Column<int>(type: "integer", nullable: false),
                    LogHead = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    LogKey = table.Column<byte[]>(type: "bytea", maxLength: 32, nullable: false),
                    ResultJson = table.Column<string>(type: "text", nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_votes", x => x.Id);
                    table.ForeignKey(
                        name: "FK_votes_territories_TerritoryId",
                        column: x => x.TerritoryId,
                        principalTable: "territories",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "ballots",
                columns: table => new
                {
                    Id = table.Column<long>(type: "bigint", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VoteId = table.Column<int>(type: "integer", nullable: false),
                    Seq = table.Column<int>(type: "integer", nullable: false),
                    Receipt = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: false),
                    Choice = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    CastAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_ballots", x => x.Id);
                    table.ForeignKey(
                        name: "FK_ballots_votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateTable(
                name: "vote_options",
                columns: table => new
                {
                    Id = table.Column<int>(type: "integer", nullable: false)
                        .Annotation("Npgsql:ValueGenerationStrategy", NpgsqlValueGenerationStrategy.IdentityByDefaultColumn),
                    VoteId = table.Column<int>(type: "integer", nullable: false),
                    Position = table.Column<int>(type: "integer", nullable: false),
                    Title = table.Column<string>(type: "character varying(200)", maxLength: 200, nullable: false),
                    Description = table.Column<string>(type: "character varying(2000)", maxLength: 2000, nullable: false),
                    Cost = table.Column<long>(type: "bigint", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_vote_options", x => x.Id);
                    table.ForeignKey(
                        name: "FK_vote_options_votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "voter_roll",
                columns: table => new
                {
                    Id = table.Column<Guid>(type: "uuid", nullable: false),
                    VoteId = table.Column<int>(type: "integer", nullable: false),
                    UserId = table.Column<string>(type: "text", nullable: false),
                    VotedAt = table.Column<DateTimeOffset>(type: "timestamp with time zone", nullable: false),
                    IdempotencyKey = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: true),
                    Receipt = table.Column<string>(type: "character varying(64)", maxLength: 64, nullable: true)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_voter_roll", x => x.Id);
                    table.ForeignKey(
                        name: "FK_voter_roll_AspNetUsers_UserId",
                        column: x => x.UserId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                    table.ForeignKey(
                        name: "FK_voter_roll_votes_VoteId",
                        column: x => x.VoteId,
                        principalTable: "votes",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Restrict);
                });

            migrationBuilder.CreateIndex(
                name: "IX_ballots_VoteId_Seq",
                table: "ballots",
                columns: new[] { "VoteId", "Seq" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_vote_options_VoteId_Position",
                table: "vote_options",
                columns: new[] { "VoteId", "Position" });

            migrationBuilder.CreateIndex(
                name: "IX_voter_roll_UserId",
                table: "voter_roll",
                column: "UserId");

            migrationBuilder.CreateIndex(
                name: "IX_voter_roll_VoteId_UserId",
                table: "voter_roll",
                columns: new[] { "VoteId", "UserId" },
                unique: true);

            migrationBuilder.CreateIndex(
                name: "IX_votes_TerritoryId_ClosesAt",
                table: "votes",
                columns: new[] { "TerritoryId", "ClosesAt" });

            foreach (var table in new[] { "voter_roll", "ballots" })
                migrationBuilder.Sql($"""
                    CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE OR TRUNCATE ON {table}
                        FOR EACH STATEMENT EXECUTE FUNCTION append_only();
                    """);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            foreach (var table in new[] { "voter_roll", "ballots" })
                migrationBuilder.Sql($"DROP TRIGGER IF EXISTS {table}_append_only ON {table};");

            migrationBuilder.DropTable(
                name: "ballots");

            migrationBuilder.DropTable(
                name: "vote_options");

            migrationBuilder.DropTable(
                name: "voter_roll");

            migrationBuilder.DropTable(
                name: "votes");
        }
    }
}
