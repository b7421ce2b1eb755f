namespace Catalyse.Web.Features.Participation.Consultations;

public static class ConsultationLabels
{
    public static string Phase(PhaseKind k) => k switch
    {
        PhaseKind.Information => "Information",
        PhaseKind.Proposals => "Propositions",
        PhaseKind.Deliberation => "Délibération",
        PhaseKind.Vote => "Vote",
        PhaseKind.Results => "Résultats",
        _ => "Suivi",
    };

    public static string PhaseHelp(PhaseKind k) => k switch
    {
        PhaseKind.Information => "on découvre le sujet",
        PhaseKind.Proposals => "chacun propose, commente et soutient",
        PhaseKind.Deliberation => "on commente et soutient les propositions",
        PhaseKind.Vote => "les propositions retenues sont mises au vote",
        PhaseKind.Results => "les résultats sont publiés",
        _ => "on suit ce que deviennent les propositions",
    };

    public static string Status(ProposalStatus s) => s switch
    {
        ProposalStatus.New => "Nouvelle",
        ProposalStatus.InStudy => "À l'étude",
        ProposalStatus.Accepted => "Acceptée",
        ProposalStatus.Rejected => "Rejetée",
        ProposalStatus.Merged => "Fusionnée",
        _ => "Réalisée",
    };
}
