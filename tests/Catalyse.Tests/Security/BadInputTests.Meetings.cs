using System.Net;
using System.Text;
using Catalyse.Tests.Infrastructure;
using Catalyse.Tests.Participation;
using Catalyse.Web.Features.Participation.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>
/// Bad input on the public meetings: publishing one (dates, place, capacity), the attendance and minutes forms, and
/// registering or cancelling on the pages and the API, on meetings that do not exist, belong to another territory or
/// have started. All in the tests' own territory (Guéret), with a fresh meeting per case.
/// </summary>
public abstract partial class BadInputTests
{
    /// <summary>The meeting forms. Placeholders: see <see cref="ParticipationPlaceholdersAsync"/>.</summary>
    private static FormUnderTest[] MeetingForms =>
    [
        new("meeting", "/t/{territory}/meetings/new", Persona.Coordinator,
            [("Title", "Réunion publique {unique}"), ("Description", "Ordre du jour : le plan vélo."), ("Place", "Salle des fêtes de Guéret"),
             ("StartsAt", "2027-03-01T18:00"), ("EndsAt", "2027-03-01T20:00"), ("Capacity", "80")],
            (name, v) => name == "Description" ? FormUnderTest.Optional(v) : FormUnderTest.Required(v)),
        new("minutes", "/t/{territory}/meetings/{meeting}?handler=Minutes", Persona.Coordinator,
            [("Minutes", "Trente personnes présentes ; trois décisions prises.")], (_, v) => FormUnderTest.Required(v)),
        // Nobody ticked (empty) is a legitimate attendance list.
        new("attendance", "/t/{territory}/meetings/{meeting}?handler=Attendance", Persona.Coordinator,
            [("Attended", "{registration}")], (_, v) => FormUnderTest.Optional(v)),
    ];

    public static TheoryData<string, string, string, string> MeetingFormCases => ParticipationCases(MeetingForms);

    [Theory]
    [MemberData(nameof(MeetingFormCases))]
    public Task Meeting_form_field_with_a_bad_value_gets_a_clear_answer(string form, string field, string value, string expected) =>
        ParticipationFormCaseAsync(MeetingForms.Single(f => f.Name == form), field, value, expected);

    private async Task<Meeting> MeetingInAsync(string slug, DateTimeOffset start, int capacity = 10)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var (m, errors) = await scope.ServiceProvider.GetRequiredService<MeetingService>().CreateAsync(territoryId, creator,
            new MeetingInput("Réunion des saisies", "Ordre du jour.", "Salle des fêtes", start, start.AddHours(2), capacity));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return m!;
    }

    /// <summary>A new person registered to the meeting (confirmed while seats are left): the registration's id.</summary>
    private async Task<long> RegistrationToAsync(int meetingId)
    {
        var person = (await PetitionData.PeopleAsync(factory, 1))[0];
        using (var scope = factory.Services.CreateScope())
            await scope.ServiceProvider.GetRequiredService<MeetingService>().RegisterAsync(meetingId, person);
        return await factory.WithDbAsync(db => db.MeetingRegistrations.Where(r => r.MeetingId == meetingId && r.UserId == person).Select(r => r.Id).SingleAsync());
    }

    private static FormUnderTest NewMeeting => MeetingForms.Single(f => f.Name == "meeting");

    private static readonly (string Rule, string Field, (string Key, string Value)[] Values)[] MeetingRules =
    [
        ("an end before the start", "EndsAt", [("EndsAt", "2027-03-01T17:00")]),
        ("an end at the start", "EndsAt", [("EndsAt", "2027-03-01T18:00")]),
        ("an end the day before", "EndsAt", [("EndsAt", "2027-02-28T20:00")]),
        ("a start in 1999", "StartsAt", [("StartsAt", "1999-03-01T18:00")]),
        ("a start in 2101", "StartsAt", [("StartsAt", "2101-03-01T18:00"), ("EndsAt", "2101-03-01T20:00")]),
        ("a start at year 1", "StartsAt", [("StartsAt", "0001-01-01T00:00")]),
        ("a start at year 9999", "StartsAt", [("StartsAt", "9999-12-31T23:59")]),
        ("an end at year 9999", "EndsAt", [("EndsAt", "9999-12-31T23:59")]),
        ("an end in 2101", "EndsAt", [("EndsAt", "2101-01-01T00:00")]),
        ("a start that is not a date", "StartsAt", [("StartsAt", "mardi soir")]),
        ("a start on 31 February", "StartsAt", [("StartsAt", "2027-02-31T18:00")]),
        ("a capacity of 0", "Capacity", [("Capacity", "0")]),
        ("a negative capacity", "Capacity", [("Capacity", "-5")]),
        ("a capacity past 100,000", "Capacity", [("Capacity", "100001")]),
        ("a capacity past 2^31", "Capacity", [("Capacity", "3000000000")]),
        ("a capacity that is not a number", "Capacity", [("Capacity", "quatre-vingts")]),
        ("a capacity with decimals", "Capacity", [("Capacity", "80.5")]),
        ("a capacity in scientific notation", "Capacity", [("Capacity", "1e3")]),
        ("a title of 4 characters", "Title", [("Title", "Abcd")]),
        ("a place of 2 characters", "Place", [("Place", "Ab")]),
        ("a blank place", "Place", [("Place", "    ")]),
    ];

    public static TheoryData<string, string> MeetingRuleCases
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var (rule, name, _) in MeetingRules) data.Add(rule, name);
            return data;
        }
    }

    [Theory]
    [MemberData(nameof(MeetingRuleCases))]
    public Task Meeting_publication_breaking_a_rule_comes_back_with_the_fields_message(string rule, string field) =>
        ParticipationFormCaseAsync(NewMeeting, field, rule, "400 + field message", MeetingRules.Single(r => r.Rule == rule).Values);

    [Theory]
    [InlineData("a minutes text of 9 characters", "Neuf cara")]
    [InlineData("blank minutes", "          ")]
    public Task Meeting_minutes_breaking_a_rule_come_back_with_the_fields_message(string rule, string minutes) =>
        ParticipationFormCaseAsync(MeetingForms.Single(f => f.Name == "minutes"), "Minutes", rule, "400 + field message", [("Minutes", minutes)]);

    /// <summary>Attendance ticks of people who are not registered to this meeting are refused, nothing is written.</summary>
    [Theory]
    [InlineData("999999999")]
    [InlineData("-1")]
    [InlineData("{registration.other}")]
    public async Task Meeting_attendance_of_registrations_of_another_meeting_or_that_do_not_exist_is_refused(string attended)
    {
        var slug = await TerritoryAsync();
        var meeting = await MeetingInAsync(slug, DateTimeOffset.UtcNow.AddDays(3));
        await RegistrationToAsync(meeting.Id);
        var other = await MeetingInAsync(slug, DateTimeOffset.UtcNow.AddDays(4));
        attended = attended.Replace("{registration.other}", (await RegistrationToAsync(other.Id)).ToString());
        var client = await ClientAsync(Persona.Coordinator);
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync($"/t/{slug}/meetings/{meeting.Id}?handler=Attendance", [new("Attended", attended)], tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var message = TestClient.Parse(await response.Content.ReadAsStringAsync()).QuerySelector(".validation-summary-errors li")?.TextContent.Trim() ?? "";
        Assert.Matches(ParticipationMessage, message);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), attended);
    }

    /// <summary>Registering to, cancelling for, or managing a meeting of another territory or that does not exist: 404, nothing written.</summary>
    [Theory]
    [InlineData("{elsewhere}?handler=Register", "")]
    [InlineData("{elsewhere}?handler=Cancel", "")]
    [InlineData("{elsewhere}?handler=Attendance", "Attended=1")]
    [InlineData("{elsewhere}?handler=Minutes", "Minutes=Un compte rendu venu d'ailleurs.")]
    [InlineData("999999999?handler=Register", "")]
    [InlineData("999999999?handler=Cancel", "")]
    [InlineData("999999999?handler=Attendance", "Attended=1")]
    [InlineData("999999999?handler=Minutes", "Minutes=Un compte rendu sans réunion.")]
    public async Task Meeting_forms_on_ids_of_another_territory_or_that_do_not_exist_get_404_and_write_nothing(string target, string form)
    {
        var slug = await TerritoryAsync();
        var elsewhere = await MeetingInAsync("grenoble-alpes", DateTimeOffset.UtcNow.AddDays(5));
        var client = await ClientAsync(Persona.Coordinator);
        var fields = form.Split('&', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2))
            .Select(p => new KeyValuePair<string, string>(p[0], p[1])).ToArray();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await client.PostFormAsync($"/t/{slug}/meetings/" + target.Replace("{elsewhere}", elsewhere.Id.ToString()), fields, tokenFrom: "/account/login");
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), target);
    }

    /// <summary>A meeting that has started takes no registration (page: 409 with its message; API: 409 problem details).</summary>
    [Fact]
    public async Task Meeting_registering_to_a_meeting_that_has_started_is_refused_and_writes_nothing()
    {
        var slug = await TerritoryAsync();
        var started = await MeetingInAsync(slug, DateTimeOffset.UtcNow.AddMinutes(-30));
        using (var client = await FreshClientAsync(false))
        using (var response = await client.PostFormAsync($"/t/{slug}/meetings/{started.Id}?handler=Register", [], tokenFrom: "/account/login"))
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        using var api = await FreshApiClientAsync();
        var people = await DbFingerprint.TakeAsync(factory); // the two fresh accounts
        using (var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/meetings/{started.Id}/registrations", null))
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        }
        DbFingerprint.AssertUnchanged(people, await DbFingerprint.TakeAsync(factory), "API registration to a started meeting");
        Assert.Equal(0, await factory.WithDbAsync(db => db.MeetingRegistrations.CountAsync(r => r.MeetingId == started.Id)));
    }

    /// <summary>The meetings API on ids of another territory or that do not exist: 404 problem details, nothing written.</summary>
    [Theory]
    [InlineData("{elsewhere}/registrations")]
    [InlineData("{elsewhere}/registrations/cancel")]
    [InlineData("999999999/registrations")]
    [InlineData("999999999/registrations/cancel")]
    [InlineData("0/registrations")]
    [InlineData("-7/registrations/cancel")]
    public async Task Meeting_api_post_to_an_id_of_another_territory_or_that_does_not_exist_gets_404(string path)
    {
        var slug = await TerritoryAsync();
        var elsewhere = await MeetingInAsync("grenoble-alpes", DateTimeOffset.UtcNow.AddDays(5));
        using var api = await FreshApiClientAsync();
        var before = await DbFingerprint.TakeAsync(factory);
        using var response = await api.Http.PostAsync($"/api/v1/territories/{slug}/meetings/" + path.Replace("{elsewhere}", elsewhere.Id.ToString()),
            new StringContent("{}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        DbFingerprint.AssertUnchanged(before, await DbFingerprint.TakeAsync(factory), path);
    }

    /// <summary>Query strings and path segments of the meeting pages, calendar file and API never get a 500 nor are reflected.</summary>
    [Theory]
    [InlineData("/t/grand-gueret/meetings?p={v}")]
    [InlineData("/t/grand-gueret/meetings?past={v}")]
    [InlineData("/t/grand-gueret/meetings/{v}")]
    [InlineData("/t/grand-gueret/meetings/{meeting}?p={v}")]
    [InlineData("/t/grand-gueret/meetings/{v}/calendar.ics")]
    [InlineData("/api/v1/territories/grand-gueret/meetings?page={v}")]
    [InlineData("/api/v1/territories/grand-gueret/meetings?pageSize={v}")]
    [InlineData("/api/v1/territories/grand-gueret/meetings/{v}")]
    public async Task Meeting_query_values_never_get_a_500_nor_are_reflected(string url)
    {
        var meeting = await MeetingInAsync("grand-gueret", DateTimeOffset.UtcNow.AddDays(2));
        var client = await Personas.For(factory).ClientAsync(Persona.Coordinator);
        foreach (var (label, encoded) in QueryValues)
        {
            var value = encoded.Length == 0 && !url.Contains('?') ? "%20" : encoded;
            using var response = await client.GetAsync(url.Replace("{meeting}", meeting.Id.ToString()).Replace("{v}", value));
            var status = (int)response.StatusCode;
            var text = await response.Content.ReadAsStringAsync();
            Assert.True(status is 200 or 302 or 400 or 404, $"{url} with {label}: {status}");
            if (url.StartsWith("/api/") && status >= 400) Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            if (response.Content.Headers.ContentType?.MediaType == "text/html") BadValues.AssertNotReflected(text, $"{url} with {label}");
        }
    }
}
