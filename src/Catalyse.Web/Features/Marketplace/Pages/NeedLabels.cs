namespace Catalyse.Web.Features.Marketplace.Pages;

/// <summary>French source texts (resource keys) of the needs' statuses, urgencies and filters, and of introductions.</summary>
public static class NeedLabels
{
    public static string Status(NeedStatus s) => s switch
    {
        NeedStatus.New => "Nouveau",
        NeedStatus.Qualified => "Qualifié",
        NeedStatus.InProgress => "En cours",
        NeedStatus.Satisfied => "Satisfait",
        _ => "Abandonné",
    };

    public static string Urgency(NeedUrgency u) => u switch
    {
        NeedUrgency.Low => "Urgence faible",
        NeedUrgency.Medium => "Urgence moyenne",
        NeedUrgency.High => "Urgence forte",
        _ => "Urgence critique",
    };

    public static string Filter(string f) => f switch
    {
        "open" => "Ouverts",
        "new" => "Nouveaux",
        "qualified" => "Qualifiés",
        "in-progress" => "En cours",
        "satisfied" => "Satisfaits",
        "abandoned" => "Abandonnés",
        _ => "Tous",
    };

    public static string Kind(MatchKind k) => k switch
    {
        MatchKind.Solution => "Solution d'ailleurs",
        MatchKind.Actor => "Acteur du territoire",
        MatchKind.Place => "Lieu",
        MatchKind.Offer => "Offre",
        _ => "Besoin",
    };

    public static string IntroductionStatus(IntroductionStatus s) => s switch
    {
        Marketplace.IntroductionStatus.Proposed => "Proposée",
        Marketplace.IntroductionStatus.Accepted => "Acceptée",
        _ => "Déclinée",
    };

    public static string Answer(bool? accepted) => accepted switch
    {
        true => "a accepté",
        false => "a décliné",
        _ => "n'a pas encore répondu",
    };

    public static string Outcome(IntroductionOutcome o) => o switch
    {
        IntroductionOutcome.MeetingHeld => "Rencontre faite",
        IntroductionOutcome.Partnership => "Partenariat",
        IntroductionOutcome.ProjectLaunched => "Projet lancé",
        IntroductionOutcome.NoFollowUp => "Sans suite",
        _ => "Pas encore de suite",
    };

    /// <summary>Where a match's title links to.</summary>
    public static string Link(string slug, MatchKind kind, int id) => kind switch
    {
        MatchKind.Solution => $"/solutions/{id}",
        MatchKind.Offer => $"/t/{slug}/offers/{id}",
        MatchKind.Need => $"/t/{slug}/needs/{id}",
        _ => $"/t/{slug}/directory/{id}",
    };
}
