using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Surveys;

public enum QuestionKind
{
    /// <summary>One choice among several.</summary>
    SingleChoice = 1,
    /// <summary>Several choices, up to a maximum.</summary>
    MultipleChoice = 2,
    /// <summary>A number from 1 to the question's maximum (agreement, satisfaction…).</summary>
    Scale = 3,
    /// <summary>A short free text (300 characters).</summary>
    ShortText = 4,
    /// <summary>A long free text (5,000 characters).</summary>
    LongText = 5,
}

public enum SurveyPhase { Draft = 0, Upcoming = 1, Open = 2, Closed = 3 }

/// <summary>
/// A questionnaire of a territory. Written as a draft (questions added, moved, removed), then opened: from then on its
/// questions are fixed, so that every answer was given to the same questionnaire.
/// </summary>
public sealed class Survey : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public IdentityLevel RespondentLevel { get; set; } = IdentityLevel.EmailConfirmed;
    public DateTimeOffset OpensAt { get; set; }
    public DateTimeOffset ClosesAt { get; set; }
    /// <summary>Opened by the catalyst: the questions can no longer change.</summary>
    public bool Published { get; set; }
    /// <summary>Results shown to everyone while the survey runs (otherwise at its close; catalysts see them always).</summary>
    public bool LiveResults { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    /// <summary>Responses received, kept in the same transaction as each response.</summary>
    public int ResponseCount { get; set; }
    public List<SurveyQuestion> Questions { get; set; } = [];

    public SurveyPhase PhaseAt(DateTimeOffset now) =>
        !Published ? SurveyPhase.Draft : now < OpensAt ? SurveyPhase.Upcoming : now < ClosesAt ? SurveyPhase.Open : SurveyPhase.Closed;
}

public sealed class SurveyQuestion
{
    public int Id { get; set; }
    public int SurveyId { get; set; }
    public int Position { get; set; }
    public required string Text { get; set; }
    public QuestionKind Kind { get; set; }
    public bool Required { get; set; }
    /// <summary>Multiple choice: at most this many (0: no limit).</summary>
    public int MaxChoices { get; set; }
    /// <summary>Scale: the highest value (from 1).</summary>
    public int ScaleMax { get; set; }
    public List<SurveyChoice> Choices { get; set; } = [];

    public bool HasChoices => Kind is QuestionKind.SingleChoice or QuestionKind.MultipleChoice;
    public bool IsText => Kind is QuestionKind.ShortText or QuestionKind.LongText;
    public int TextMax => Kind == QuestionKind.ShortText ? 300 : 5000;
}

public sealed class SurveyChoice
{
    public int Id { get; set; }
    public int QuestionId { get; set; }
    public int Position { get; set; }
    public required string Label { get; set; }
}

/// <summary>Who responded: one line per person and survey (primary key), with the day only; never linked to the answers.</summary>
public sealed class SurveyParticipant
{
    public int SurveyId { get; set; }
    public required string UserId { get; set; }
    public DateTimeOffset RespondedOn { get; set; }
}

/// <summary>One set of answers, with no link to the person who gave it (see <see cref="SurveyParticipant"/>).</summary>
public sealed class SurveyResponse
{
    public long Id { get; set; }
    public int SurveyId { get; set; }
    /// <summary>The day only: an exact time would point at the person registered at that time.</summary>
    public DateTimeOffset SubmittedOn { get; set; }
    public List<SurveyAnswer> Answers { get; set; } = [];
}

/// <summary>One answer: a choice (one row per choice of a multiple choice), a number (scale) or a text.</summary>
public sealed class SurveyAnswer
{
    public long Id { get; set; }
    public long ResponseId { get; set; }
    public int SurveyId { get; set; }
    public int QuestionId { get; set; }
    public int? ChoiceId { get; set; }
    public int? Number { get; set; }
    public string? Text { get; set; }
}
