using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Participation.Meetings;

/// <summary>A public meeting of a territory (réunion publique): registration within a capacity, a waiting list, attendance, minutes.</summary>
public sealed class Meeting : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public required string Place { get; set; }
    public DateTimeOffset StartsAt { get; set; }
    public DateTimeOffset EndsAt { get; set; }
    /// <summary>Seats; registrations past it join the waiting list.</summary>
    public int Capacity { get; set; }
    /// <summary>Confirmed registrations, kept in the same transaction as each registration or cancellation.</summary>
    public int ConfirmedCount { get; set; }
    public string? Minutes { get; set; }
    public DateTimeOffset? MinutesPublishedAt { get; set; }
    public required string CreatedBy { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
}

public enum RegistrationStatus { Confirmed = 1, Waiting = 2, Cancelled = 3 }

/// <summary>One person's registration to a meeting (unique per meeting and person).</summary>
public sealed class MeetingRegistration
{
    public long Id { get; set; }
    public int MeetingId { get; set; }
    public required string UserId { get; set; }
    public RegistrationStatus Status { get; set; }
    /// <summary>When the person (last) registered: the waiting list's order.</summary>
    public DateTimeOffset RegisteredAt { get; set; }
    public bool Attended { get; set; }
}
