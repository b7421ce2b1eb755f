using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Votes;

/// <summary>A vote: its options, the ballot form (one step, with identity details when needed), then its result and public log.</summary>
public sealed class DetailsModel(TerritoryScope scope, VoteQueries queries, VoteService votes, EligibilityService eligibility,
    UserManager<Accounts.User> users, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    [BindProperty(SupportsGet = true)] public int Id { get; set; }
    public Vote Vote { get; private set; } = null!;
    public VotePhase Phase { get; private set; }
    public VoterRollEntry? MyRoll { get; private set; }
    public Missing Missing { get; private set; }
    public TallyResult? Result { get; private set; }
    public string Slug => scope.Slug!;
    public string Self => $"/t/{Slug}/votes/{Id}";
    public string LogUrl => $"/api/v1/territories/{Slug}/votes/{Id}/log";

    [BindProperty, PlainText(100, AllowMarkup = true)] public string? IdempotencyKey { get; set; }
    [BindProperty] public List<int>? Options { get; set; }
    /// <summary>Ranked: the rank given to each option (option id → 1, 2…; absent or empty: not ranked).</summary>
    public Dictionary<int, int?>? Rank { get; set; }
    public Dictionary<int, int?>? Score { get; set; }
    [BindProperty, Display(Name = "Code postal"), PlainText(5)] public string? PostalCode { get; set; }
    [BindProperty, Display(Name = "Commune"), PlainText(200)] public string? Commune { get; set; }
    [BindProperty, Display(Name = "Nom"), PlainText(200)] public string? Surname { get; set; }
    [BindProperty, Display(Name = "Prénom"), PlainText(200)] public string? GivenName { get; set; }
    [BindProperty, Display(Name = "Date de naissance"), PlainText(10)] public string? BirthDate { get; set; }
    /// <summary>The ballot form is on the page (otherwise the options are listed on their own).</summary>
    public bool ShowsForm => Phase == VotePhase.Open && MyRoll is null && User.Identity?.IsAuthenticated == true && Missing != Missing.Email;
    public EligibilityForm Eligibility => new(PostalCode, Commune, Surname, GivenName, BirthDate);

    private string? UserId => users.GetUserId(User);

    /// <summary>Fields named <c>Rank[12]</c> (option id 12): the number given, or null when empty or not a number.</summary>
    private Dictionary<int, int?> Numbered(string name)
    {
        var values = new Dictionary<int, int?>();
        foreach (var (key, value) in Request.Form)
            if (key.StartsWith(name + "[", StringComparison.Ordinal) && key.EndsWith(']')
                && int.TryParse(key.AsSpan(name.Length + 1, key.Length - name.Length - 2), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
            {
                if (value.ToString() is not { Length: > 0 } text) values[id] = null;
                else if (int.TryParse(text, System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture, out var n) && text.Length <= 6) values[id] = n;
                else ModelState.AddModelError(name, l["Saisissez un nombre."]);
            }
        return values;
    }

    private async Task<bool> LoadAsync(CancellationToken ct)
    {
        if (await queries.FindAsync(Id, ct) is not { } vote) return false;
        Vote = vote;
        Phase = vote.PhaseAt(clock.GetUtcNow());
        if (UserId is { } me)
        {
            MyRoll = await queries.RollOfAsync(Id, me, ct);
            if (MyRoll is null && Phase == VotePhase.Open) Missing = await eligibility.MissingAsync(me, vote.TerritoryId, vote.VoterLevel, ct);
        }
        Result = await votes.ResultAsync(vote, ct);
        return true;
    }

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (!await LoadAsync(ct)) return NotFound();
        IdempotencyKey = Guid.NewGuid().ToString("N");
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (UserId is not { } me) return Challenge();
        if (!await LoadAsync(ct)) return NotFound();
        (Rank, Score) = (Numbered("Rank"), Numbered("Score"));
        if (!ModelState.IsValid) return Invalid();
        var ranked = (Rank ?? []).Where(r => r.Value is not null).ToList();
        if (ranked.Select(r => r.Value).Distinct().Count() != ranked.Count)
        {
            ModelState.AddModelError(nameof(Rank), l["Classez au moins une option, chacune à un rang différent."]);
            return Invalid();
        }
        var ballot = new BallotInput(Options, ranked.OrderBy(r => r.Value).Select(r => r.Key).ToList(),
            (Score ?? []).Where(s => s.Value is not null).ToDictionary(s => s.Key, s => s.Value!.Value));
        // The ballot is checked before anything is recorded (the residence or census details included).
        var invalid = new FieldErrors();
        if (votes.Validate(Vote, ballot, invalid) is null)
        {
            AddErrors(invalid, f => f switch { "ranking" => nameof(Rank), "scores" => nameof(Score), _ => nameof(Options) });
            return Invalid();
        }
        var missing = await Eligibility.CompleteAsync(eligibility, me, Vote.TerritoryId, Missing, ct);
        AddErrors(missing, f => f);
        if (missing.Count > 0) return Invalid();
        var result = await votes.CastAsync(Id, me, ballot, IdempotencyKey?.Length <= 100 ? IdempotencyKey : null, ct);
        switch (result.Outcome)
        {
            case CastOutcome.Cast:
                TempData["Flash"] = (Vote.Secret
                    ? l["A voté ! Votre bulletin figure au journal public sous le reçu {0} (notez-le : il n'est affiché qu'une fois et ne vous est pas rattaché).", result.Receipt!]
                    : l["A voté ! Votre bulletin figure au journal public sous l'identifiant {0}.", result.Receipt!]).Value;
                return Redirect(Self);
            case CastOutcome.Replayed or CastOutcome.AlreadyVoted:
                TempData["Flash"] = l["Vous avez déjà voté."].Value;
                return Redirect(Self);
            case CastOutcome.NotFound:
                return NotFound();
            case CastOutcome.Invalid:
                AddErrors(result.Errors!, f => f switch { "ranking" => nameof(Rank), "scores" => nameof(Score), _ => nameof(Options) });
                return Invalid();
            case CastOutcome.NotOpen:
                ModelState.AddModelError("", l["Ce vote n'est pas ouvert."]);
                Response.StatusCode = StatusCodes.Status409Conflict;
                return Page();
            default:
                ModelState.AddModelError("", Petitions.PetitionsApi.MissingMessage(result.Missing, l));
                Response.StatusCode = StatusCodes.Status403Forbidden;
                return Page();
        }
    }
}
