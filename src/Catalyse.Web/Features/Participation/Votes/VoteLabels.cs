namespace Catalyse.Web.Features.Participation.Votes;

public static class VoteLabels
{
    public static string Method(VoteMethod m) => m switch
    {
        VoteMethod.Single => "Choix unique",
        VoteMethod.Approval => "Vote par approbation",
        VoteMethod.Ranked => "Vote par classement (méthode de Schulze)",
        VoteMethod.Score => "Vote par notes",
        _ => "Budget participatif",
    };

    /// <summary>How the result is computed, shown on the results page.</summary>
    public static string Explanation(VoteMethod m) => m switch
    {
        VoteMethod.Single => "Chaque bulletin choisit une option ; l'option qui recueille le plus de voix l'emporte.",
        VoteMethod.Approval => "Chaque bulletin approuve une ou plusieurs options ; l'option la plus approuvée l'emporte.",
        VoteMethod.Ranked => "Chaque bulletin classe les options par ordre de préférence (les options non classées viennent après, à égalité). Pour chaque paire d'options, on compte les bulletins qui préfèrent l'une à l'autre ; la méthode de Schulze cherche ensuite, entre chaque paire, le chemin de victoires le plus fort. L'option qui bat toutes les autres ainsi l'emporte — c'est toujours le gagnant de Condorcet quand il existe. La colonne « victoires » compte les options que chacune bat.",
        VoteMethod.Score => "Chaque bulletin note chaque option ; l'option à la meilleure moyenne l'emporte.",
        _ => "Chaque bulletin choisit des projets dont le coût total tient dans le budget (et atteint le minimum demandé). Les projets sont classés par nombre de voix ; chacun est retenu si son coût tient dans ce qui reste du budget, sinon il est passé et l'on continue avec les suivants, pour utiliser le budget au mieux (à égalité de voix, le moins cher d'abord).",
    };

    public static string Phase(VotePhase p) => p switch
    {
        VotePhase.Upcoming => "À venir",
        VotePhase.Open => "Vote ouvert",
        _ => "Clos",
    };

    public static string Filter(string f) => f switch
    {
        "open" => "En cours",
        "upcoming" => "À venir",
        "closed" => "Clos",
        _ => "Tous",
    };
}
