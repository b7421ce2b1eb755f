using Catalyse.Web.Features.Territories;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace;

public sealed record NeedSummary(int Id, string Title, NeedStatus Status, NeedUrgency Urgency, List<string> Themes, string? CommuneName,
    int SupportCount, int CommentCount, DateTimeOffset CreatedAt);

public sealed record NeedView(Need Need, string AuthorName, string? CommuneName);

public sealed record CommentView(int Id, string AuthorName, string Body, DateTimeOffset CreatedAt);

public sealed record OfferSummary(int Id, int TerritoryId, string TerritorySlug, OfferKind Kind, string Title, string Description, List<string> Themes,
    string? CommuneName, decimal? Quantity, decimal DaysUsed, OfferStatus Status, string AuthorId, string AuthorName, int? EntryId, DateTimeOffset CreatedAt);

public sealed record PioneerUseView(int Id, int OfferId, string TerritoryName, string TerritorySlug, decimal Days, DateOnly On, string Purpose);

public sealed record SolutionSummary(int Id, string Title, string Summary, List<string> Themes, string? CommuneName, string? OriginTerritory, int AdoptionCount);

public sealed record SolutionView(Solution Solution, string? CommuneName, string? OriginTerritory, string? OriginSlug, string? ContactName);

public sealed record AdoptionView(int Id, int SolutionId, string SolutionTitle, string? FromTerritory, string? FromSlug, string ToTerritory, string ToSlug,
    string Changes, DateOnly StartedOn);

public sealed record IntroductionView(Introduction Introduction, string NeedTitle, string NeedPartyName, string TargetPartyName, string ProposedByName, string Slug);

/// <summary>Read side of the marketplace: every list paginated, a fixed number of queries per page.</summary>
public sealed class MarketplaceQueries(CatalyseDb db)
{
    public static readonly string[] NeedFilters = ["open", "new", "qualified", "in-progress", "satisfied", "abandoned", "all"];

    public async Task<Page<NeedSummary>> NeedsAsync(int territoryId, string? filter, string? theme, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<NeedSummary>.Clamp(page, pageSize);
        var needs = db.Set<Need>().AsNoTracking().Where(n => n.TerritoryId == territoryId);
        needs = filter switch
        {
            "new" => needs.Where(n => n.Status == NeedStatus.New),
            "qualified" => needs.Where(n => n.Status == NeedStatus.Qualified),
            "in-progress" => needs.Where(n => n.Status == NeedStatus.InProgress),
            "satisfied" => needs.Where(n => n.Status == NeedStatus.Satisfied),
            "abandoned" => needs.Where(n => n.Status == NeedStatus.Abandoned),
            "all" => needs,
            _ => needs.Where(n => n.Status == NeedStatus.New || n.Status == NeedStatus.Qualified || n.Status == NeedStatus.InProgress),
        };
        if (!string.IsNullOrWhiteSpace(theme)) { var t = theme.Trim(); needs = needs.Where(n => n.Themes.Contains(t)); }
        var total = await needs.CountAsync(ct);
        var items = await needs.OrderByDescending(n => n.Id).Skip((p - 1) * size).Take(size)
            .Select(n => new NeedSummary(n.Id, n.Title, n.Status, n.Urgency, n.Themes, db.Communes.Where(c => c.Code == n.CommuneCode).Select(c => c.Name).FirstOrDefault(),
                n.SupportCount, n.CommentCount, n.CreatedAt)).ToListAsync(ct);
        return new Page<NeedSummary>(items, p, size, total);
    }

    public async Task<NeedView?> NeedAsync(int id, CancellationToken ct = default) =>
        await db.Set<Need>().AsNoTracking().Where(n => n.Id == id)
            .Select(n => new NeedView(n, db.Users.Where(u => u.Id == n.AuthorId).Select(u => u.DisplayName ?? "").FirstOrDefault() ?? "",
                db.Communes.Where(c => c.Code == n.CommuneCode).Select(c => c.Name).FirstOrDefault())).FirstOrDefaultAsync(ct);

    public async Task<(bool Supported, bool Following)> NeedMembershipAsync(int needId, string? userId, CancellationToken ct = default)
    {
        if (userId is null) return (false, false);
        var r = await db.Set<Need>().AsNoTracking().Where(n => n.Id == needId).Select(n => new
        {
            S = db.Set<NeedSupport>().Any(s => s.NeedId == needId && s.UserId == userId),
            F = db.Set<NeedFollower>().Any(f => f.NeedId == needId && f.UserId == userId),
        }).FirstOrDefaultAsync(ct);
        return (r?.S ?? false, r?.F ?? false);
    }

    public async Task<Page<CommentView>> CommentsAsync(int needId, int? page, CancellationToken ct = default)
    {
        var (p, size) = Page<CommentView>.Clamp(page, 50, 50);
        var comments = db.Set<NeedComment>().AsNoTracking().Where(c => c.NeedId == needId);
        var total = await comments.CountAsync(ct);
        var items = await comments.OrderBy(c => c.Id).Skip((p - 1) * size).Take(size)
            .Select(c => new CommentView(c.Id, db.Users.Where(u => u.Id == c.AuthorId).Select(u => u.DisplayName ?? "").FirstOrDefault() ?? "", c.Body, c.CreatedAt)).ToListAsync(ct);
        return new Page<CommentView>(items, p, size, total);
    }

    /// <summary>Offers of a territory (or, with no territory, the bourse des pionniers of the whole network).</summary>
    public async Task<Page<OfferSummary>> OffersAsync(int? territoryId, OfferKind? kind, bool openOnly, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<OfferSummary>.Clamp(page, pageSize);
        var offers = db.Set<Offer>().IgnoreQueryFilters().AsNoTracking();
        if (territoryId is { } t) offers = offers.Where(o => o.TerritoryId == t);
        if (kind is { } k) offers = offers.Where(o => o.Kind == k);
        if (openOnly) offers = offers.Where(o => o.Status == OfferStatus.Open);
        var total = await offers.CountAsync(ct);
        var items = await offers.OrderByDescending(o => o.Id).Skip((p - 1) * size).Take(size).Select(Summary()).ToListAsync(ct);
        return new Page<OfferSummary>(items, p, size, total);
    }

    public Task<OfferSummary?> OfferAsync(int id, CancellationToken ct = default) =>
        db.Set<Offer>().IgnoreQueryFilters().AsNoTracking().Where(o => o.Id == id).Select(Summary()).FirstOrDefaultAsync(ct);

    private System.Linq.Expressions.Expression<Func<Offer, OfferSummary>> Summary() => o => new OfferSummary(o.Id, o.TerritoryId,
        db.Territories.Where(t => t.Id == o.TerritoryId).Select(t => t.Slug).First(), o.Kind, o.Title, o.Description, o.Themes,
        db.Communes.Where(c => c.Code == o.CommuneCode).Select(c => c.Name).FirstOrDefault(), o.Quantity, o.DaysUsed, o.Status, o.AuthorId,
        db.Users.Where(u => u.Id == o.AuthorId).Select(u => u.DisplayName ?? "").FirstOrDefault() ?? "", o.EntryId, o.CreatedAt);

    /// <summary>Uses of days of the bourse for these offers (the page's offers: one query).</summary>
    public Task<List<PioneerUseView>> PioneerUsesAsync(IReadOnlyCollection<int> offerIds, CancellationToken ct = default) =>
        db.Set<PioneerDayUse>().AsNoTracking().Where(u => offerIds.Contains(u.OfferId)).OrderBy(u => u.On).ThenBy(u => u.Id).Take(500)
            .Join(db.Territories, u => u.TerritoryId, t => t.Id, (u, t) => new PioneerUseView(u.Id, u.OfferId, t.Name, t.Slug, u.Days, u.On, u.Purpose)).ToListAsync(ct);

    public async Task<Page<SolutionSummary>> SolutionsAsync(string? q, string? theme, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<SolutionSummary>.Clamp(page, pageSize);
        var solutions = db.Set<Solution>().AsNoTracking();
        if (!string.IsNullOrWhiteSpace(q))
        {
            // Every word of the query, by its stem, in the title, themes or summary (through the matcher's index).
            foreach (var word in MatchText.Words(q).Select(w => w.Stem).Distinct().Take(8).ToList())
                solutions = solutions.Where(s => db.Set<MatchPosting>().Any(mp => mp.Kind == MatchKind.Solution && mp.Area == "*" && mp.Term == word && mp.DocId == s.Id));
        }
        if (!string.IsNullOrWhiteSpace(theme)) { var t = theme.Trim(); solutions = solutions.Where(s => s.Themes.Contains(t)); }
        var total = await solutions.CountAsync(ct);
        var items = await solutions.OrderByDescending(s => s.AdoptionCount).ThenByDescending(s => s.Id).Skip((p - 1) * size).Take(size)
            .Select(s => new SolutionSummary(s.Id, s.Title, s.Summary, s.Themes, db.Communes.Where(c => c.Code == s.CommuneCode).Select(c => c.Name).FirstOrDefault(),
                db.Territories.Where(t => t.Id == s.OriginTerritoryId).Select(t => t.Name).FirstOrDefault(), s.AdoptionCount)).ToListAsync(ct);
        return new Page<SolutionSummary>(items, p, size, total);
    }

    public Task<SolutionView?> SolutionAsync(int id, CancellationToken ct = default) =>
        db.Set<Solution>().AsNoTracking().Where(s => s.Id == id).Select(s => new SolutionView(s,
            db.Communes.Where(c => c.Code == s.CommuneCode).Select(c => c.Name).FirstOrDefault(),
            db.Territories.Where(t => t.Id == s.OriginTerritoryId).Select(t => t.Name).FirstOrDefault(),
            db.Territories.Where(t => t.Id == s.OriginTerritoryId).Select(t => t.Slug).FirstOrDefault(),
            db.Entries.Where(e => e.Id == s.ContactEntryId).Select(e => e.Name).FirstOrDefault())).FirstOrDefaultAsync(ct);

    /// <summary>Essaimage records, newest first: of one solution, or of the whole network (how solutions spread).</summary>
    public async Task<Page<AdoptionView>> AdoptionsAsync(int? solutionId, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<AdoptionView>.Clamp(page, pageSize);
        var adoptions = db.Set<SolutionAdoption>().AsNoTracking();
        if (solutionId is { } id) adoptions = adoptions.Where(a => a.SolutionId == id);
        var total = await adoptions.CountAsync(ct);
        var items = await adoptions.OrderByDescending(a => a.StartedOn).ThenByDescending(a => a.Id).Skip((p - 1) * size).Take(size)
            .Join(db.Set<Solution>(), a => a.SolutionId, s => s.Id, (a, s) => new { a, s })
            .Join(db.Territories, x => x.a.TerritoryId, t => t.Id, (x, t) => new AdoptionView(x.a.Id, x.s.Id, x.s.Title,
                db.Territories.Where(o => o.Id == x.s.OriginTerritoryId).Select(o => o.Name).FirstOrDefault(),
                db.Territories.Where(o => o.Id == x.s.OriginTerritoryId).Select(o => o.Slug).FirstOrDefault(), t.Name, t.Slug, x.a.Changes, x.a.StartedOn))
            .ToListAsync(ct);
        return new Page<AdoptionView>(items, p, size, total);
    }

    /// <summary>Introductions: of a need, of a territory (catalysts), or where a person is a party — newest first.</summary>
    public async Task<Page<IntroductionView>> IntroductionsAsync(int? territoryId, int? needId, string? partyId, int? page, int? pageSize = null, CancellationToken ct = default)
    {
        var (p, size) = Page<IntroductionView>.Clamp(page, pageSize);
        var intros = db.Set<Introduction>().IgnoreQueryFilters().AsNoTracking();
        if (territoryId is { } t) intros = intros.Where(i => i.TerritoryId == t);
        if (needId is { } n) intros = intros.Where(i => i.NeedId == n);
        if (partyId is not null) intros = intros.Where(i => i.NeedPartyId == partyId || i.TargetPartyId == partyId);
        var total = await intros.CountAsync(ct);
        var items = await Views(intros.OrderByDescending(i => i.Id).Skip((p - 1) * size).Take(size)).ToListAsync(ct);
        return new Page<IntroductionView>(items, p, size, total);
    }

    public Task<IntroductionView?> IntroductionAsync(int id, CancellationToken ct = default) =>
        Views(db.Set<Introduction>().IgnoreQueryFilters().AsNoTracking().Where(i => i.Id == id)).FirstOrDefaultAsync(ct);

    private IQueryable<IntroductionView> Views(IQueryable<Introduction> intros) => intros.Select(i => new IntroductionView(i,
        db.Set<Need>().IgnoreQueryFilters().Where(n => n.Id == i.NeedId).Select(n => n.Title).First(),
        db.Users.Where(u => u.Id == i.NeedPartyId).Select(u => u.DisplayName ?? "").FirstOrDefault() ?? "",
        db.Users.Where(u => u.Id == i.TargetPartyId).Select(u => u.DisplayName ?? "").FirstOrDefault() ?? "",
        db.Users.Where(u => u.Id == i.ProposedBy).Select(u => u.DisplayName ?? "").FirstOrDefault() ?? "",
        db.Territories.Where(t => t.Id == i.TerritoryId).Select(t => t.Slug).First()));

    /// <summary>The communes of a territory's perimeter by name, for the forms' lists (at most 2,000).</summary>
    public async Task<List<(string Code, string Name)>> CommunesAsync(int territoryId, CancellationToken ct = default) =>
        (await db.TerritoryCommunes.AsNoTracking().Where(t => t.TerritoryId == territoryId)
            .Join(db.Communes, t => t.CommuneCode, c => c.Code, (t, c) => new { c.Code, c.Name }).OrderBy(c => c.Name).ThenBy(c => c.Code).Take(2000).ToListAsync(ct))
        .Select(c => (c.Code, c.Name)).ToList();

    public Task<List<SynonymGroup>> SynonymGroupsAsync(int territoryId, CancellationToken ct = default) =>
        db.Set<SynonymGroup>().AsNoTracking().Where(g => g.TerritoryId == territoryId).OrderBy(g => g.Id).Take(1000).ToListAsync(ct);
}
