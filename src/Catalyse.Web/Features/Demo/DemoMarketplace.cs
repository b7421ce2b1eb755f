using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Directory;
using Catalyse.Web.Features.Marketplace;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Search;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Demo;

/// <summary>
/// The demo's marketplace: a few actors and places of the Grand Guéret (the demo member answers for one of them),
/// solutions proven in the other demo territories, offers, days of the bourse des pionniers, an essaimage record and a need.
/// Idempotent: nothing is added once the demo solutions exist.
/// </summary>
public sealed class DemoMarketplace(CatalyseDb db, SolutionService solutions, OfferService offers, NeedService needs, TimeProvider clock)
{
    public const string VisitorsAssociation = "Association Visites et Voisinage en Creuse";

    public async Task EnsureAsync(int gueretId, int grenobleId, int mirecourtId, Dictionary<string, User> users, string coordinatorId, CancellationToken ct)
    {
        if (await db.Set<Solution>().AnyAsync(s => s.CreatedById == coordinatorId, ct)) return;
        var member = users["membre.gueret@catalyse.demo"].Id;
        var now = clock.GetUtcNow();
        Entry Actor(EntryKind kind, string category, string name, string description, string offersText, string commune, string[] themes, string? createdBy = null) =>
            new()
            {
                Kind = kind, Category = category, Name = name, Description = description, Offers = offersText, CommuneCode = commune, Themes = [.. themes],
                Status = EntryStatus.Published, CreatedById = createdBy, CreatedAt = now, UpdatedAt = now, OriginTerritoryId = gueretId,
                SearchText = FrenchText.Index(name, description, string.Join(' ', themes), offersText, category),
            };
        var visitors = Actor(EntryKind.Actor, "association", VisitorsAssociation,
            "Des bénévoles rendent visite aux aînés qui vivent seuls dans les villages de l'agglomération et organisent des après-midi conviviaux.",
            "Bénévoles formés à l'écoute, visites à domicile, appels de convivialité", "23096", ["lien social", "personnes âgées"], member);
        db.Entries.AddRange(visitors,
            Actor(EntryKind.Place, "centre-social", "Centre social du bourg de Saint-Vaury",
                "Accueil de loisirs, ateliers numériques et permanences pour les familles et les retraités du secteur de Saint-Vaury.",
                "Salle d'activités, minibus de 9 places, animateurs", "23247", ["lien social", "numérique", "mobilité"]),
            Actor(EntryKind.Actor, "ess", "Garage solidaire creusois",
                "Réparation de véhicules à prix solidaire et location de voitures et scooters pour les personnes en insertion.",
                "Location de véhicules à 2 € par jour, réparations à coût réduit", "23096", ["mobilité", "insertion"]),
            Actor(EntryKind.Actor, "association", "Épicerie sociale du pays de Guéret",
                "Une épicerie où les familles aux revenus modestes achètent des produits frais à 20 % de leur prix.",
                "Produits frais et locaux, ateliers cuisine", "23096", ["alimentation", "solidarité"]));
        await db.SaveChangesAsync(ct);

        var coordinator = coordinatorId;
        async Task<Solution> Add(SolutionInput input)
        {
            var (s, errors) = await solutions.CreateAsync(coordinator, input, ct);
            return s ?? throw new InvalidOperationException(string.Join("; ", errors.SelectMany(e => e.Value)));
        }
        var visits = await Add(new("Visites de convivialité pour seniors isolés",
            "Un réseau de voisins bénévoles, coordonné par le centre social, rend visite chaque semaine aux seniors isolés et les appelle entre deux visites.",
            "Seniors vivant seuls, en particulier dans les hameaux", "180 seniors visités chaque semaine, 60 bénévoles ; 8 personnes sur 10 se disent moins seules après un an.",
            "12 000 € par an (un mi-temps de coordination)", "Un centre social ou une association porteuse ; une formation des bénévoles à l'écoute ; la liste des personnes isolées tenue avec le CCAS.",
            ["lien social", "personnes âgées"], "88304", mirecourtId, null));
        await Add(new("Transport solidaire bénévole",
            "Des chauffeurs bénévoles conduisent, avec leur voiture, les habitants sans moyen de transport vers le médecin, les commerces ou un entretien d'embauche, contre une participation aux frais.",
            "Habitants sans voiture, personnes âgées, demandeurs d'emploi", "2 400 trajets par an ; 35 chauffeurs bénévoles.", "0,35 € par kilomètre payé par le passager ; une assurance.",
            "Une association porteuse ; une plateforme téléphonique de réservation.", ["mobilité", "lien social"], "38185", grenobleId, null));
        await Add(new("Boutique à l'essai en centre-bourg",
            "La commune loue un local commercial vacant et le propose à un porteur de projet à loyer réduit pendant six mois, accompagné par la chambre de commerce.",
            "Porteurs de projets de commerce", "14 boutiques ouvertes en 4 ans, 11 toujours en activité.", "6 000 € par boutique et par an (loyer pris en charge).",
            "Un local vacant ; un comité de sélection ; un partenaire bancaire.", ["commerce", "centre-bourg"], "88304", mirecourtId, null));
        await Add(new("Épicerie solidaire itinérante",
            "Un camion aménagé apporte chaque semaine des produits frais à prix solidaire dans les villages sans commerce.",
            "Familles modestes et habitants des villages sans commerce", "600 foyers servis, 12 villages desservis.", "80 000 € d'investissement, 50 000 € par an.",
            "Un camion frigorifique ; des partenaires producteurs ; une banque alimentaire.", ["alimentation", "solidarité"], "38185", grenobleId, null));

        db.Set<SolutionAdoption>().Add(new SolutionAdoption
        {
            SolutionId = visits.Id, TerritoryId = gueretId, StartedOn = DateOnly.FromDateTime(now.UtcDateTime).AddMonths(-4), RecordedBy = coordinator, RecordedAt = now,
            Changes = "Les visites passent par les facteurs et les aides à domicile, qui repèrent les personnes isolées dans les hameaux.",
        });
        await db.SaveChangesAsync(ct);
        await db.Set<Solution>().Where(s => s.Id == visits.Id).ExecuteUpdateAsync(s => s.SetProperty(x => x.AdoptionCount, 1), ct);
        await db.Set<MatchDocument>().Where(d => d.Kind == MatchKind.Solution && d.DocId == visits.Id).ExecuteUpdateAsync(s => s.SetProperty(d => d.Successes, 1), ct);

        await offers.CreateAsync(gueretId, member, new OfferInput(OfferKind.Place, "Une salle pour des ateliers le mercredi",
            "Notre salle de 40 places à Guéret est libre le mercredi après-midi pour des ateliers ou des rencontres entre habitants.",
            ["lien social"], "23096", null, null, visitors.Id), ct);
        await offers.CreateAsync(mirecourtId, users["catalyseur.mirecourt@catalyse.demo"].Id, new OfferInput(OfferKind.PioneerDays,
            "Deux jours pour lancer une fabrique à initiatives",
            "Catalyseur depuis six ans, j'aide un territoire qui démarre : repérage des acteurs, premier comité de pilotage, choix des premiers besoins.",
            ["gouvernance", "repérage"], null, 4, null, null), ct);
        await needs.CreateAsync(gueretId, users["habitant@catalyse.demo"].Id, new NeedInput("Aller au bourg sans voiture",
            "Dans les villages autour de Guéret, beaucoup d'habitants n'ont pas de voiture et le car ne passe que deux fois par jour : impossible d'aller au marché ou chez le médecin.",
            ["mobilité"], "23096", "Habitants des villages sans voiture", 300, NeedUrgency.High), ct);
    }
}
