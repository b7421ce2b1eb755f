using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Marketplace;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Marketplace;

/// <summary>
/// The needs and introductions pages: a need posted through its form, "moi aussi" once per person (under concurrency too),
/// an introduction from proposal to outcome (which counts as a past success of its target), and who may see an introduction.
/// </summary>
public abstract class NeedPageTests(CatalyseFactory factory)
{
    private const string Slug = "grand-gueret";
    private const string Catalyst = "coordination@catalyse.demo";

    private async Task<(TestClient Client, string UserId)> PersonAsync()
    {
        var email = Unique.Email("besoin");
        var user = await People.CreateConfirmedAsync(factory, email);
        return (await factory.SignedInAsync(email, People.Password), user.Id);
    }

    private Task<(int Rows, int Counter)> SupportsAsync(int needId) => factory.WithDbAsync(async db => (
        await db.Set<NeedSupport>().CountAsync(s => s.NeedId == needId),
        await db.Set<Need>().IgnoreQueryFilters().Where(n => n.Id == needId).Select(n => n.SupportCount).SingleAsync()));

    [Fact]
    public async Task A_need_posted_through_its_form_is_recorded_and_its_page_shows_it()
    {
        var (client, me) = await PersonAsync();
        var (_, commune) = await MarketplaceFixtures.TerritoryAsync(factory, Slug);
        var form = await client.GetDocumentAsync($"/t/{Slug}/needs/new");
        Assert.NotNull(form.QuerySelector($"select[name=CommuneCode] option[value='{commune}']"));
        var title = $"Garde d'enfants le samedi {Guid.NewGuid():N}"[..40];
        using var response = await client.PostFormAsync($"/t/{Slug}/needs/new", ("Title", title),
            ("Description", "Les parents qui travaillent le samedi n'ont aucune solution de garde dans le bourg."), ("Themes", "enfance, emploi"),
            ("CommuneCode", commune), ("AffectedGroup", "Parents de jeunes enfants"), ("AffectedCount", "25"), ("Urgency", "High"));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        var need = await factory.WithDbAsync(db => db.Set<Need>().IgnoreQueryFilters().SingleAsync(n => n.Title == title));
        Assert.Equal(me, need.AuthorId);
        Assert.Equal(["enfance", "emploi"], need.Themes);
        Assert.Equal(NeedUrgency.High, need.Urgency);
        Assert.Equal(25, need.AffectedCount);
        Assert.Equal($"/t/{Slug}/needs/{need.Id}", response.Headers.Location!.OriginalString);
        var page = await client.GetDocumentAsync($"/t/{Slug}/needs/{need.Id}");
        Assert.Equal(title, page.QuerySelector("h1")!.TextContent.Trim());
        Assert.NotNull(page.QuerySelector("#matches"));
        var list = await client.GetDocumentAsync($"/t/{Slug}/needs?theme=enfance");
        Assert.Contains(list.QuerySelectorAll("a"), a => a.TextContent.Trim() == title);
    }

    [Fact]
    public async Task Moi_aussi_twice_makes_one_row_and_withdrawing_takes_it_back()
    {
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug);
        var (client, _) = await PersonAsync();
        var page = $"/t/{Slug}/needs/{need.Id}";
        for (var i = 0; i < 2; i++)
            using (var r = await client.PostFormAsync($"{page}?handler=MeToo", [], page)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal((1, 1), await SupportsAsync(need.Id));
        using (var r = await client.PostFormAsync($"{page}?handler=Withdraw", [], page)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal((0, 0), await SupportsAsync(need.Id));
    }

    [Fact]
    public async Task Thirty_moi_aussi_at_once_by_the_same_person_make_one_row_and_a_counter_of_one()
    {
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug);
        var (client, _) = await PersonAsync();
        var page = $"/t/{Slug}/needs/{need.Id}";
        var token = await client.AntiforgeryTokenAsync(page);
        var statuses = await Task.WhenAll(Enumerable.Range(0, 30).Select(_ => Task.Run(async () =>
        {
            using var r = await client.Http.PostAsync($"{page}?handler=MeToo",
                new FormUrlEncodedContent([new("__RequestVerificationToken", token)]));
            return r.StatusCode;
        })));
        Assert.All(statuses, s => Assert.Equal(HttpStatusCode.Redirect, s));
        Assert.Equal((1, 1), await SupportsAsync(need.Id));
    }

    [Fact]
    public async Task An_introduction_goes_from_proposal_to_outcome_through_the_pages_and_counts_as_a_success_of_its_target()
    {
        var (author, authorId) = await PersonAsync();
        var (helper, helperId) = await PersonAsync();
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, authorId);
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, Slug, authorId: helperId);
        var successes = await factory.WithDbAsync(db => db.Set<MatchDocument>().Where(d => d.Kind == MatchKind.Offer && d.DocId == offer.Id).Select(d => d.Successes).SingleAsync());
        using var catalyst = await factory.SignedInAsync(Catalyst);
        var needPage = $"/t/{Slug}/needs/{need.Id}";
        var shown = await catalyst.GetDocumentAsync(needPage);
        Assert.NotNull(shown.QuerySelector("#matches"));

        using var proposed = await catalyst.PostFormAsync($"{needPage}?handler=Propose", [new("TargetKind", "Offer"), new("TargetId", offer.Id.ToString()),
            new("Message", "Vos visites répondraient à ce besoin.")], needPage);
        Assert.Equal(HttpStatusCode.Redirect, proposed.StatusCode);
        var introPage = proposed.Headers.Location!.OriginalString;
        Assert.StartsWith($"/t/{Slug}/introductions/", introPage);
        var introId = int.Parse(introPage.Split('/')[^1]);

        // The same proposal again is a conflict, shown on the page.
        using (var again = await catalyst.PostFormAsync($"{needPage}?handler=Propose", [new("TargetKind", "Offer"), new("TargetId", offer.Id.ToString())], needPage))
            Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);

        // Before both accept, no outcome.
        using (var early = await author.PostFormAsync($"{introPage}?handler=Outcome", [new("Outcome", "Partnership")], introPage))
            Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        using (var r = await author.PostFormAsync($"{introPage}?handler=Accept", [], introPage)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        using (var r = await helper.PostFormAsync($"{introPage}?handler=Accept", [], introPage)) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Equal(IntroductionStatus.Accepted, await factory.WithDbAsync(db => db.Set<Introduction>().IgnoreQueryFilters().Where(i => i.Id == introId).Select(i => i.Status).SingleAsync()));

        using (var r = await helper.PostFormAsync($"{introPage}?handler=Outcome", [new("Outcome", "Partnership"), new("Note", "Convention signée.")], introPage))
            Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        var intro = await factory.WithDbAsync(db => db.Set<Introduction>().IgnoreQueryFilters().SingleAsync(i => i.Id == introId));
        Assert.Equal(IntroductionOutcome.Partnership, intro.Outcome);
        Assert.Equal("Convention signée.", intro.OutcomeNote);
        Assert.Equal(successes + 1, await factory.WithDbAsync(db => db.Set<MatchDocument>().Where(d => d.Kind == MatchKind.Offer && d.DocId == offer.Id).Select(d => d.Successes).SingleAsync()));

        var mine = await author.GetDocumentAsync($"/t/{Slug}/introductions");
        Assert.Contains(mine.QuerySelectorAll("a"), a => a.GetAttribute("href") == introPage);
        var onNeed = await author.GetDocumentAsync(needPage);
        Assert.Contains(onNeed.QuerySelectorAll("#introductions a"), a => a.GetAttribute("href") == introPage);
    }

    [Fact]
    public async Task A_proposal_to_an_entry_nobody_answers_for_comes_back_with_the_reason_and_a_resident_may_not_propose()
    {
        var (author, authorId) = await PersonAsync();
        var need = await MarketplaceFixtures.CreateNeedAsync(factory, Slug, authorId);
        var needPage = $"/t/{Slug}/needs/{need.Id}";
        using (var r = await author.PostFormAsync($"{needPage}?handler=Propose", [new("TargetKind", "Offer"), new("TargetId", "999999999")], needPage))
        {
            Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
            Assert.Contains("field-error", await r.Content.ReadAsStringAsync());
        }
        var offer = await MarketplaceFixtures.CreateOfferAsync(factory, Slug);
        var (other, _) = await PersonAsync();
        using (var r = await other.PostFormAsync($"{needPage}?handler=Propose", [new("TargetKind", "Offer"), new("TargetId", offer.Id.ToString())], needPage))
            Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        Assert.Equal(0, await factory.WithDbAsync(db => db.Set<Introduction>().IgnoreQueryFilters().CountAsync(i => i.NeedId == need.Id)));
    }

    [Fact]
    public async Task Somebody_who_is_not_a_party_gets_403_on_an_introduction_and_404_when_it_does_not_exist()
    {
        var cleanups = new List<Func<CatalyseFactory, Task>>();
        var id = await MarketplaceFixtures.IntroductionAsync(factory, Slug, cleanups);
        var (stranger, _) = await PersonAsync();
        var page = $"/t/{Slug}/introductions/{id}";
        using (var r = await stranger.GetAsync(page)) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await stranger.PostFormAsync($"{page}?handler=Accept", [], "/account/login")) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using (var r = await stranger.GetAsync($"/t/{Slug}/introductions/999999999")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        // Another territory's address does not show it either.
        using (var r = await stranger.GetAsync($"/t/grenoble-alpes/introductions/{id}")) Assert.Equal(HttpStatusCode.NotFound, r.StatusCode);
        using var catalyst = await factory.SignedInAsync(Catalyst);
        using (var r = await catalyst.GetAsync(page)) Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        foreach (var c in cleanups) await c(factory);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class NeedPageSqliteTests(CatalyseFactory factory) : NeedPageTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class NeedPagePostgresTests(PostgresFactory factory) : NeedPageTests(factory);
