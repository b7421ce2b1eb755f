using System.Net;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Meetings;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>Public meetings: seats taken once each under concurrency, a waiting list served in order, attendance, minutes, iCal.</summary>
public abstract class MeetingTests(CatalyseFactory factory)
{
    private async Task<Meeting> MeetingAsync(int capacity)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var (m, errors) = await scope.ServiceProvider.GetRequiredService<MeetingService>().CreateAsync(territoryId, creator,
            new MeetingInput("Réunion publique de test", "Ordre du jour : le budget participatif.", "Maison des habitants", DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(3).AddHours(2), capacity));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return m!;
    }

    private async Task<RegisterOutcome> RegisterAsync(int meetingId, string userId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MeetingService>().RegisterAsync(meetingId, userId);
    }

    private async Task<bool> CancelAsync(int meetingId, string userId)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<MeetingService>().CancelAsync(meetingId, userId);
    }

    private Task<List<MeetingRegistration>> RegistrationsAsync(int meetingId) =>
        factory.WithDbAsync(db => db.MeetingRegistrations.AsNoTracking().Where(r => r.MeetingId == meetingId).ToListAsync());

    [Fact]
    public async Task Thirty_people_at_once_fill_five_seats_and_wait_in_order_and_a_cancellation_hands_the_seat_on()
    {
        var meeting = await MeetingAsync(5);
        var people = await PetitionData.PeopleAsync(factory, 30);
        var outcomes = await Task.WhenAll(people.SelectMany(p => Enumerable.Repeat(p, 3)).Select(p => Task.Run(() => RegisterAsync(meeting.Id, p))));
        Assert.Equal(5, outcomes.Count(o => o == RegisterOutcome.Confirmed));
        Assert.Equal(25, outcomes.Count(o => o == RegisterOutcome.Waiting));
        var rows = await RegistrationsAsync(meeting.Id);
        Assert.Equal((30, 5), (rows.Count, rows.Count(r => r.Status == RegistrationStatus.Confirmed)));
        Assert.Equal(5, await factory.WithDbAsync(db => db.Meetings.Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedCount).SingleAsync()));

        var firstWaiting = rows.Where(r => r.Status == RegistrationStatus.Waiting).OrderBy(r => r.RegisteredAt).ThenBy(r => r.Id).First().UserId;
        var leaving = rows.First(r => r.Status == RegistrationStatus.Confirmed).UserId;
        Assert.True(await CancelAsync(meeting.Id, leaving));
        rows = await RegistrationsAsync(meeting.Id);
        Assert.Equal(RegistrationStatus.Confirmed, rows.Single(r => r.UserId == firstWaiting).Status);
        Assert.Equal(RegistrationStatus.Cancelled, rows.Single(r => r.UserId == leaving).Status);
        Assert.Equal(5, rows.Count(r => r.Status == RegistrationStatus.Confirmed));
        Assert.Equal(5, await factory.WithDbAsync(db => db.Meetings.Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedCount).SingleAsync()));
        // Back again: at the end of the queue.
        Assert.Equal(RegisterOutcome.Waiting, await RegisterAsync(meeting.Id, leaving));
    }

    [Fact]
    public async Task A_seat_freed_with_nobody_waiting_is_free_again()
    {
        var meeting = await MeetingAsync(2);
        var people = await PetitionData.PeopleAsync(factory, 2);
        foreach (var p in people) Assert.Equal(RegisterOutcome.Confirmed, await RegisterAsync(meeting.Id, p));
        Assert.True(await CancelAsync(meeting.Id, people[0]));
        Assert.False(await CancelAsync(meeting.Id, people[0]));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Meetings.Where(m => m.Id == meeting.Id).Select(m => m.ConfirmedCount).SingleAsync()));
        Assert.Equal(RegisterOutcome.Confirmed, await RegisterAsync(meeting.Id, (await PetitionData.PeopleAsync(factory, 1))[0]));
    }

    [Fact]
    public async Task The_catalyst_takes_attendance_and_publishes_minutes_and_anyone_downloads_the_ical()
    {
        var meeting = await MeetingAsync(10);
        var email = Unique.Email("reunion");
        var user = await People.CreateConfirmedAsync(factory, email);
        using var resident = await factory.SignedInAsync(email, People.Password);
        var page = $"/t/grenoble-alpes/meetings/{meeting.Id}";
        using (var r = await resident.PostFormAsync($"{page}?handler=Register")) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("Vous êtes inscrit.", (await resident.GetDocumentAsync(page)).Body!.TextContent);
        using (var r = await resident.PostFormAsync($"{page}?handler=Minutes", ("Minutes", "Compte rendu falsifié."))) Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        using var catalyst = await factory.SignedInAsync("catalyseur.grenoble@catalyse.demo");
        var registration = (await RegistrationsAsync(meeting.Id)).Single(r => r.UserId == user.Id);
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Attendance", ("Attended", registration.Id.ToString()))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.True((await RegistrationsAsync(meeting.Id)).Single(r => r.UserId == user.Id).Attended);
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Minutes", ("Minutes", "Court"))) Assert.Equal(HttpStatusCode.BadRequest, r.StatusCode);
        using (var r = await catalyst.PostFormAsync($"{page}?handler=Minutes", ("Minutes", "Quarante habitants présents ; trois projets retenus pour le vote."))) Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.Contains("trois projets retenus", (await factory.Client().GetDocumentAsync(page)).Body!.TextContent);

        using var ics = await factory.Client().GetAsync($"{page}/calendar.ics");
        Assert.Equal("text/calendar", ics.Content.Headers.ContentType!.MediaType);
        var calendar = Ical.Net.Calendar.Load(await ics.Content.ReadAsStringAsync())!;
        var e = Assert.Single(calendar.Events);
        Assert.Equal(("Réunion publique de test", "Maison des habitants"), (e.Summary, e.Location));
        Assert.Equal(meeting.StartsAt.UtcDateTime, e.DtStart!.AsUtc, TimeSpan.FromSeconds(1));
        Assert.Equal(HttpStatusCode.NotFound, (await factory.Client().GetAsync($"/t/grand-gueret/meetings/{meeting.Id}/calendar.ics")).StatusCode);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class MeetingSqliteTests(CatalyseFactory factory) : MeetingTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class MeetingPostgresTests(PostgresFactory factory) : MeetingTests(factory);
