using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Surveys;

public sealed record SurveyInput(string? Title, string? Description, IdentityLevel? RespondentLevel, DateTimeOffset? OpensAt, DateTimeOffset? ClosesAt, bool LiveResults);

/// <summary>A question: choices one per line (single and multiple choice).</summary>
public sealed record QuestionInput(string? Text, QuestionKind? Kind, bool Required, string? Choices, int? MaxChoices, int? ScaleMax);

/// <summary>What a person answered to one question: choice ids, a number (scale) or a text.</summary>
public sealed record AnswerInput(IReadOnlyList<int>? Choices, int? Number, string? Text);

public enum RespondOutcome { Recorded, AlreadyResponded, NotOpen, NotFound, Ineligible, Invalid }

public sealed record RespondResult(RespondOutcome Outcome, Missing Missing = Missing.None, FieldErrors? Errors = null);

/// <summary>
/// The public service of surveys: writing one (a draft whose questions change until it opens), and responding — once per
/// person (primary key of the participants), the counter in the same transaction, the answers kept apart from the person.
/// </summary>
public sealed class SurveyService(CatalyseDb db, EligibilityService eligibility, IStringLocalizer<SharedResource> l, TimeProvider clock)
{
    public const int MaxQuestions = 100;
    public const int MaxChoicesPerQuestion = 50;

    public async Task<(Survey? Survey, FieldErrors Errors)> CreateAsync(int territoryId, string userId, SurveyInput input,
        IReadOnlyList<QuestionInput>? questions = null, bool publish = false, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        var title = input.Title?.Trim() ?? "";
        if (!errors.Broken(l, "title", title, 200, false) && title.Length < 5) errors.Add("title", l["Le titre compte de 5 à 200 caractères."]);
        errors.Broken(l, "description", input.Description, 10000, true);
        if (input.RespondentLevel is not { } level || !Enum.IsDefined(level)) { errors.Add("respondentLevel", l["Niveau d'identité inconnu."]); level = IdentityLevel.EmailConfirmed; }
        if (input.OpensAt?.ToUniversalTime() is not { } opens) { errors.Add("opensAt", l["Indiquez la date d'ouverture."]); opens = default; }
        else if (!ParisTime.Plausible(opens)) errors.Add("opensAt", l["Une date des années 2000 à 2100."]);
        if (input.ClosesAt?.ToUniversalTime() is not { } closes || closes <= opens) { errors.Add("closesAt", l["La clôture suit l'ouverture."]); closes = default; }
        else if (!ParisTime.Plausible(closes)) errors.Add("closesAt", l["Une date des années 2000 à 2100."]);
        var survey = new Survey
        {
            TerritoryId = territoryId, Title = title, Description = input.Description?.Trim() ?? "", RespondentLevel = level, OpensAt = opens, ClosesAt = closes,
            LiveResults = input.LiveResults, CreatedBy = userId, CreatedAt = clock.GetUtcNow(),
        };
        questions ??= [];
        if (questions.Count > MaxQuestions) errors.Add("questions", l["{0} questions au plus.", MaxQuestions]);
        foreach (var (q, i) in questions.Take(MaxQuestions).Select((q, i) => (q, i)))
            if (Question(errors, $"questions[{i}].", q) is { } question)
            {
                question.Position = i + 1;
                survey.Questions.Add(question);
            }
        if (publish && questions.Count == 0) errors.Add("questions", l["Ajoutez au moins une question avant d'ouvrir le questionnaire."]);
        if (errors.Count > 0) return (null, errors);
        survey.Published = publish;
        db.Surveys.Add(survey);
        await db.SaveChangesAsync(ct);
        return (survey, errors);
    }

    /// <summary>A checked question (null with errors keyed <paramref name="prefix"/> + field).</summary>
    private SurveyQuestion? Question(FieldErrors errors, string prefix, QuestionInput input)
    {
        var count = errors.Count;
        var text = input.Text?.Trim() ?? "";
        if (!errors.Broken(l, prefix + "text", text, 500, false) && text.Length < 3) errors.Add(prefix + "text", l["La question compte de 3 à 500 caractères."]);
        if (input.Kind is not { } kind || !Enum.IsDefined(kind)) { errors.Add(prefix + "kind", l["Type de question inconnu."]); kind = QuestionKind.ShortText; }
        var question = new SurveyQuestion { Text = text, Kind = kind, Required = input.Required };
        if (question.HasChoices)
        {
            var labels = (input.Choices ?? "").Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
            foreach (var (label, i) in labels.Select((x, i) => (x, i)))
                if (label.Length > 200) errors.Add(prefix + "choices", l["Ligne {0} : un intitulé de 200 caractères au plus.", i + 1]);
                else if (!errors.Broken(l, prefix + "choices", label, 200, false)) question.Choices.Add(new SurveyChoice { Position = i + 1, Label = label });
            if (labels.Length is < 2 or > MaxChoicesPerQuestion) errors.Add(prefix + "choices", l["De 2 à {0} choix, un par ligne.", MaxChoicesPerQuestion]);
            if (labels.Distinct(StringComparer.OrdinalIgnoreCase).Count() != labels.Length) errors.Add(prefix + "choices", l["Deux choix portent le même intitulé."]);
            if (kind == QuestionKind.MultipleChoice)
            {
                if (input.MaxChoices is < 0 or > MaxChoicesPerQuestion) errors.Add(prefix + "maxChoices", l["Nombre de choix entre 0 (sans limite) et {0}.", MaxChoicesPerQuestion]);
                else question.MaxChoices = input.MaxChoices ?? 0;
            }
        }
        if (kind == QuestionKind.Scale)
        {
            if (input.ScaleMax is not (>= 2 and <= 10)) errors.Add(prefix + "scaleMax", l["L'échelle va de 1 à une valeur entre 2 et 10."]);
            else question.ScaleMax = input.ScaleMax.Value;
        }
        return errors.Count == count ? question : null;
    }

    private async Task<Survey?> DraftAsync(int surveyId, FieldErrors errors, CancellationToken ct)
    {
        var survey = await db.Surveys.Include(s => s.Questions).FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey?.Published == true) errors.Add("", l["Le questionnaire est ouvert : ses questions ne changent plus."]);
        return survey;
    }

    /// <summary>Adds a question at the end of a draft; null when the survey does not exist.</summary>
    public async Task<FieldErrors?> AddQuestionAsync(int surveyId, QuestionInput input, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (await DraftAsync(surveyId, errors, ct) is not { } survey) return null;
        if (errors.Count > 0) return errors;
        if (survey.Questions.Count >= MaxQuestions) { errors.Add("", l["{0} questions au plus.", MaxQuestions]); return errors; }
        if (Question(errors, "", input) is not { } question) return errors;
        question.Position = survey.Questions.Count == 0 ? 1 : survey.Questions.Max(q => q.Position) + 1;
        survey.Questions.Add(question);
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Removes a question of a draft, or moves it one place up or down (<paramref name="move"/> −1 or +1; 0 removes).</summary>
    public async Task<FieldErrors?> ChangeQuestionAsync(int surveyId, int questionId, int move, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (await DraftAsync(surveyId, errors, ct) is not { } survey || survey.Questions.FirstOrDefault(q => q.Id == questionId) is not { } question) return null;
        if (errors.Count > 0) return errors;
        var ordered = survey.Questions.OrderBy(q => q.Position).ToList();
        var at = ordered.IndexOf(question);
        if (move == 0) { db.Remove(question); ordered.RemoveAt(at); }
        else if (at + move >= 0 && at + move < ordered.Count) (ordered[at], ordered[at + move]) = (ordered[at + move], ordered[at]);
        for (var i = 0; i < ordered.Count; i++) ordered[i].Position = i + 1;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Opens a draft to responses (at its opening date): its questions are fixed from now on.</summary>
    public async Task<FieldErrors?> PublishAsync(int surveyId, CancellationToken ct = default)
    {
        var errors = new FieldErrors();
        if (await DraftAsync(surveyId, errors, ct) is not { } survey) return null;
        if (errors.Count == 0 && survey.Questions.Count == 0) errors.Add("", l["Ajoutez au moins une question avant d'ouvrir le questionnaire."]);
        if (errors.Count > 0) return errors;
        survey.Published = true;
        await db.SaveChangesAsync(ct);
        return errors;
    }

    /// <summary>Closes an open survey now (its results become public). False when it was not open.</summary>
    public async Task<bool> CloseNowAsync(int surveyId, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        return await db.Surveys.Where(s => s.Id == surveyId && s.Published && s.ClosesAt > now)
            .ExecuteUpdateAsync(s => s.SetProperty(x => x.ClosesAt, now).SetProperty(x => x.OpensAt, x => x.OpensAt < now ? x.OpensAt : now), ct) == 1;
    }

    /// <summary>Checks the answers against the questions; the rows to store, or null with errors keyed <c>q{questionId}</c>.</summary>
    public List<SurveyAnswer>? Validate(Survey survey, IReadOnlyDictionary<int, AnswerInput> answers, FieldErrors errors)
    {
        var rows = new List<SurveyAnswer>();
        var count = errors.Count;
        foreach (var id in answers.Keys.Where(id => survey.Questions.All(q => q.Id != id)))
            errors.Add("answers", l["Question inconnue : {0}.", id]);
        foreach (var q in survey.Questions.OrderBy(q => q.Position))
        {
            var field = $"q{q.Id}";
            var answer = answers.GetValueOrDefault(q.Id);
            var choices = answer?.Choices ?? [];
            var text = answer?.Text?.Trim() ?? "";
            var empty = q.HasChoices ? choices.Count == 0 : q.Kind == QuestionKind.Scale ? answer?.Number is null : text.Length == 0;
            if (empty)
            {
                if (q.Required) errors.Add(field, l["Répondez à cette question : « {0} ».", q.Text]);
                continue;
            }
            if (q.HasChoices)
            {
                if (choices.Any(c => q.Choices.All(x => x.Id != c)) || choices.Distinct().Count() != choices.Count) errors.Add(field, l["Choix inconnu."]);
                else if (q.Kind == QuestionKind.SingleChoice && choices.Count > 1) errors.Add(field, l["Un seul choix."]);
                else if (q.MaxChoices > 0 && choices.Count > q.MaxChoices) errors.Add(field, l["Au plus {0} choix.", q.MaxChoices]);
                else rows.AddRange(choices.Select(c => new SurveyAnswer { SurveyId = survey.Id, QuestionId = q.Id, ChoiceId = c }));
            }
            else if (q.Kind == QuestionKind.Scale)
            {
                if (answer!.Number is not { } n || n < 1 || n > q.ScaleMax) errors.Add(field, l["Une note de 1 à {0}.", q.ScaleMax]);
                else rows.Add(new SurveyAnswer { SurveyId = survey.Id, QuestionId = q.Id, Number = n });
            }
            else if (!errors.Broken(l, field, text, q.TextMax, q.Kind == QuestionKind.LongText))
                rows.Add(new SurveyAnswer { SurveyId = survey.Id, QuestionId = q.Id, Text = text });
        }
        return errors.Count == count ? rows : null;
    }

    public async Task<RespondResult> RespondAsync(int surveyId, string userId, IReadOnlyDictionary<int, AnswerInput> answers, CancellationToken ct = default)
    {
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Questions).ThenInclude(q => q.Choices).AsSplitQuery().FirstOrDefaultAsync(s => s.Id == surveyId, ct);
        if (survey is null) return new RespondResult(RespondOutcome.NotFound);
        var now = clock.GetUtcNow();
        if (survey.PhaseAt(now) != SurveyPhase.Open) return new RespondResult(RespondOutcome.NotOpen);
        if (await db.SurveyParticipants.AnyAsync(p => p.SurveyId == surveyId && p.UserId == userId, ct)) return new RespondResult(RespondOutcome.AlreadyResponded);
        var missing = await eligibility.MissingAsync(userId, survey.TerritoryId, survey.RespondentLevel, ct);
        if (missing != Missing.None) return new RespondResult(RespondOutcome.Ineligible, missing);
        var errors = new FieldErrors();
        if (Validate(survey, answers, errors) is not { } rows) return new RespondResult(RespondOutcome.Invalid, Errors: errors);

        var day = new DateTimeOffset(now.UtcDateTime.Date, TimeSpan.Zero);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        db.Database.AutoSavepointsEnabled = false;
        try
        {
            // The participant first: a second response of the same person fails on the primary key, before the survey's row is locked.
            db.SurveyParticipants.Add(new SurveyParticipant { SurveyId = surveyId, UserId = userId, RespondedOn = day });
            await db.SaveChangesAsync(ct);
            var open = await db.Surveys.Where(s => s.Id == surveyId && s.Published && s.OpensAt <= now && s.ClosesAt > now)
                .ExecuteUpdateAsync(s => s.SetProperty(x => x.ResponseCount, x => x.ResponseCount + 1), ct);
            if (open == 0)
            {
                await tx.RollbackAsync(CancellationToken.None);
                db.ChangeTracker.Clear();
                return new RespondResult(RespondOutcome.NotOpen);
            }
            db.SurveyResponses.Add(new SurveyResponse { SurveyId = surveyId, SubmittedOn = day, Answers = rows });
            await db.SaveChangesAsync(ct);
            await tx.CommitAsync(ct);
            return new RespondResult(RespondOutcome.Recorded);
        }
        catch (DbUpdateException)
        {
            await tx.RollbackAsync(CancellationToken.None);
            db.ChangeTracker.Clear();
            if (await db.SurveyParticipants.AnyAsync(p => p.SurveyId == surveyId && p.UserId == userId, ct)) return new RespondResult(RespondOutcome.AlreadyResponded);
            throw;
        }
    }
}
