using System.Net;
using AngleSharp.Dom;
using AngleSharp.Html.Dom;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Features.Memberships;
using Catalyse.Web.Features.Territories;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Territories;

/// <summary>
/// The catalyst runs the programme and the team of a territory created for the test; the catalyst
/// is made through an invitation, as in real life.
/// </summary>
public abstract class ProgrammeAndTeamTests(CatalyseFactory factory)
{
    private static readonly string Admin = DemoNetwork.Accounts[0].Email;

    private Task<int> TerritoryIdAsync(string slug) =>
        factory.WithDbAsync(db => db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    private Task<TerritoryRole?> RoleAsync(string slug, string email) =>
        factory.WithDbAsync(db => db.Memberships.Where(m => m.User!.Email == email)
            .Join(db.Territories.Where(t => t.Slug == slug), m => m.TerritoryId, t => t.Id, (m, _) => (TerritoryRole?)m.Role)
            .SingleOrDefaultAsync());

    /// <summary>Invites <paramref name="email"/> from the team page and returns the link of the mail it received.</summary>
    private static async Task<string> InviteAsync(TestClient catalyst, string slug, string email, TerritoryRole role)
    {
        var response = await catalyst.PostFormAsync($"/t/{slug}/team?handler=Invite", ("Input.Email", email), ("Input.Role", role.ToString()));
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal($"/t/{slug}/team", response.Headers.Location?.OriginalString);
        var mail = await Mailbox.LatestToAsync(catalyst.Factory.MailFolder, email);
        return People.PathOf(Mailbox.Link(mail, "/invitations/"));
    }

    /// <summary>A new territory and its catalyst: invited by an administrator, signed up, confirmed, accepted.</summary>
    private async Task<(string Slug, TestClient Catalyst, string Email)> TerritoryWithCatalystAsync()
    {
        var slug = Unique.Slug("prog");
        await TerritoryBuilder.CreateAsync(factory, slug, TerritoryBuilder.Perimeter(epci: ["200034825"]));
        var email = Unique.Email("catalyst");
        using (var admin = await factory.SignedInAsync(Admin))
        {
            var link = await InviteAsync(admin, slug, email, TerritoryRole.Catalyst);
            var catalyst = await People.SignUpConfirmedAsync(factory, email, "Cathy Catalyseuse");
            var accept = await catalyst.PostFormAsync(link);
            Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
            Assert.Equal(TerritoryRole.Catalyst, await RoleAsync(slug, email));
            return (slug, catalyst, email);
        }
    }

    private static string Progress(IHtmlDocument home) =>
        home.QuerySelector("section[aria-labelledby=programme-title] p")!.TextContent.Trim();

    private static string FieldMessage(IHtmlDocument doc, string field) =>
        doc.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";

    [Fact]
    public async Task The_catalyst_edits_a_step_and_the_home_page_shows_the_new_progress()
    {
        var (slug, catalyst, email) = await TerritoryWithCatalystAsync();
        using var _ = catalyst;
        var home = await catalyst.GetDocumentAsync($"/t/{slug}");
        Assert.StartsWith("Étapes terminées : 0 sur 7.", Progress(home));
        Assert.Contains("Étape en cours : 1.", Progress(home));
        // The catalyst appears in the team on the home page and can manage it.
        Assert.Contains("Cathy Catalyseuse", home.QuerySelector("section[aria-labelledby=team-title]")!.TextContent);
        Assert.NotNull(home.QuerySelector($"a[href='/t/{slug}/team']"));

        var edit = await catalyst.GetDocumentAsync($"/t/{slug}/programme/1/edit");
        Assert.NotNull(edit.QuerySelector("select[name='Input.Status']"));

        var done = await catalyst.PostFormAsync($"/t/{slug}/programme/1/edit",
            ("Input.Status", "Done"), ("Input.StartDate", "2026-01-05"), ("Input.DueDate", "2026-03-31"),
            ("Input.Deliverables", "Carte des acteurs du territoire"), ("Input.Notes", "Restituée en comité"));
        Assert.Equal(HttpStatusCode.Redirect, done.StatusCode);
        Assert.Equal($"/t/{slug}/programme", done.Headers.Location?.OriginalString);
        var inProgress = await catalyst.PostFormAsync($"/t/{slug}/programme/2/edit",
            ("Input.Status", "InProgress"), ("Input.StartDate", "2026-04-01"), ("Input.DueDate", ""),
            ("Input.Deliverables", ""), ("Input.Notes", ""));
        Assert.Equal(HttpStatusCode.Redirect, inProgress.StatusCode);

        var id = await TerritoryIdAsync(slug);
        var steps = await factory.WithDbAsync(db => db.ProgrammeSteps.AsNoTracking().Where(s => s.TerritoryId == id).OrderBy(s => s.Number).ToListAsync());
        Assert.Equal(StepStatus.Done, steps[0].Status);
        Assert.Equal(new DateOnly(2026, 1, 5), steps[0].StartDate);
        Assert.Equal(new DateOnly(2026, 3, 31), steps[0].DueDate);
        Assert.Equal("Carte des acteurs du territoire", steps[0].Deliverables);
        Assert.Equal("Restituée en comité", steps[0].Notes);
        Assert.Equal(email, steps[0].UpdatedBy);
        Assert.Equal(StepStatus.InProgress, steps[1].Status);
        Assert.Null(steps[1].DueDate);
        Assert.All(steps.Skip(2), s => Assert.Equal(StepStatus.NotStarted, s.Status));

        var after = await catalyst.GetDocumentAsync($"/t/{slug}");
        Assert.StartsWith("Étapes terminées : 1 sur 7.", Progress(after));
        Assert.Contains("Étape en cours : 2. Constituer une communauté de projet", Progress(after));
        Assert.Equal(["done", "in-progress", "", "", "", "", ""],
            after.QuerySelectorAll("ol.progress li").Select(li => li.GetAttribute("class") ?? "").ToList());

        // The programme page and the API say the same.
        var programme = await catalyst.GetDocumentAsync($"/t/{slug}/programme");
        Assert.Contains("Carte des acteurs du territoire", programme.QuerySelector("ol.steps li")!.TextContent);
        using var anonymous = factory.Client();
        var api = await anonymous.Http.GetStringAsync($"/api/v1/territories/{slug}");
        Assert.Contains("\"status\":\"done\"", api);
        Assert.Contains("\"startDate\":\"2026-01-05\"", api);

        // Set back to not started: the progress goes down again.
        await catalyst.PostFormAsync($"/t/{slug}/programme/1/edit", ("Input.Status", "NotStarted"));
        Assert.StartsWith("Étapes terminées : 0 sur 7.", Progress(await catalyst.GetDocumentAsync($"/t/{slug}")));
    }

    [Fact]
    public async Task A_due_date_before_the_start_is_a_400_with_a_field_message_and_nothing_is_saved()
    {
        var (slug, catalyst, _) = await TerritoryWithCatalystAsync();
        using var _ = catalyst;
        var response = await catalyst.PostFormAsync($"/t/{slug}/programme/4/edit",
            ("Input.Status", "InProgress"), ("Input.StartDate", "2026-06-01"), ("Input.DueDate", "2026-05-31"),
            ("Input.Deliverables", "Prototype"), ("Input.Notes", ""));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.Equal("La date de fin doit suivre la date de début.", FieldMessage(doc, "Input.DueDate"));
        // The form comes back with what was typed.
        Assert.Equal("2026-06-01", doc.QuerySelector("input[name='Input.StartDate']")?.GetAttribute("value"));

        var id = await TerritoryIdAsync(slug);
        var step = await factory.WithDbAsync(db => db.ProgrammeSteps.AsNoTracking().SingleAsync(s => s.TerritoryId == id && s.Number == 4));
        Assert.Equal((StepStatus.NotStarted, (DateOnly?)null, (DateOnly?)null, "", (DateTimeOffset?)null),
            (step.Status, step.StartDate, step.DueDate, step.Deliverables, step.UpdatedAt));
    }

    [Theory]
    [InlineData("Input.Status", "Finished")]
    [InlineData("Input.Status", "7")]
    [InlineData("Input.StartDate", "31/31/2026")]
    [InlineData("Input.DueDate", "1850-01-01")]
    [InlineData("Input.Notes", "<script>alert(1)</script>")]
    public async Task Bad_step_input_is_a_400_naming_the_field(string field, string value)
    {
        var (slug, catalyst, _) = await TerritoryWithCatalystAsync();
        using var _ = catalyst;
        var fields = new Dictionary<string, string>
        {
            ["Input.Status"] = "Done", ["Input.StartDate"] = "2026-01-01", ["Input.DueDate"] = "2026-02-01",
            ["Input.Deliverables"] = "", ["Input.Notes"] = "",
        };
        fields[field] = value;
        var response = await catalyst.PostFormAsync($"/t/{slug}/programme/5/edit", fields);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("", FieldMessage(TestClient.Parse(await response.Content.ReadAsStringAsync()), field));
        var id = await TerritoryIdAsync(slug);
        Assert.Equal(StepStatus.NotStarted, await factory.WithDbAsync(db => db.ProgrammeSteps.Where(s => s.TerritoryId == id && s.Number == 5).Select(s => s.Status).SingleAsync()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(8)]
    public async Task A_step_outside_1_to_7_is_a_404(int number)
    {
        var (slug, catalyst, _) = await TerritoryWithCatalystAsync();
        using var _ = catalyst;
        Assert.Equal(HttpStatusCode.NotFound, (await catalyst.GetAsync($"/t/{slug}/programme/{number}/edit")).StatusCode);
    }

    [Fact]
    public async Task An_invited_person_signs_up_accepts_once_and_becomes_a_member_whose_role_can_change_and_who_can_be_removed()
    {
        var (slug, catalyst, _) = await TerritoryWithCatalystAsync();
        using var _ = catalyst;
        var email = Unique.Email("invitee");

        var link = await InviteAsync(catalyst, slug, email, TerritoryRole.Member);
        var team = await catalyst.GetDocumentAsync($"/t/{slug}/team");
        Assert.Contains(email, team.QuerySelectorAll("main ul li").Select(li => li.TextContent).Single(t => t.Contains(email)));

        // Before having an account, the link asks to sign in or sign up.
        using var visitor = factory.Client();
        var anonymousView = await visitor.GetDocumentAsync(link);
        Assert.Contains(email, anonymousView.QuerySelector("main")!.TextContent);
        Assert.Null(anonymousView.QuerySelector("main form[method=post]"));

        // Someone else, signed in, cannot use it.
        using (var other = await People.SignUpConfirmedAsync(factory, Unique.Email("other")))
        {
            var wrong = await other.PostFormAsync(link);
            Assert.Equal(HttpStatusCode.Forbidden, wrong.StatusCode);
        }

        using var invitee = await People.SignUpConfirmedAsync(factory, email, "Ivan Invité");
        var view = await invitee.GetDocumentAsync(link);
        Assert.NotNull(view.QuerySelector("main form[method=post] button"));
        var accept = await invitee.PostFormAsync(link);
        Assert.Equal(HttpStatusCode.Redirect, accept.StatusCode);
        Assert.Equal($"/t/{slug}", accept.Headers.Location?.OriginalString);
        Assert.Equal(TerritoryRole.Member, await RoleAsync(slug, email));
        var id = await TerritoryIdAsync(slug);
        Assert.NotNull(await factory.WithDbAsync(db => db.Invitations.Where(i => i.TerritoryId == id && i.Email == email).Select(i => i.AcceptedAt).SingleAsync()));

        // A second use of the link does nothing.
        var again = await invitee.PostFormAsync(link);
        Assert.Equal(HttpStatusCode.NotFound, again.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await invitee.GetAsync(link)).StatusCode);
        Assert.Equal(1, await factory.WithDbAsync(db => db.Memberships.CountAsync(m => m.TerritoryId == id && m.User!.Email == email)));

        // As a member, not a catalyst: no team management.
        Assert.Equal(HttpStatusCode.Forbidden, (await invitee.GetAsync($"/t/{slug}/team")).StatusCode);

        // The catalyst makes them a catalyst…
        var row = MemberRow(await catalyst.GetDocumentAsync($"/t/{slug}/team"), email);
        Assert.Contains("Ivan Invité", row.TextContent);
        var roleAction = row.QuerySelector("form[action*='handler=Role']")!.GetAttribute("action")!;
        var changed = await catalyst.PostFormAsync(roleAction, [new("role", "Catalyst")], $"/t/{slug}/team");
        Assert.Equal(HttpStatusCode.Redirect, changed.StatusCode);
        Assert.Equal(TerritoryRole.Catalyst, await RoleAsync(slug, email));
        Assert.Equal(HttpStatusCode.OK, (await invitee.GetAsync($"/t/{slug}/team")).StatusCode);
        Assert.Equal("Catalyst", MemberRow(await catalyst.GetDocumentAsync($"/t/{slug}/team"), email)
            .QuerySelector("select[name=role] option[selected]")?.GetAttribute("value"));

        // …an unknown role changes nothing…
        var bad = await catalyst.PostFormAsync(roleAction, [new("role", "Owner")], $"/t/{slug}/team");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Equal(TerritoryRole.Catalyst, await RoleAsync(slug, email));

        // …then removes them.
        var removeAction = MemberRow(await catalyst.GetDocumentAsync($"/t/{slug}/team"), email)
            .QuerySelector("form[action*='handler=Remove']")!.GetAttribute("action")!;
        var removed = await catalyst.PostFormAsync(removeAction, [], $"/t/{slug}/team");
        Assert.Equal(HttpStatusCode.Redirect, removed.StatusCode);
        Assert.Null(await RoleAsync(slug, email));
        Assert.DoesNotContain(email, (await catalyst.GetDocumentAsync($"/t/{slug}/team")).QuerySelector("table")!.TextContent);
        Assert.Equal(HttpStatusCode.Forbidden, (await invitee.GetAsync($"/t/{slug}/team")).StatusCode);
        // Removing twice is a 404, not an error.
        Assert.Equal(HttpStatusCode.NotFound, (await catalyst.PostFormAsync(removeAction, [], $"/t/{slug}/team")).StatusCode);
    }

    [Theory]
    [InlineData("pas-une-adresse", "Member")]
    [InlineData("", "Member")]
    [InlineData("x@example.test", "Owner")]
    public async Task A_bad_invitation_is_a_400_and_sends_nothing(string email, string role)
    {
        var (slug, catalyst, _) = await TerritoryWithCatalystAsync();
        using var _ = catalyst;
        var id = await TerritoryIdAsync(slug);
        var mails = System.IO.Directory.EnumerateFiles(factory.MailFolder, "*.eml").Count();
        var response = await catalyst.PostFormAsync($"/t/{slug}/team?handler=Invite", ("Input.Email", email), ("Input.Role", role));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = TestClient.Parse(await response.Content.ReadAsStringAsync());
        Assert.NotEqual("", FieldMessage(doc, role == "Owner" ? "Input.Role" : "Input.Email"));
        Assert.Equal(0, await factory.WithDbAsync(db => db.Invitations.CountAsync(i => i.TerritoryId == id && i.Email == email)));
        Assert.Equal(mails, System.IO.Directory.EnumerateFiles(factory.MailFolder, "*.eml").Count());
    }

    private static IElement MemberRow(IHtmlDocument team, string email) =>
        team.QuerySelectorAll("table tbody tr").Single(tr => tr.QuerySelectorAll("td").Any(td => td.TextContent.Trim() == email));
}

[Collection(SqliteCollection.Name)]
public sealed class ProgrammeAndTeamSqliteTests(CatalyseFactory factory) : ProgrammeAndTeamTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class ProgrammeAndTeamPostgresTests(PostgresFactory factory) : ProgrammeAndTeamTests(factory);
