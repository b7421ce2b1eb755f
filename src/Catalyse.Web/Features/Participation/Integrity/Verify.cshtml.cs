using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Participation.Integrity;

/// <summary>
/// Anyone checks an exported log here: the chain, the recount, and (when given) the published count and last hash.
/// The same code runs offline: <c>dotnet Catalyse.Web.dll verify-log file.csv</c>.
/// </summary>
[RequestSizeLimit(VerifyModel.MaxBytes + 1024 * 1024), RequestFormLimits(MultipartBodyLengthLimit = VerifyModel.MaxBytes + 1024 * 1024)]
public sealed class VerifyModel(IStringLocalizer<SharedResource> l) : FormPageModel
{
    public const long MaxBytes = 100 * 1024 * 1024;

    [BindProperty, Display(Name = "Journal exporté (CSV)")] public IFormFile? Log { get; set; }
    [BindProperty, Display(Name = "Nombre publié")] public int? ExpectedCount { get; set; }
    [BindProperty, Display(Name = "Empreinte de la dernière ligne publiée"), PlainText(64)] public string? ExpectedHead { get; set; }
    [BindProperty, Display(Name = "Mode de scrutin")] public Votes.VoteMethod? Method { get; set; }
    public LogCheck? Result { get; private set; }
    public Votes.TallyResult? Recount { get; private set; }
    public bool? MatchesPublished { get; private set; }

    public void OnGet() { }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (Log is null || Log.Length == 0) ModelState.AddModelError(nameof(Log), l["Choisissez le fichier du journal."]);
        else if (Log.Length > MaxBytes) ModelState.AddModelError(nameof(Log), l["Fichier trop lourd : {0} Mo au plus.", MaxBytes / 1024 / 1024]);
        if (!ModelState.IsValid) return Invalid();
        await using var stream = Log!.OpenReadStream();
        using var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        Result = await Task.Run(() => LogVerifier.Check(reader), ct);
        if (Result.Valid && Method is { } method && Enum.IsDefined(method)) Recount = LogRecount.Count(method, Result.Ballots);
        if (Result.Valid && (ExpectedCount is not null || !string.IsNullOrWhiteSpace(ExpectedHead)))
            MatchesPublished = (ExpectedCount is null || ExpectedCount == Result.Count)
                && (string.IsNullOrWhiteSpace(ExpectedHead) || string.Equals(ExpectedHead.Trim(), Result.Head, StringComparison.OrdinalIgnoreCase));
        if (!Result.Valid || MatchesPublished == false) Response.StatusCode = StatusCodes.Status422UnprocessableEntity;
        return Page();
    }
}
