using System.Linq.Expressions;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Geo;
using Microsoft.AspNetCore.DataProtection.EntityFrameworkCore;
using Microsoft.AspNetCore.Identity.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Infrastructure.Data;

/// <summary>
/// The one database of Catalyse. Two subclasses carry the migrations of each provider
/// (<see cref="SqliteCatalyseDb"/>, <see cref="PostgresCatalyseDb"/>); code depends on this class.
/// </summary>
public abstract class CatalyseDb : IdentityDbContext<User>, IDataProtectionKeyContext
{
    private readonly TerritoryScope? _scope;

    protected CatalyseDb(DbContextOptions options, TerritoryScope? scope) : base(options) => _scope = scope;

    /// <summary>Null outside a territory request: network pages see every territory.</summary>
    internal int? ScopedTerritoryId => _scope?.TerritoryId;

    public DbSet<DataProtectionKey> DataProtectionKeys => Set<DataProtectionKey>();
    public DbSet<Region> Regions => Set<Region>();
    public DbSet<Departement> Departements => Set<Departement>();
    public DbSet<Epci> Epcis => Set<Epci>();
    public DbSet<Commune> Communes => Set<Commune>();
    public DbSet<ReferenceDataVersion> ReferenceDataVersions => Set<ReferenceDataVersion>();
    public DbSet<Territory> Territories => Set<Territory>();
    public DbSet<PerimeterItem> PerimeterItems => Set<PerimeterItem>();
    public DbSet<TerritoryCommune> TerritoryCommunes => Set<TerritoryCommune>();
    public DbSet<ProgrammeStep> ProgrammeSteps => Set<ProgrammeStep>();
    public DbSet<TerritoryMembership> Memberships => Set<TerritoryMembership>();
    public DbSet<Invitation> Invitations => Set<Invitation>();
    public DbSet<ApiToken> ApiTokens => Set<ApiToken>();
    public DbSet<Features.Directory.Entry> Entries => Set<Features.Directory.Entry>();
    public DbSet<Features.Directory.EntryMapCount> EntryMapCounts => Set<Features.Directory.EntryMapCount>();
    public DbSet<Features.Directory.EntryMapCell> EntryMapCells => Set<Features.Directory.EntryMapCell>();
    public DbSet<Features.Directory.Contribution.EntryChange> EntryChanges => Set<Features.Directory.Contribution.EntryChange>();
    public DbSet<Features.Directory.Contribution.EntrySuggestion> EntrySuggestions => Set<Features.Directory.Contribution.EntrySuggestion>();
    public DbSet<Features.Directory.Contribution.EntryReport> EntryReports => Set<Features.Directory.Contribution.EntryReport>();
    public DbSet<Features.Directory.Import.DirectoryImport> DirectoryImports => Set<Features.Directory.Import.DirectoryImport>();
    public DbSet<Features.Participation.Integrity.PublicLogEntry> PublicLog => Set<Features.Participation.Integrity.PublicLogEntry>();
    public DbSet<Features.Participation.Petitions.PetitionAuthority> PetitionAuthorities => Set<Features.Participation.Petitions.PetitionAuthority>();
    public DbSet<Features.Participation.Petitions.AuthorityRepresentative> AuthorityRepresentatives => Set<Features.Participation.Petitions.AuthorityRepresentative>();
    public DbSet<Features.Participation.Petitions.Petition> Petitions => Set<Features.Participation.Petitions.Petition>();
    public DbSet<Features.Participation.Petitions.PetitionSignature> PetitionSignatures => Set<Features.Participation.Petitions.PetitionSignature>();
    public DbSet<Features.Participation.Eligibility.CensusEntry> CensusEntries => Set<Features.Participation.Eligibility.CensusEntry>();
    public DbSet<Features.Participation.Votes.Vote> Votes => Set<Features.Participation.Votes.Vote>();
    public DbSet<Features.Participation.Votes.VoteOption> VoteOptions => Set<Features.Participation.Votes.VoteOption>();
    public DbSet<Features.Participation.Votes.VoterRollEntry> VoterRoll => Set<Features.Participation.Votes.VoterRollEntry>();
    public DbSet<Features.Participation.Votes.Ballot> Ballots => Set<Features.Participation.Votes.Ballot>();
    public DbSet<Features.Participation.Consultations.Consultation> Consultations => Set<Features.Participation.Consultations.Consultation>();
    public DbSet<Features.Participation.Consultations.Proposal> Proposals => Set<Features.Participation.Consultations.Proposal>();
    public DbSet<Features.Participation.Consultations.ProposalSupport> ProposalSupports => Set<Features.Participation.Consultations.ProposalSupport>();
    public DbSet<Features.Participation.Consultations.SupportAllowance> SupportAllowances => Set<Features.Participation.Consultations.SupportAllowance>();
    public DbSet<Features.Participation.Consultations.ProposalFollower> ProposalFollowers => Set<Features.Participation.Consultations.ProposalFollower>();
    public DbSet<Features.Participation.Consultations.ProposalComment> ProposalComments => Set<Features.Participation.Consultations.ProposalComment>();
    public DbSet<Features.Participation.Meetings.Meeting> Meetings => Set<Features.Participation.Meetings.Meeting>();
    public DbSet<Features.Participation.Meetings.MeetingRegistration> MeetingRegistrations => Set<Features.Participation.Meetings.MeetingRegistration>();
    public DbSet<Features.Participation.Eligibility.ParticipationSettings> ParticipationSettings => Set<Features.Participation.Eligibility.ParticipationSettings>();
    public DbSet<Features.Participation.Surveys.Survey> Surveys => Set<Features.Participation.Surveys.Survey>();
    public DbSet<Features.Participation.Surveys.SurveyQuestion> SurveyQuestions => Set<Features.Participation.Surveys.SurveyQuestion>();
    public DbSet<Features.Participation.Surveys.SurveyChoice> SurveyChoices => Set<Features.Participation.Surveys.SurveyChoice>();
    public DbSet<Features.Participation.Surveys.SurveyParticipant> SurveyParticipants => Set<Features.Participation.Surveys.SurveyParticipant>();
    public DbSet<Features.Participation.Surveys.SurveyResponse> SurveyResponses => Set<Features.Participation.Surveys.SurveyResponse>();
    public DbSet<Features.Participation.Surveys.SurveyAnswer> SurveyAnswers => Set<Features.Participation.Surveys.SurveyAnswer>();

    protected override void OnModelCreating(ModelBuilder b)
    {
        base.OnModelCreating(b);
        b.ApplyConfigurationsFromAssembly(typeof(CatalyseDb).Assembly);

        foreach (var entity in b.Model.GetEntityTypes()
                     .Where(t => typeof(ITerritoryScoped).IsAssignableFrom(t.ClrType)).ToList())
        {
            var method = typeof(CatalyseDb).GetMethod(nameof(ScopeFilter),
                System.Reflection.BindingFlags.NonPublic | System.Reflection.BindingFlags.Instance)!;
            var filter = (LambdaExpression)method.MakeGenericMethod(entity.ClrType).Invoke(this, null)!;
            b.Entity(entity.ClrType).HasQueryFilter(filter);
        }
    }

    private Expression<Func<T, bool>> ScopeFilter<T>() where T : class, ITerritoryScoped =>
        e => ScopedTerritoryId == null || e.TerritoryId == ScopedTerritoryId;
}

public sealed class SqliteCatalyseDb(DbContextOptions<SqliteCatalyseDb> options, TerritoryScope? scope = null)
    : CatalyseDb(options, scope)
{
    /// <summary>SQLite has no date type: store DateTimeOffset as a sortable integer so that queries can compare and order by it.</summary>
    protected override void ConfigureConventions(ModelConfigurationBuilder b) =>
        b.Properties<DateTimeOffset>().HaveConversion<Microsoft.EntityFrameworkCore.Storage.ValueConversion.DateTimeOffsetToBinaryConverter>();
}

public sealed class PostgresCatalyseDb(DbContextOptions<PostgresCatalyseDb> options, TerritoryScope? scope = null)
    : CatalyseDb(options, scope);
