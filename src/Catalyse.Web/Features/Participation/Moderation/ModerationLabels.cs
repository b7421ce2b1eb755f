namespace Catalyse.Web.Features.Participation.Moderation;

/// <summary>French source texts (resource keys) of the moderation's reasons and kinds of content.</summary>
public static class ModerationLabels
{
    public static string Reason(ReportReasonKind r) => r switch
    {
        ReportReasonKind.Spam => "Publicité ou spam",
        ReportReasonKind.Offensive => "Propos injurieux, haineux ou discriminatoires",
        ReportReasonKind.OffTopic => "Hors sujet",
        ReportReasonKind.PersonalData => "Données personnelles d'un tiers",
        _ => "Autre raison",
    };

    public static string Kind(ReportedKind k) => k switch
    {
        ReportedKind.Proposal => "Proposition",
        _ => "Commentaire",
    };
}
