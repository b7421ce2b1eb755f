namespace Catalyse.Web.Features.Participation.Surveys;

/// <summary>French source texts (resource keys) of the surveys' phases, filters and kinds of question.</summary>
public static class SurveyLabels
{
    public static string Phase(SurveyPhase p) => p switch
    {
        SurveyPhase.Draft => "Brouillon",
        SurveyPhase.Upcoming => "À venir",
        SurveyPhase.Open => "En cours",
        _ => "Terminé",
    };

    public static string Filter(string f) => f switch
    {
        "open" => "En cours",
        "upcoming" => "À venir",
        "closed" => "Terminés",
        "draft" => "Brouillons",
        _ => "Tous",
    };

    public static string Kind(QuestionKind k) => k switch
    {
        QuestionKind.SingleChoice => "Choix unique",
        QuestionKind.MultipleChoice => "Choix multiples",
        QuestionKind.Scale => "Échelle de notes",
        QuestionKind.ShortText => "Réponse courte",
        _ => "Réponse longue",
    };
}
