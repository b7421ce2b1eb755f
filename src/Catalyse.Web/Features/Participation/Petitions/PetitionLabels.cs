using Catalyse.Web.Features.Participation.Eligibility;

namespace Catalyse.Web.Features.Participation.Petitions;

/// <summary>French source texts (resource keys) of the petitions' statuses and choices.</summary>
public static class PetitionLabels
{
    public static string Phase(PetitionPhase p) => p switch
    {
        PetitionPhase.UnderReview => "En examen",
        PetitionPhase.Refused => "Refusée",
        PetitionPhase.Collecting => "Signatures ouvertes",
        PetitionPhase.QuorumReached => "Seuil atteint",
        PetitionPhase.Closed => "Close sans atteindre le seuil",
        _ => "Réponse donnée",
    };

    public static string NextStep(PetitionNextStep s) => s switch
    {
        PetitionNextStep.Debate => "Débat en conseil",
        PetitionNextStep.Vote => "Votation citoyenne",
        _ => "Réponse écrite de l'autorité",
    };

    public static string Level(IdentityLevel level) => level switch
    {
        IdentityLevel.EmailConfirmed => "Toute personne à l'adresse email confirmée",
        IdentityLevel.Resident => "Les habitants du territoire (commune et code postal)",
        _ => "Les personnes inscrites sur la liste de l'autorité",
    };

    public static string Filter(string f) => f switch
    {
        "open" => "Ouvertes aux signatures",
        "review" => "En examen",
        "ended" => "Terminées",
        _ => "Toutes",
    };
}
