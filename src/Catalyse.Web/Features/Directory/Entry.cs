namespace Catalyse.Web.Features.Directory;

/// <summary>What an entry of the map and directory is.</summary>
public enum EntryKind { Actor = 1, Place = 2, Initiative = 3, Policy = 4 }

/// <summary>Pending (suggested, waiting for moderation), Published, Rejected (suggestion refused), Merged (into another entry), Hidden (by a moderator).</summary>
public enum EntryStatus { Pending = 0, Published = 1, Rejected = 2, Merged = 3, Hidden = 4 }

/// <summary>
/// An entry of the map and directory: an actor (structure), a place, an initiative or a local policy.
/// It belongs to every territory whose perimeter contains its commune, and to the network directory.
/// </summary>
public sealed class Entry
{
    public int Id { get; set; }
    public EntryKind Kind { get; set; }
    /// <summary>Actor kind (association, entreprise…), place kind (tiers-lieu, fablab…), initiative stage (realisee, emergente).</summary>
    public string? Category { get; set; }
    public required string Name { get; set; }
    public string Description { get; set; } = "";
    public List<string> Themes { get; set; } = [];
    /// <summary>UN Sustainable Development Goals, 1 to 17.</summary>
    public List<int> Sdgs { get; set; } = [];
    public string? Website { get; set; }
    public string? ContactEmail { get; set; }
    public string? Phone { get; set; }
    public string? Address { get; set; }
    public string? CommuneCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }

    // Actor identifiers (data.inclusion / HSDS compatible)
    public string? Siret { get; set; }
    public string? Siren { get; set; }
    public string? Rna { get; set; }
    /// <summary>Skills and resources offered (actor), or what a place offers.</summary>
    public string Offers { get; set; } = "";

    // Place
    public string? OpeningHours { get; set; }

    // Initiative: repérage (who spotted it, when, through which network, follow-up)
    public string? SpottedBy { get; set; }
    public DateOnly? SpottedOn { get; set; }
    public string? SpottedThrough { get; set; }
    public string? FollowUp { get; set; }

    // Local policy or scheme (dispositif)
    public string? RunBy { get; set; }
    public string? ForWhom { get; set; }
    public string? HowToApply { get; set; }

    public EntryStatus Status { get; set; }
    /// <summary>Why a suggestion was refused or a published entry hidden.</summary>
    public string? RejectionReason { get; set; }
    /// <summary>The entry this one was merged into (status Merged): its page redirects there.</summary>
    public int? MergedIntoId { get; set; }
    /// <summary>The territory where it was suggested or created (moderated by its catalysts); null for network imports.</summary>
    public int? OriginTerritoryId { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    /// <summary>Key of the row in its source (e.g. "tiers-lieux-2019:12"): re-importing updates instead of duplicating.</summary>
    public string? SourceKey { get; set; }
    /// <summary>Attribution of reused open data (Licence Ouverte).</summary>
    public string? Source { get; set; }
    /// <summary>Folded, stemmed words of the name, description, themes, offers and commune, for search.</summary>
    public string SearchText { get; set; } = "";
}
