using Catalyse.Web.Infrastructure.Data;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>Skills, in-kind resources, a room or place, volunteer time, money — or days of the bourse des pionniers.</summary>
public enum OfferKind { Skills = 1, InKind = 2, Place = 3, VolunteerTime = 4, Money = 5, PioneerDays = 6 }

public enum OfferStatus { Open = 1, Closed = 2 }

/// <summary>
/// What an actor or a person offers in a territory. A <see cref="OfferKind.PioneerDays"/> offer is the bourse des pionniers:
/// an experienced catalyst gives days to other territories, and each use is recorded (<see cref="PioneerDayUse"/>).
/// </summary>
public sealed class Offer : ITerritoryScoped
{
    public int Id { get; set; }
    public int TerritoryId { get; set; }
    public required string AuthorId { get; set; }
    /// <summary>The directory entry (actor or place) making the offer, when it is not a person alone.</summary>
    public int? EntryId { get; set; }
    public OfferKind Kind { get; set; }
    public required string Title { get; set; }
    public string Description { get; set; } = "";
    public List<string> Themes { get; set; } = [];
    public string? CommuneCode { get; set; }
    /// <summary>Hours of volunteer time, euros, days of the bourse: what the kind counts in.</summary>
    public decimal? Quantity { get; set; }
    /// <summary>Days of the bourse already given (never more than <see cref="Quantity"/>; conditional UPDATE).</summary>
    public decimal DaysUsed { get; set; }
    public DateOnly? AvailableUntil { get; set; }
    public OfferStatus Status { get; set; } = OfferStatus.Open;
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
}

/// <summary>Days of a pioneer given to a territory: when, how many, for what.</summary>
public sealed class PioneerDayUse
{
    public int Id { get; set; }
    public int OfferId { get; set; }
    /// <summary>The territory that received the days.</summary>
    public int TerritoryId { get; set; }
    public decimal Days { get; set; }
    public DateOnly On { get; set; }
    public required string Purpose { get; set; }
    public required string RecordedBy { get; set; }
    public DateTimeOffset RecordedAt { get; set; }
}
