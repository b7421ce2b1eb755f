using System.Text.RegularExpressions;
using Catalyse.Web.Features.Marketplace;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// Bad input on the marketplace's need pages: reporting a need, a comment, the catalysts' status form, proposing an
/// introduction, recording its outcome, and the synonym list. In the tests' own territory, with a fresh need (and offer,
/// accepted introduction) per case.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>The marketplace services' own field messages.</summary>
    private static readonly Regex MarketplaceMessage = new(
        @"^(Le titre compte de 5 à 200 caractères\.|Décrivez le besoin en 20 à 10 000 caractères\.|Le commentaire compte de 2 à 5 000 caractères\."
        + @"|Ce besoin est clos\.|Cette commune n'est pas dans le périmètre du territoire\.|Cette piste n'existe pas ou plus\."
        + @"|Choisissez ce qu'il en est advenu\.|Choisissez l'urgence\.|Choisissez la commune concernée\.|Choisissez un statut\."
        + @"|Choisissez une solution, un acteur, un lieu ou une offre\.|Dites pourquoi le besoin est abandonné \(3 à 2 000 caractères\)\."
        + @"|Les deux parties n'ont pas encore accepté cette mise en relation\.|Ligne \d+ : au moins deux termes différents séparés par « ~ »\."
        + @"|Nommez le projet qui s'en occupe\.|Un nombre de personnes de 0 à 100 000 000\.|Une adresse web commençant par http:// ou https://\."
        + @"|\d+ groupes au plus\.|\d+ thèmes au plus\.|Choisissez ce que vous offrez\.|Décrivez l'offre en .+|Décrivez la solution en .+"
        + @"|Code commune inconnu\.|Territoire inconnu\.|Cette fiche de l'annuaire n'existe pas\.|Choisissez le territoire qui a reçu les jours\."
        + @"|Des jours par demi-journées, de 0,5 à 60\.|Indiquez la date\.|Une date des années 2000 à 2100\.|Dites à quoi ont servi les jours .+"
        + @"|Choisissez un territoire dont vous êtes catalyseur\.|Dites ce qui a changé dans l'adaptation .+|Indiquez quand l'adaptation a commencé\."
        + @"|Une date à venir\.|Une quantité positive\.|Il reste .+ jours sur cette offre\.)$");

    private static readonly string[] NeedOptional = ["Themes", "AffectedGroup", "AffectedCount", "ProjectTitle", "ProjectUrl", "Message"];

    /// <summary>Placeholders: <c>{need}</c>, <c>{offer}</c> (an open offer of the territory by somebody else), <c>{introduction.accepted}</c> (accepted by both sides).</summary>
    private static FormUnderTest[] MarketplaceNeedForms =>
    [
        new("need", "/t/{territory}/needs/new", Persona.Resident,
            [("Title", "Garde d'enfants le samedi {unique}"), ("Description", "Les parents qui travaillent le samedi n'ont aucune solution de garde."),
             ("Themes", "enfance, emploi"), ("CommuneCode", "23096"), ("AffectedGroup", "Parents de jeunes enfants"), ("AffectedCount", "25"), ("Urgency", "High")],
            (name, v) => NeedOptional.Contains(name) ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("need-comment", "/t/{territory}/needs/{need}?handler=Comment", Persona.Resident,
            [("Comment", "Chez nous aussi, au hameau.")], (_, v) => FormUnderTest.Required(v)),
        new("need-status", "/t/{territory}/needs/{need}?handler=Status", Persona.Coordinator,
            [("Status", "Abandoned"), ("Note", "Plus personne ne le demande."), ("ProjectTitle", ""), ("ProjectUrl", "")],
            (name, v) => NeedOptional.Contains(name) ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("introduction", "/t/{territory}/needs/{need}?handler=Propose", Persona.Coordinator,
            [("TargetKind", "Offer"), ("TargetId", "{offer}"), ("Message", "Vous pourriez vous rencontrer.")],
            (name, v) => NeedOptional.Contains(name) ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("introduction-outcome", "/t/{territory}/introductions/{introduction.accepted}?handler=Outcome", Persona.Coordinator,
            [("Outcome", "Partnership"), ("Note", "Convention signée.")],
            (name, v) => name == "Note" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        // An empty list is legitimate: the territory goes back to the network's list.
        new("synonyms", "/t/{territory}/marketplace/synonyms", Persona.Coordinator,
            [("Text", "seniors ~ personnes âgées ~ aînés")], (_, v) => FormUnderTest.Optional(v)),
    ];

    public static TheoryData<string, string, string, string> MarketplaceNeedFormCases => ParticipationCases(MarketplaceNeedForms);

    [Theory]
    [MemberData(nameof(MarketplaceNeedFormCases))]
    public async Task Marketplace_need_form_field_with_a_bad_value_gets_a_clear_answer(string form, string field, string value, string expected) =>
        await ParticipationFormCaseAsync(await MarketplaceArrangedAsync(MarketplaceNeedForms.Single(f => f.Name == form)), field, value, expected);

    private static readonly (string Form, string Rule, string Field, (string Key, string Value)[] Values)[] MarketplaceRules =
    [
        ("need", "a title of 4 characters", "Title", [("Title", "Abcd")]),
        ("need", "a description of 19 characters", "Description", [("Description", "Dix-neuf caractères")]),
        ("need", "a commune outside the territory", "CommuneCode", [("CommuneCode", "38185")]),
        ("need", "a commune that does not exist", "CommuneCode", [("CommuneCode", "00000")]),
        ("need", "a negative number of people", "AffectedCount", [("AffectedCount", "-1")]),
        ("need", "an urgency that does not exist", "Urgency", [("Urgency", "Extreme")]),
        ("need", "eleven themes", "Themes", [("Themes", "a1, b2, c3, d4, e5, f6, g7, h8, i9, j10, k11")]),
        ("need-comment", "a comment of 1 character", "Comment", [("Comment", "a")]),
        ("need-status", "abandoned without a reason", "Note", [("Note", "")]),
        ("need-status", "in progress without a project", "ProjectTitle", [("Status", "InProgress"), ("Note", "")]),
        ("need-status", "a project address that is not a web address", "ProjectUrl", [("Status", "InProgress"), ("ProjectTitle", "Garderie du samedi"), ("ProjectUrl", "javascript:alert(1)")]),
        ("need-status", "a status that does not exist", "Status", [("Status", "Solved")]),
        ("introduction", "a target that does not exist", "TargetId", [("TargetId", "999999999")]),
        ("introduction", "a need as the target", "TargetKind", [("TargetKind", "Need")]),
        ("introduction", "a kind that does not exist", "TargetKind", [("TargetKind", "Friend")]),
        ("introduction", "a target id of 0", "TargetId", [("TargetId", "0")]),
        ("introduction-outcome", "no outcome", "Outcome", [("Outcome", "None")]),
        ("introduction-outcome", "an outcome that does not exist", "Outcome", [("Outcome", "Married")]),
        ("synonyms", "a line of one term", "Text", [("Text", "seniors ~ personnes âgées\nvélo")]),
        ("synonyms", "a line of the same term twice", "Text", [("Text", "vélo ~ vélo")]),
    ];

    public static TheoryData<string, string> MarketplaceRuleCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (form, rule, _, _) in MarketplaceRules) data.Add(form, rule);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MarketplaceRuleCases))]
    public async Task Marketplace_need_form_breaking_a_rule_comes_back_with_the_fields_message(string form, string rule)
    {
        var r = MarketplaceRules.Single(x => x.Form == form && x.Rule == rule);
        await ParticipationFormCaseAsync(await MarketplaceArrangedAsync(MarketplaceNeedForms.Single(f => f.Name == form)), r.Field, rule, "400 + field message", r.Values);
    }

    /// <summary>The form with its marketplace placeholders resolved (a fresh need, offer, offer of days, solution, accepted introduction of the tests' territory).</summary>
    private async Task<FormUnderTest> MarketplaceArrangedAsync(FormUnderTest form)
    {
        var slug = await TerritoryAsync();
        var all = form.Url + string.Join("", form.Valid.Select(v => v.Value));
        var made = new Dictionary<string, string>();
        if (all.Contains("{need}")) made["{need}"] = (await MarketplaceFixtures.CreateNeedAsync(factory, slug)).Id.ToString();
        if (all.Contains("{offer}")) made["{offer}"] = (await MarketplaceFixtures.CreateOfferAsync(factory, slug)).Id.ToString();
        if (all.Contains("{offer.pioneer}")) made["{offer.pioneer}"] = (await MarketplaceFixtures.CreateOfferAsync(factory, slug, pioneer: true)).Id.ToString();
        if (all.Contains("{solution}")) made["{solution}"] = (await MarketplaceFixtures.CreateSolutionAsync(factory)).Id.ToString();
        if (all.Contains("{territory.id}")) made["{territory.id}"] = (await MarketplaceFixtures.TerritoryAsync(factory, slug)).TerritoryId.ToString();
        if (all.Contains("{introduction.accepted}"))
        {
            var need = await MarketplaceFixtures.CreateNeedAsync(factory, slug);
            var offer = await MarketplaceFixtures.CreateOfferAsync(factory, slug);
            using var scope = factory.Services.CreateScope();
            var introductions = scope.ServiceProvider.GetRequiredService<IntroductionService>();
            var (result, intro, _) = await introductions.ProposeAsync(need.Id, need.AuthorId, false, new IntroductionInput(MatchKind.Offer, offer.Id, ""));
            Assert.Equal(IntroductionResult.Done, result);
            Assert.Equal(IntroductionResult.Done, await introductions.AnswerAsync(intro!.Id, offer.AuthorId, true));
            made["{introduction.accepted}"] = intro.Id.ToString();
        }
        string Fill(string s) { foreach (var (k, v) in made) s = s.Replace(k, v); return s; }
        return form with { Url = Fill(form.Url), Valid = form.Valid.Select(v => (v.Key, Fill(v.Value))).ToArray() };
    }
}
