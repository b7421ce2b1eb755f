namespace Catalyse.Web.Features.Marketplace;

/// <summary>
/// One thing the matcher can propose (a solution, an actor, a place, an offer) or start from (a need), with what the
/// ranking needs besides words: where it is, its themes, its past successes. Kept by <see cref="MatchIndexer"/>.
/// </summary>
public sealed class MatchDocument
{
    public MatchKind Kind { get; set; }
    public int DocId { get; set; }
    /// <summary>Département code, or "*" for what the whole network sees (solutions, days of the bourse des pionniers).</summary>
    public required string Area { get; set; }
    public int? TerritoryId { get; set; }
    public required string Title { get; set; }
    public string? CommuneCode { get; set; }
    public double? Latitude { get; set; }
    public double? Longitude { get; set; }
    /// <summary>Themes as written, separated by "|".</summary>
    public string Themes { get; set; } = "";
    /// <summary>Introductions that led somewhere, and (solutions) territories that adapted it.</summary>
    public int Successes { get; set; }
    /// <summary>How many terms it has (stems and pairs): long texts share more words by chance.</summary>
    public int Length { get; set; }
    /// <summary>For directory entries: the entry's UpdatedAt when it was indexed (a newer one is indexed again).</summary>
    public DateTimeOffset SourceUpdatedAt { get; set; }
}

/// <summary>One term of a document: a stem or a pair of stems, weighted by where it was found (title 3, themes 2, text 1).</summary>
public sealed class MatchPosting
{
    public MatchKind Kind { get; set; }
    public required string Area { get; set; }
    public required string Term { get; set; }
    public int DocId { get; set; }
    public short Weight { get; set; }
}

/// <summary>How far the index has read the directory: its newest (UpdatedAt, Id) indexed.</summary>
public sealed class MatchSync
{
    public required string Name { get; set; }
    public DateTimeOffset At { get; set; }
    public int LastId { get; set; }
}
