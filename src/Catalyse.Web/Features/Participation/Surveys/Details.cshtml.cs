using System.ComponentModel.DataAnnotations;
using System.Globalization;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Surveys;

/// <summary>
/// A survey: the response form (one step, with identity details when needed), its results; for the catalyst, the draft's
/// question editor, opening, early close and the export of the responses.
/// </summary>
public sealed partial class DetailsModel(TerritoryScope scope, SurveyQueries queries, SurveyService surveys, EligibilityService eligibility,
    TerritoryAccess access, UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Survey Survey { get; private set; } = null!;
    public SurveyPhase Phase { get; private set; }
    public bool Responded { get; private set; }
    public bool CanManage { get; private set; }
    public Missing Missing { get; private set; }
    public SurveyResult? Result { get; private set; }
    /// <summary>What the person answered, when the form is shown again with errors (question id → values).</summary>
    public Dictionary<int, string[]> Given { get; } = [];
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/surveys/{Id}";
    public bool ShowsForm => Phase == SurveyPhase.Open && !Responded && User.Identity?.IsAuthenticated == true && Missing != Missing.Email;

    [BindProperty, Display(Name = "Code postal"), PlainText(5)] public string? PostalCode { get; set; }
    [BindProperty, Display(Name = "Commune"), PlainText(200)] public string? Commune { get; set; }
    [BindProperty, Display(Name = "Nom"), PlainText(200)] public string? Surname { get; set; }
    [BindProperty, Display(Name = "Prénom"), PlainText(200)] public string? GivenName { get; set; }
    [BindProperty, Display(Name = "Date de naissance"), PlainText(10)] public string? BirthDate { get; set; }
    public EligibilityForm Eligibility => new(PostalCode, Commune, Surname, GivenName, BirthDate);

    // The question editor (draft).
    [BindProperty, Display(Name = "Question"), PlainText(500)] public string? QuestionText { get; set; }
    [BindProperty, Display(Name = "Type de question")] public QuestionKind? Kind { get; set; } = QuestionKind.SingleChoice;
    [BindProperty, Display(Name = "Réponse obligatoire")] public bool Required { get; set; }
    [BindProperty, Display(Name = "Choix"), PlainText(12000, Multiline = true)] public string? Choices { get; set; }
    [BindProperty, Display(Name = "Nombre de choix au plus")] public int? MaxChoices { get; set; }
    [BindProperty, Display(Name = "Note la plus haute")] public int? ScaleMax { get; set; } = 5;
    [BindProperty] public int QuestionId { get; set; }
    [BindProperty] public int Move { get; set; }

    private string? UserId => users.GetUserId(User);

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.FindAsync(Id, ct) is not { } survey) return false;
        Survey = survey;
        Phase = survey.PhaseAt(clock.GetUtcNow());
        if (UserId is { } me)
        {
            CanManage = await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct);
            Responded = await queries.HasRespondedAsync(Id, me, ct);
            if (!Responded && Phase == SurveyPhase.Open) Missing = await eligibility.MissingAsync(me, survey.TerritoryId, survey.RespondentLevel, ct);
        }
        if (Phase == SurveyPhase.Draft && !CanManage) return false;
        if (Phase != SurveyPhase.Draft && queries.ResultsVisible(survey, CanManage)) Result = await queries.ResultsAsync(survey, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct) => await LoadAsync(ct) ? Page() : NotFound();

    /// <summary>The answers of the form: fields <c>q{questionId}</c>, several values for a multiple choice.</summary>
    private Dictionary<int, AnswerInput> Answers()
    {
        var answers = new Dictionary<int, AnswerInput>();
        foreach (var q in Survey.Questions)
        {
            var values = Request.Form[$"q{q.Id}"].Where(v => !string.IsNullOrEmpty(v)).Select(v => v!).ToArray();
            Given[q.Id] = values;
            if (values.Length == 0) continue;
            if (q.HasChoices)
            {
                var ids = values.Select(v => int.TryParse(v, NumberStyles.None, CultureInfo.InvariantCulture, out var id) ? id : -1).ToList();
                answers[q.Id] = new AnswerInput(ids, null, null);
            }
            else if (q.Kind == QuestionKind.Scale)
                answers[q.Id] = new AnswerInput(null, int.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var n) && values[0].Length <= 3 ? n : -1, null);
            else answers[q.Id] = new AnswerInput(null, null, values[0]);
        }
        return answers;
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var answers = Answers();
        // The answers are checked before anything is recorded (the residence or census details included).
        var invalid = new FieldErrors();
        if (Phase == SurveyPhase.Open && !Responded && surveys.Validate(Survey, answers, invalid) is null)
        {
            AddErrors(invalid, f => f);
            return Invalid();
        }
        var missing = Phase == SurveyPhase.Open && !Responded ? await Eligibility.CompleteAsync(eligibility, me, Survey.TerritoryId, Missing, ct) : [];
        AddErrors(missing, f => f);
        if (missing.Count > 0) return Invalid();
        var result = await surveys.RespondAsync(Id, me, answers, ct);
        switch (result.Outcome)
        {
            case RespondOutcome.Recorded:
                TempData["Flash"] = l["Merci ! Vos réponses sont enregistrées."].Value;
                return Redirect(Self);
            case RespondOutcome.AlreadyResponded:
                TempData["Flash"] = l["Vous avez déjà répondu à ce questionnaire."].Value;
                return Redirect(Self);
            case RespondOutcome.NotFound:
                return NotFound();
            case RespondOutcome.Invalid:
                AddErrors(result.Errors!, f => f);
                return Invalid();
            case RespondOutcome.NotOpen:
                ModelState.AddModelError("", l["Ce questionnaire n'est pas ouvert."]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                ModelState.AddModelError("", Petitions.PetitionsApi.MissingMessage(result.Missing, l));
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
        }
    }

    /// <summary>A catalyst's change to the survey: the handler's work, then back to the page (or the form with its errors).</summary>
    private async Task<IActionResult> ManageAsync(Func<Task<FieldErrors?>> change, LocalizedString done, CancellationToken ct, Func<string, string>? fieldFor = null)
    {
        if (UserId is null) return Challenge();
        if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        var errors = await change();
        if (errors is null) return NotFound();
        if (errors.Count > 0)
        {
            AddErrors(errors, fieldFor ?? (f => f));
            await LoadAsync(ct);
            return Invalid();
        }
        TempData["Flash"] = done.Value;
        return Redirect(Self);
    }

    /// <summary>The responses as CSV (catalysts): one line per response, one column per question, in the questions' order.</summary>
    public async Task<IActionResult> OnGetExportAsync(CancellationToken ct)
    {
        if (UserId is null) return Challenge();
        if (!await access.IsAtLeastAsync(Memberships.TerritoryRole.Catalyst, ct)) return Forbid();
        if (!await LoadAsync(ct)) return NotFound();
        await SurveyExport.WriteAsync(HttpContext, Survey, ct);
        return new EmptyResult();
    }

    public Task<IActionResult> OnPostQuestionAsync(CancellationToken ct) => ManageAsync(
        () => surveys.AddQuestionAsync(Id, new QuestionInput(QuestionText, Kind, Required, Choices, MaxChoices, ScaleMax), ct), l["Question ajoutée."], ct,
        f => f switch { "text" => nameof(QuestionText), "" => "", _ => char.ToUpperInvariant(f[0]) + f[1..] });

    public Task<IActionResult> OnPostChangeAsync(CancellationToken ct) => ManageAsync(
        () => Move is < -1 or > 1 ? Task.FromResult<FieldErrors?>(null) : surveys.ChangeQuestionAsync(Id, QuestionId, Move, ct),
        Move == 0 ? l["Question retirée."] : l["Question déplacée."], ct);

    public Task<IActionResult> OnPostPublishAsync(CancellationToken ct) => ManageAsync(
        () => surveys.PublishAsync(Id, ct), l["Questionnaire ouvert : il accepte les réponses à partir de sa date d'ouverture."], ct);

    public Task<IActionResult> OnPostCloseAsync(CancellationToken ct) => ManageAsync(async () =>
    {
        var errors = new FieldErrors();
        if (!await surveys.CloseNowAsync(Id, ct)) errors.Add("", l["Ce questionnaire n'est pas ouvert."]);
        return errors;
    }, l["Questionnaire clos : ses résultats sont publiés."], ct);
}
