using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Integrity;
using Catalyse.Web.Features.Participation.Petitions;
using Catalyse.Web.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Participation;

internal sealed class ParticipationConfiguration :
    IEntityTypeConfiguration<PublicLogEntry>, IEntityTypeConfiguration<PetitionAuthority>, IEntityTypeConfiguration<AuthorityRepresentative>,
    IEntityTypeConfiguration<Petition>, IEntityTypeConfiguration<PetitionSignature>,
    IEntityTypeConfiguration<CensusEntry>, IEntityTypeConfiguration<ParticipationSettings>,
    IEntityTypeConfiguration<Votes.Vote>, IEntityTypeConfiguration<Votes.VoteOption>, IEntityTypeConfiguration<Votes.VoterRollEntry>,
    IEntityTypeConfiguration<Votes.Ballot>,
    IEntityTypeConfiguration<Consultations.Consultation>, IEntityTypeConfiguration<Consultations.ConsultationPhase>,
    IEntityTypeConfiguration<Consultations.Proposal>, IEntityTypeConfiguration<Consultations.ProposalSupport>,
    IEntityTypeConfiguration<Consultations.SupportAllowance>, IEntityTypeConfiguration<Consultations.ProposalFollower>,
    IEntityTypeConfiguration<Consultations.ProposalComment>,
    IEntityTypeConfiguration<Meetings.Meeting>, IEntityTypeConfiguration<Meetings.MeetingRegistration>
{
    public void Configure(EntityTypeBuilder<Meetings.Meeting> b)
    {
        b.ToTable("meetings");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(10000);
        b.Property(x => x.Place).HasMaxLength(300);
        b.Property(x => x.Minutes).HasMaxLength(50000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.HasIndex(x => new { x.TerritoryId, x.StartsAt });
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Meetings.MeetingRegistration> b)
    {
        b.ToTable("meeting_registrations");
        // One registration per person and meeting.
        b.HasIndex(x => new { x.MeetingId, x.UserId }).IsUnique();
        b.HasIndex(x => new { x.MeetingId, x.Status, x.RegisteredAt });
        b.HasOne<Meetings.Meeting>().WithMany().HasForeignKey(x => x.MeetingId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Consultations.Consultation> b)
    {
        b.ToTable("consultations");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Question).HasMaxLength(500);
        b.Property(x => x.Description).HasMaxLength(10000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.HasIndex(x => new { x.TerritoryId, x.Id });
        b.HasMany(x => x.Phases).WithOne().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Consultations.ConsultationPhase> b)
    {
        b.ToTable("consultation_phases");
        b.HasIndex(x => new { x.ConsultationId, x.Kind }).IsUnique();
    }

    public void Configure(EntityTypeBuilder<Consultations.Proposal> b)
    {
        b.Property(x => x.HiddenReason).HasMaxLength(1000);
        b.ToTable("proposals");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(10000);
        b.Property(x => x.CommuneCode).HasMaxLength(5);
        b.Property(x => x.Place).HasMaxLength(300);
        b.Property(x => x.Answer).HasMaxLength(10000);
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.HasIndex(x => new { x.ConsultationId, x.SupportCount });
        b.HasIndex(x => new { x.ConsultationId, x.Id });
        b.HasOne<Consultations.Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Consultations.Proposal>().WithMany().HasForeignKey(x => x.MergedIntoId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Consultations.ProposalSupport> b)
    {
        b.ToTable("proposal_supports");
        // One person, one support per proposal.
        b.HasIndex(x => new { x.ProposalId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<Consultations.Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Consultations.SupportAllowance> b)
    {
        b.ToTable("support_allowances").HasKey(x => new { x.ConsultationId, x.UserId });
        b.HasOne<Consultations.Consultation>().WithMany().HasForeignKey(x => x.ConsultationId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Consultations.ProposalFollower> b)
    {
        b.ToTable("proposal_followers");
        b.HasIndex(x => new { x.ProposalId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<Consultations.Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Consultations.ProposalComment> b)
    {
        b.ToTable("proposal_comments");
        b.Property(x => x.Body).HasMaxLength(5000);
        b.Property(x => x.HiddenReason).HasMaxLength(1000);
        b.HasIndex(x => new { x.ProposalId, x.Id });
        b.HasOne<Consultations.Proposal>().WithMany().HasForeignKey(x => x.ProposalId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Consultations.ProposalComment>().WithMany().HasForeignKey(x => x.ParentId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.AuthorId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Votes.Vote> b)
    {
        b.ToTable("votes");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(10000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.Property(x => x.LogHead).HasMaxLength(64);
        b.Property(x => x.LogKey).HasMaxLength(32);
        b.HasIndex(x => new { x.TerritoryId, x.ClosesAt });
        b.HasMany(x => x.Options).WithOne().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Votes.VoteOption> b)
    {
        b.ToTable("vote_options");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(2000);
        b.HasIndex(x => new { x.VoteId, x.Position });
    }

    public void Configure(EntityTypeBuilder<Votes.VoterRollEntry> b)
    {
        b.ToTable("voter_roll");
        // One person, one ballot.
        b.HasIndex(x => new { x.VoteId, x.UserId }).IsUnique();
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.Property(x => x.Receipt).HasMaxLength(64);
        b.HasOne<Votes.Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<Votes.Ballot> b)
    {
        b.ToTable("ballots");
        b.HasIndex(x => new { x.VoteId, x.Seq }).IsUnique();
        b.Property(x => x.Receipt).HasMaxLength(64);
        b.Property(x => x.Choice).HasMaxLength(2000);
        b.HasOne<Votes.Vote>().WithMany().HasForeignKey(x => x.VoteId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<PublicLogEntry> b)
    {
        b.ToTable("public_log");
        b.HasIndex(x => new { x.Subject, x.Seq }).IsUnique();
        b.Property(x => x.Subject).HasMaxLength(40);
        b.Property(x => x.Pseudonym).HasMaxLength(64);
        b.Property(x => x.Choice).HasMaxLength(2000);
        b.Property(x => x.PreviousHash).HasMaxLength(64);
        b.Property(x => x.Hash).HasMaxLength(64);
    }

    public void Configure(EntityTypeBuilder<PetitionAuthority> b)
    {
        b.ToTable("petition_authorities");
        b.Property(x => x.Name).HasMaxLength(200);
        b.HasIndex(x => new { x.TerritoryId, x.Name }).IsUnique();
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Representatives).WithOne().HasForeignKey(x => x.AuthorityId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<AuthorityRepresentative> b)
    {
        b.ToTable("authority_representatives");
        b.HasIndex(x => new { x.AuthorityId, x.UserId }).IsUnique();
        b.HasIndex(x => x.UserId);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<Petition> b)
    {
        b.ToTable("petitions");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Body).HasMaxLength(10000);
        b.Property(x => x.Competence).HasMaxLength(200);
        b.Property(x => x.RefusalReason).HasMaxLength(2000);
        b.Property(x => x.Answer).HasMaxLength(10000);
        b.Property(x => x.LogHead).HasMaxLength(64);
        b.Property(x => x.LogKey).HasMaxLength(32);
        b.Property(x => x.AuthorId).HasMaxLength(450);
        b.Property(x => x.ReviewerId).HasMaxLength(450);
        b.HasIndex(x => new { x.TerritoryId, x.Status, x.Id });
        b.HasIndex(x => x.AuthorityId);
        b.HasOne(x => x.Authority).WithMany().HasForeignKey(x => x.AuthorityId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<PetitionSignature> b)
    {
        b.ToTable("petition_signatures");
        // One person, one signature: in the database, whatever the app does.
        b.HasIndex(x => new { x.PetitionId, x.UserId }).IsUnique();
        b.HasIndex(x => new { x.PetitionId, x.Seq }).IsUnique();
        b.Property(x => x.Pseudonym).HasMaxLength(64);
        b.Property(x => x.IdempotencyKey).HasMaxLength(100);
        b.HasOne<Petition>().WithMany().HasForeignKey(x => x.PetitionId).OnDelete(DeleteBehavior.Restrict);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Restrict);
    }

    public void Configure(EntityTypeBuilder<CensusEntry> b)
    {
        b.ToTable("census_entries");
        b.Property(x => x.Hash).HasMaxLength(64);
        b.HasIndex(x => new { x.TerritoryId, x.Hash }).IsUnique();
        // One census line per account, one account per census line.
        b.HasIndex(x => new { x.TerritoryId, x.ClaimedBy }).IsUnique();
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<ParticipationSettings> b)
    {
        b.ToTable("participation_settings").HasKey(x => x.TerritoryId);
        b.Property(x => x.CensusKey).HasMaxLength(32);
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
    }
}
