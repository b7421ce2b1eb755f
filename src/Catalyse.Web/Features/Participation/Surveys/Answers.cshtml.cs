using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Features.Participation.Surveys;

/// <summary>The free-text answers to one question, for the catalysts who summarise them (never public).</summary>
[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class AnswersModel(TerritoryScope scope, SurveyQueries queries) : PageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    [BindProperty(SupportsGet = true)] public int QuestionId { get; set; }
    [BindProperty(SupportsGet = true, Name = "p")] public int? PageNumber { get; set; }
    public Survey Survey { get; private set; } = null!;
    public SurveyQuestion Question { get; private set; } = null!;
    public Page<string> Answers { get; private set; } = null!;
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/surveys/{Id}/questions/{QuestionId}/answers";
    public Pager Pager => Answers.ToPager(Self);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await queries.FindAsync(Id, ct) is not { } survey || survey.Questions.FirstOrDefault(q => q.Id == QuestionId && q.IsText) is not { } question) return NotFound();
        (Survey, Question) = (survey, question);
        Answers = await queries.TextAnswersAsync(Id, QuestionId, PageNumber, ct);
        return Page();
    }
}
