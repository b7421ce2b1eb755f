using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Participation.Surveys;

public sealed record SurveySummary(int Id, string Title, bool Published, DateTimeOffset OpensAt, DateTimeOffset ClosesAt, int ResponseCount, int QuestionCount);

/// <summary>One line of a question's results: a choice, or a value of a scale.</summary>
public sealed record ResultLine(string Label, int Count, double Share);

/// <summary>A question's results: how many answered it, the count per choice or value, the mean of a scale.</summary>
public sealed record QuestionResult(int QuestionId, string Text, QuestionKind Kind, int Answered, List<ResultLine> Lines, double? Average);

public sealed record SurveyResult(int Responses, List<QuestionResult> Questions);

public sealed class SurveyQueries(CatalyseDb db, TimeProvider clock)
{
    public static readonly string[] Filters = ["open", "upcoming", "closed", "draft", "all"];

    public async Task<Page<SurveySummary>> ListAsync(int territoryId, string? filter, bool withDrafts, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<SurveySummary>.Clamp(page, pageSize);
        var now = clock.GetUtcNow();
        var query = db.Surveys.AsNoTracking().Where(s => s.TerritoryId == territoryId && (withDrafts || s.Published));
        query = filter switch
        {
            "open" => query.Where(s => s.Published && s.OpensAt <= now && s.ClosesAt > now),
            "upcoming" => query.Where(s => s.Published && s.OpensAt > now),
            "closed" => query.Where(s => s.Published && s.ClosesAt <= now),
            "draft" => query.Where(s => !s.Published),
            _ => query,
        };
        var total = await query.CountAsync(ct);
        var items = await query.OrderByDescending(s => s.ClosesAt).ThenByDescending(s => s.Id).Skip((p - 1) * size).Take(size)
            .Select(s => new SurveySummary(s.Id, s.Title, s.Published, s.OpensAt, s.ClosesAt, s.ResponseCount, s.Questions.Count)).ToListAsync(ct);
        return new Page<SurveySummary>(items, p, size, total);
    }

    /// <summary>The survey with its questions and choices in order (one query).</summary>
    public async Task<Survey?> FindAsync(int id, CancellationToken ct = default)
    {
        var survey = await db.Surveys.AsNoTracking().Include(s => s.Questions).ThenInclude(q => q.Choices).FirstOrDefaultAsync(s => s.Id == id, ct);
        if (survey is not null) Order(survey);
        return survey;
    }

    /// <summary>Several surveys with their questions and choices in order, in the order of <paramref name="ids"/>.</summary>
    public async Task<List<Survey>> FindManyAsync(IReadOnlyList<int> ids, CancellationToken ct = default)
    {
        var surveys = await db.Surveys.AsNoTracking().Include(s => s.Questions).ThenInclude(q => q.Choices).Where(s => ids.Contains(s.Id)).ToListAsync(ct);
        foreach (var s in surveys) Order(s);
        return ids.Select(id => surveys.Single(s => s.Id == id)).ToList();
    }

    private static void Order(Survey survey)
    {
        survey.Questions = survey.Questions.OrderBy(q => q.Position).ToList();
        foreach (var q in survey.Questions) q.Choices = q.Choices.OrderBy(c => c.Position).ToList();
    }

    public Task<bool> HasRespondedAsync(int surveyId, string? userId, CancellationToken ct = default) =>
        userId is null ? Task.FromResult(false) : db.SurveyParticipants.AnyAsync(p => p.SurveyId == surveyId && p.UserId == userId, ct);

    /// <summary>Everyone sees the results once the survey is closed, or while it runs when it says so; its catalysts always.</summary>
    public bool ResultsVisible(Survey survey, bool catalyst) =>
        catalyst || survey.PhaseAt(clock.GetUtcNow()) switch { SurveyPhase.Closed => true, SurveyPhase.Open => survey.LiveResults, _ => false };

    /// <summary>The results of every question, from two grouped queries over the answers' index.</summary>
    public async Task<SurveyResult> ResultsAsync(Survey survey, CancellationToken ct = default)
    {
        var counts = await db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == survey.Id && a.Text == null)
            .GroupBy(a => new { a.QuestionId, a.ChoiceId, a.Number })
            .Select(g => new { g.Key.QuestionId, g.Key.ChoiceId, g.Key.Number, Count = g.Count() }).ToListAsync(ct);
        var answered = await db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == survey.Id)
            .GroupBy(a => a.QuestionId).Select(g => new { g.Key, Count = g.Select(a => a.ResponseId).Distinct().Count() })
            .ToDictionaryAsync(x => x.Key, x => x.Count, ct);
        var questions = new List<QuestionResult>();
        foreach (var q in survey.Questions.OrderBy(q => q.Position))
        {
            var n = answered.GetValueOrDefault(q.Id);
            ResultLine Line(string label, int count) => new(label, count, n == 0 ? 0 : Math.Round(100.0 * count / n, 1));
            var mine = counts.Where(c => c.QuestionId == q.Id).ToList();
            List<ResultLine> lines = q.HasChoices
                ? q.Choices.OrderBy(c => c.Position).Select(c => Line(c.Label, mine.Where(m => m.ChoiceId == c.Id).Sum(m => m.Count))).ToList()
                : q.Kind == QuestionKind.Scale
                    ? Enumerable.Range(1, q.ScaleMax).Select(v => Line(v.ToString(System.Globalization.CultureInfo.InvariantCulture), mine.Where(m => m.Number == v).Sum(m => m.Count))).ToList()
                    : [];
            double? average = q.Kind == QuestionKind.Scale && n > 0 ? Math.Round(mine.Sum(m => (double)m.Number!.Value * m.Count) / n, 2) : null;
            questions.Add(new QuestionResult(q.Id, q.Text, q.Kind, n, lines, average));
        }
        return new SurveyResult(survey.ResponseCount, questions);
    }

    /// <summary>The free-text answers to a question, a page at a time (oldest first).</summary>
    public async Task<Page<string>> TextAnswersAsync(int surveyId, int questionId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<string>.Clamp(page, 50, 50);
        var query = db.SurveyAnswers.AsNoTracking().Where(a => a.SurveyId == surveyId && a.QuestionId == questionId && a.Text != null);
        var total = await query.CountAsync(ct);
        var items = await query.OrderBy(a => a.Id).Skip((p - 1) * size).Take(size).Select(a => a.Text!).ToListAsync(ct);
        return new Page<string>(items, p, size, total);
    }
}
