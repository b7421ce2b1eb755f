namespace Catalyse.Web.Features.Notifications;

/// <summary>French source texts (resource keys) of the notifications; {0} is the subject (a proposal's title).</summary>
public static class NotificationLabels
{
    public static string Text(NotificationKind kind) => kind switch
    {
        NotificationKind.ProposalAnswered => "L'autorité a répondu à la proposition « {0} ».",
        NotificationKind.ProposalCommented => "Nouveau commentaire sur la proposition « {0} ».",
        NotificationKind.ProposalMerged => "La proposition « {0} » a été fusionnée avec une autre.",
        NotificationKind.NeedCommented => "Nouveau commentaire sur le besoin « {0} ».",
        NotificationKind.NeedStatusChanged => "Le besoin « {0} » a changé de statut.",
        NotificationKind.NeedNewMatch => "Une nouvelle piste pour le besoin « {0} ».",
        NotificationKind.IntroductionProposed => "Une mise en relation vous est proposée : « {0} ».",
        NotificationKind.IntroductionAccepted => "Mise en relation acceptée : « {0} ».",
        NotificationKind.IntroductionDeclined => "Mise en relation déclinée : « {0} ».",
        NotificationKind.IntroductionOutcome => "Suite d'une mise en relation : « {0} ».",
        _ => "La proposition « {0} » a changé de statut.",
    };
}
