using Catalyse.Web.Features.Territories;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Participation.Surveys;

internal sealed class SurveyConfiguration :
    IEntityTypeConfiguration<Survey>, IEntityTypeConfiguration<SurveyQuestion>, IEntityTypeConfiguration<SurveyChoice>,
    IEntityTypeConfiguration<SurveyParticipant>, IEntityTypeConfiguration<SurveyResponse>, IEntityTypeConfiguration<SurveyAnswer>
{
    public void Configure(EntityTypeBuilder<Survey> b)
    {
        b.ToTable("surveys");
        b.Property(x => x.Title).HasMaxLength(200);
        b.Property(x => x.Description).HasMaxLength(10000);
        b.Property(x => x.CreatedBy).HasMaxLength(450);
        b.HasIndex(x => new { x.TerritoryId, x.ClosesAt });
        b.HasOne<Territory>().WithMany().HasForeignKey(x => x.TerritoryId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Questions).WithOne().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyQuestion> b)
    {
        b.ToTable("survey_questions");
        b.Property(x => x.Text).HasMaxLength(500);
        b.HasIndex(x => new { x.SurveyId, x.Position });
        b.HasMany(x => x.Choices).WithOne().HasForeignKey(x => x.QuestionId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyChoice> b)
    {
        b.ToTable("survey_choices");
        b.Property(x => x.Label).HasMaxLength(200);
        b.HasIndex(x => new { x.QuestionId, x.Position });
    }

    public void Configure(EntityTypeBuilder<SurveyParticipant> b)
    {
        b.ToTable("survey_participants");
        // One response per person and survey.
        b.HasKey(x => new { x.SurveyId, x.UserId });
        b.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasOne<Accounts.User>().WithMany().HasForeignKey(x => x.UserId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyResponse> b)
    {
        b.ToTable("survey_responses");
        b.HasIndex(x => x.SurveyId);
        b.HasOne<Survey>().WithMany().HasForeignKey(x => x.SurveyId).OnDelete(DeleteBehavior.Cascade);
        b.HasMany(x => x.Answers).WithOne().HasForeignKey(x => x.ResponseId).OnDelete(DeleteBehavior.Cascade);
    }

    public void Configure(EntityTypeBuilder<SurveyAnswer> b)
    {
        b.ToTable("survey_answers");
        b.Property(x => x.Text).HasMaxLength(5000);
        // Results: counts per question and choice (or value) of one survey, from the index alone.
        b.HasIndex(x => new { x.SurveyId, x.QuestionId, x.ChoiceId, x.Number });
        b.HasIndex(x => x.ResponseId);
    }
}
