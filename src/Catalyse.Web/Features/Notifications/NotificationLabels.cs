namespace Catalyse.Web.Features.Notifications;

/// <summary>French source texts (resource keys) of the notifications; {0} is the subject (a proposal's title).</summary>
public static class NotificationLabels
{
    public static string Text(NotificationKind kind) => kind switch
    {
        NotificationKind.ProposalAnswered => "L'autorité a répondu à la proposition « {0} ».",
        NotificationKind.ProposalCommented => "Nouveau commentaire sur la proposition « {0} ».",
        NotificationKind.ProposalMerged => "La proposition « {0} » a été fusionnée avec une autre.",
        _ => "La proposition « {0} » a changé de statut.",
    };
}
