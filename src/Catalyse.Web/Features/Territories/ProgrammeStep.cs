using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Territories;

public enum StepStatus { NotStarted = 0, InProgress = 1, Done = 2 }

/// <summary>One of the 7 steps of the cluster method ("7 étapes sur 12 mois").</summary>
public sealed class ProgrammeStep : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    /// <summary>1 to 7.</summary>
    public int Number { get; set; }
    public StepStatus Status { get; set; }
    public DateOnly? StartDate { get; set; }
    public DateOnly? DueDate { get; set; }
    public string Deliverables { get; set; } = "";
    public string Notes { get; set; } = "";
    public DateTimeOffset? UpdatedAt { get; set; }
    public string? UpdatedBy { get; set; }

    public static readonly string[] Titles =
    [
        "Cartographier le potentiel du territoire",
        "Constituer une communauté de projet",
        "Ouvrir des espaces (tiers-lieu)",
        "Expérimenter des prototypes",
        "Organiser un événement",
        "Changer d'échelle",
        "Rédiger le schéma directeur de l'innovation responsable",
    ];

    public string Title => Titles[Number - 1];

    public static List<ProgrammeStep> NewProgramme() =>
        Enumerable.Range(1, Titles.Length).Select(n => new ProgrammeStep { Number = n }).ToList();
}
