using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Consultations;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>Consultations in phases; proposals with supports (one per person, an allowance per consultation), threads, answers, merges.</summary>
public abstract class ConsultationTests(CatalyseFactory factory)
{
    private const string Slug = "grenoble-alpes";

    private async Task<Consultation> ConsultationAsync(int perPerson = 10, PhaseKind current = PhaseKind.Proposals)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        var now = DateTimeOffset.UtcNow;
        var ends = new Dictionary<PhaseKind, DateTimeOffset?>
        {
            [PhaseKind.Information] = current == PhaseKind.Information ? now.AddDays(1) : now.AddMinutes(-1),
            [PhaseKind.Proposals] = current == PhaseKind.Information ? now.AddDays(2) : current == PhaseKind.Proposals ? now.AddDays(1) : now.AddMinutes(-0.5),
            [PhaseKind.Deliberation] = now.AddDays(3),
        };
        using var scope = factory.Services.CreateScope();
        var (c, errors) = await scope.ServiceProvider.GetRequiredService<ConsultationService>().CreateAsync(territoryId, creator,
            new ConsultationInput("Consultation de test", "Que proposez-vous ?", "", 3, perPerson, now.AddDays(-1), ends));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return c!;
    }

    private async Task<Proposal> ProposalAsync(int consultationId, string? author = null)
    {
        author ??= (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var (p, errors) = await scope.ServiceProvider.GetRequiredService<ConsultationService>().ProposeAsync(consultationId, author,
            new ProposalInput("Des composteurs partagés", "Installer des composteurs partagés au pied des immeubles, animés par des voisins.", null, null, null));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return p!;
    }

    private async Task<SupportOutcome> SupportAsync(int proposalId, string userId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<ConsultationService>().SupportAsync(proposalId, userId);
    }

    private Task<int> CountAsync(int proposalId) => factory.WithDbAsync(db => db.Proposals.Where(p => p.Id == proposalId).Select(p => p.SupportCount).SingleAsync());

    [Fact]
    public async Task Parallel_supports_count_once_per_person_and_the_counter_matches_the_rows()
    {
        var consultation = await ConsultationAsync();
        var proposal = await ProposalAsync(consultation.Id);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var same = await Task.WhenAll(Enumerable.Range(0, 300).Select(_ => Task.Run(() => SupportAsync(proposal.Id, person))));
        Assert.Equal(1, same.Count(o => o == SupportOutcome.Supported));
        var people = await PetitionData.PeopleAsync(factory, 100);
        var many = await Task.WhenAll(people.SelectMany(p => Enumerable.Repeat(p, 5)).Select(p => Task.Run(() => SupportAsync(proposal.Id, p))));
        Assert.Equal(100, many.Count(o => o == SupportOutcome.Supported));
        Assert.Equal(101, await CountAsync(proposal.Id));
        Assert.Equal(101, await factory.WithDbAsync(db => db.ProposalSupports.CountAsync(s => s.ProposalId == proposal.Id)));
    }

    [Fact]
    public async Task A_person_cannot_give_more_supports_than_the_allowance_even_all_at_once()
    {
        var consultation = await ConsultationAsync(perPerson: 3);
        var proposals = new List<Proposal>();
        for (var i = 0; i < 8; i++) proposals.Add(await ProposalAsync(consultation.Id));
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        var outcomes = await Task.WhenAll(proposals.Select(p => Task.Run(() => SupportAsync(p.Id, person))));
        Assert.Equal(3, outcomes.Count(o => o == SupportOutcome.Supported));
        Assert.Equal(5, outcomes.Count(o => o == SupportOutcome.LimitReached));
        var ids = proposals.Select(p => p.Id).ToList();
        Assert.Equal(3, await factory.WithDbAsync(db => db.ProposalSupports.CountAsync(s => ids.Contains(s.ProposalId))));
        Assert.Equal(3, await factory.WithDbAsync(db => db.Proposals.Where(p => ids.Contains(p.Id)).SumAsync(p => p.SupportCount)));
    }

    [Fact]
    public async Task Phases_switch_what_residents_can_do()
    {
        var upcoming = await ConsultationAsync(current: PhaseKind.Information);
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        using (var scope = factory.Services.CreateScope())
        {
            var (p, errors) = await scope.ServiceProvider.GetRequiredService<ConsultationService>().ProposeAsync(upcoming.Id, person,
                new ProposalInput("Trop tôt pour proposer", "Cette proposition arrive pendant la phase d'information.", null, null, null));
            Assert.Null(p);
            Assert.Contains("title", errors.Keys);
        }
        var deliberation = await ConsultationAsync(current: PhaseKind.Deliberation);
        // Proposals made before the deliberation (inserted directly) can still be supported and discussed, not new ones.
        var proposal = await factory.WithDbAsync(async db =>
        {
            var p = new Proposal { TerritoryId = deliberation.TerritoryId, ConsultationId = deliberation.Id, AuthorId = person, Title = "Ancienne", Body = "Faite pendant la phase de propositions.", CreatedAt = DateTimeOffset.UtcNow };
            db.Proposals.Add(p);
            await db.SaveChangesAsync();
            return p;
        });
        Assert.Equal(SupportOutcome.Supported, await SupportAsync(proposal.Id, person));
        await factory.WithDbAsync(db => db.Set<ConsultationPhase>().Where(p => p.ConsultationId == deliberation.Id && p.Kind == PhaseKind.Deliberation)
            .ExecuteUpdateAsync(s => s.SetProperty(p => p.EndsAt, DateTimeOffset.UtcNow.AddSeconds(-1))));
        Assert.Equal(SupportOutcome.NotOpen, await SupportAsync(proposal.Id, (await PetitionData.PeopleAsync(factory, 1))[0]));
    }

    [Fact]
    public async Task A_resident_proposes_discusses_and_the_catalyst_answers_merges_and_hides_a_comment()
    {
        var consultation = await ConsultationAsync();
        var email = Unique.Email("proposer");
        await People.CreateConfirmedAsync(factory, email);
        using var resident = await factory.SignedInAsync(email, People.Password);
        var page = $"/t/{Slug}/consultations/{consultation.Id}";
        using var bad = await resident.PostFormAsync(page, ("Title", "Cour"), ("Body", "Trop court"), ("Links", "javascript:alert(1)"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        using var made = await resident.PostFormAsync(page, ("Title", "Un préau pour la cour de l'école"), ("Body", "Les enfants n'ont aucun abri les jours de pluie : un préau dans la cour."),
            ("CommuneCode", "38185"), ("Links", "https://example.org/plan.pdf"));
        Assert.Equal(HttpStatusCode.Redirect, made.StatusCode);
        var proposalPage = made.Headers.Location!.OriginalString;
        var id = int.Parse(proposalPage.Split('/')[^1]);
        Assert.True(await factory.WithDbAsync(db => db.ProposalFollowers.AnyAsync(f => f.ProposalId == id)));
        using (var r = await resident.PostFormAsync($"{proposalPage}?handler=Support")) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await resident.PostFormAsync($"{proposalPage}?handler=Comment", ("Comment", "Et des bancs dessous ?"))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var commentId = await factory.WithDbAsync(db => db.ProposalComments.Where(c => c.ProposalId == id).Select(c => c.Id).SingleAsync());
        using (var r = await resident.PostFormAsync($"{proposalPage}?handler=Comment", ("Comment", "Bonne idée."), ("ParentId", commentId.ToString()))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(commentId, await factory.WithDbAsync(db => db.ProposalComments.Where(c => c.ProposalId == id && c.Body == "Bonne idée.").Select(c => c.ParentId).SingleAsync()));
        using (var r = await resident.PostFormAsync($"{proposalPage}?handler=Answer", ("Status", "Accepted"), ("Answer", "Oui")))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);

        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        using (var r = await catalyst.PostFormAsync($"{proposalPage}?handler=Answer", ("Status", "Accepted"), ("Answer", "Accepté : travaux à l'été."), ("EstimatedCost", "45000"), ("Progress", "20")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await catalyst.PostFormAsync($"{proposalPage}?handler=Hide", ("CommentId", commentId.ToString()), ("Reason", "Hors sujet")))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var text = (await resident.GetDocumentAsync(proposalPage)).Body!.TextContent;
        Assert.Contains("Accepté : travaux à l'été.", text);
        Assert.Contains("Réalisation : 20 %", text);
        Assert.Contains("Commentaire masqué par la modération : Hors sujet", text);
        Assert.DoesNotContain("Et des bancs dessous ?", text);

        // A duplicate with two supporters, one of whom also supports the kept proposal: merged, the target counts each once.
        var duplicate = await ProposalAsync(consultation.Id);
        var supporters = await PetitionData.PeopleAsync(factory, 2);
        foreach (var s in supporters) Assert.Equal(SupportOutcome.Supported, await SupportAsync(duplicate.Id, s));
        Assert.Equal(SupportOutcome.Supported, await SupportAsync(id, supporters[0]));
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/proposals/{duplicate.Id}?handler=Merge", ("Target", duplicate.Id.ToString())))
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await catalyst.PostFormAsync($"/t/{Slug}/proposals/{duplicate.Id}?handler=Merge", ("Target", id.ToString())))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(3, await CountAsync(id));
        Assert.Equal(ProposalStatus.Merged, await factory.WithDbAsync(db => db.Proposals.Where(p => p.Id == duplicate.Id).Select(p => p.Status).SingleAsync()));

        var api = factory.Client();
        var list = await api.Http.GetFromJsonAsync<JsonElement>($"/api/v1/territories/{Slug}/proposals?consultation={consultation.Id}");
        Assert.Equal([id], list.EnumerateArray().Select(p => p.GetProperty("id").GetInt32()));
        Assert.Equal(("accepted", 3, 45000), (list[0].GetProperty("status").GetString(), list[0].GetProperty("supports").GetInt32(), list[0].GetProperty("estimatedCost").GetInt32()));
        using var missing = await api.GetAsync($"/api/v1/territories/{Slug}/proposals");
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);
        var token = await Tokens.CreateOnProfileAsync(resident, "soutiens");
        api.UseToken(token);
        var other = await ProposalAsync(consultation.Id);
        using (var first = await api.Http.PostAsync($"/api/v1/territories/{Slug}/proposals/{other.Id}/supports", null)) Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        using (var again = await api.Http.PostAsync($"/api/v1/territories/{Slug}/proposals/{other.Id}/supports", null)) Assert.Equal(HttpStatusCode.OK, again.StatusCode);
        Assert.Equal(1, await CountAsync(other.Id));
    }
}

[Collection(SqliteCollection.Name)]
public sealed class ConsultationSqliteTests(CatalyseFactory factory) : ConsultationTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ConsultationPostgresTests(PostgresFactory factory) : ConsultationTests(factory);
