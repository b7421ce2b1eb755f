using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Territories;

[Authorize(Policy = Policies.TerritoryCatalyst)]
public sealed class EditStepModel(TerritoryScope scope, CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public sealed class StepInput : IValidatableObject
    {
        [Display(Name = "Statut")]
        public StepStatus Status { get; set; }
        [Display(Name = "Date de début")]
        public DateOnly? StartDate { get; set; }
        [Display(Name = "Date de fin prévue")]
        public DateOnly? DueDate { get; set; }
        [Display(Name = "Livrables"), PlainText(5000, Multiline = true)]
        public string? Deliverables { get; set; }
        [Display(Name = "Notes"), PlainText(5000, Multiline = true)]
        public string? Notes { get; set; }

        public IEnumerable<ValidationResult> Validate(ValidationContext context)
        {
            var l = (IStringLocalizer<SharedResource>)context.GetService(typeof(IStringLocalizer<SharedResource>))!;
            if (!Enum.IsDefined(Status)) yield return new ValidationResult(l["La valeur saisie n'est pas valide."], [nameof(Status)]);
            if (StartDate is { } s && DueDate is { } d && d < s)
                yield return new ValidationResult(l["La date de fin doit suivre la date de début."], [nameof(DueDate)]);
            if (StartDate is { Year: < 1990 or > 2100 }) yield return new ValidationResult(l["La valeur saisie n'est pas valide."], [nameof(StartDate)]);
            if (DueDate is { Year: < 1990 or > 2100 }) yield return new ValidationResult(l["La valeur saisie n'est pas valide."], [nameof(DueDate)]);
        }
    }

    [BindProperty(SupportsGet = false)] public StepInput Input { get; set; } = new();
    [FromRoute] public int Number { get; set; }
    public string Slug => scope.Slug!;
    public string StepTitle => ProgrammeStep.Titles[Math.Clamp(Number, 1, 7) - 1];

    private Task<ProgrammeStep?> Step(CancellationToken ct) =>
        db.ProgrammeSteps.FirstOrDefaultAsync(s => s.TerritoryId == scope.TerritoryId && s.Number == Number, ct);

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        if (await Step(ct) is not { } step) return NotFound();
        Input = new StepInput { Status = step.Status, StartDate = step.StartDate, DueDate = step.DueDate, Deliverables = step.Deliverables, Notes = step.Notes };
        return Page();
    }

    public async Task<IActionResult> OnPostAsync(CancellationToken ct)
    {
        if (await Step(ct) is not { } step) return NotFound();
        if (!ModelState.IsValid) return Invalid();
        step.Status = Input.Status;
        step.StartDate = Input.StartDate;
        step.DueDate = Input.DueDate;
        step.Deliverables = Input.Deliverables?.Trim() ?? "";
        step.Notes = Input.Notes?.Trim() ?? "";
        step.UpdatedAt = clock.GetUtcNow();
        step.UpdatedBy = User.Identity?.Name;
        await db.SaveChangesAsync(ct);
        TempData["Flash"] = l["Étape {0} enregistrée.", Number].Value;
        return Redirect($"/t/{Slug}/programme");
    }
}
