using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Web.Features.Marketplace;

/// <summary>One proposal of the matcher, with the reasons it gives.</summary>
public sealed record Match(MatchKind Kind, int Id, string Title, double Score, string? CommuneCode, double? DistanceKm,
    IReadOnlyList<string> SharedThemes, IReadOnlyList<string> Words, IReadOnlyList<SynonymUse> Synonyms, int Successes, int? TerritoryId);

public sealed record MatchSet(IReadOnlyList<Match> Solutions, IReadOnlyList<Match> Actors, IReadOnlyList<Match> Places, IReadOnlyList<Match> Offers)
{
    public int Count => Solutions.Count + Actors.Count + Places.Count + Offers.Count;
    public IEnumerable<Match> All => Solutions.Concat(Actors).Concat(Places).Concat(Offers);
}

/// <summary>What to match from: a need, an offer or an actor, as texts with weights, themes and a place.</summary>
public sealed record MatchSource(int TerritoryId, string? CommuneCode, IReadOnlyList<string> Themes, (string? Text, short Weight)[] Texts)
{
    public static MatchSource Of(Need n) => new(n.TerritoryId, n.CommuneCode, n.Themes, MatchIndexer.Of(n).Texts);
    public static MatchSource Of(IndexedText doc, int territoryId) => new(territoryId, doc.CommuneCode, doc.Themes, doc.Texts);
}

/// <summary>
/// The matching engine. Query terms are the source's stems and pairs of stems, plus the synonyms of the territory's list;
/// each candidate scores the sum over shared terms of (query weight × rarity (idf) × where the term is in it), then
/// gains for shared themes and past successes, and — for what is local (actors, places, offers) — loses with distance.
/// Solutions come from the whole network; actors, places and offers from the territory's perimeter.
/// </summary>
public sealed class Matcher(CatalyseDb db, MatchIndexer indexer)
{
    private const int Candidates = 200;
    private const double DistanceScaleKm = 25;

    /// <summary>
    /// Query terms found in more than this share of a group's documents are left out of the ranking (1 keeps them all:
    /// one query less, many more rows read). Settable for the benchmark, which compares both.
    /// </summary>
    public double CommonTermShare { get; set; } = 0.25;

    /// <summary>A term is never left out when it is in fewer documents than this (small groups keep all their words).</summary>
    private const int MinCommonDocuments = 200;

    private sealed record QueryTerm(double Weight, string? Written, SynonymUse? Synonym);
    private sealed record Origin(double? Latitude, double? Longitude, HashSet<string> Communes, List<string> Areas);

    public async Task<MatchSet> ForNeedAsync(Need need, int take = 10, CancellationToken ct = default) =>
        await MatchAsync(MatchSource.Of(need), take, ct);

    public async Task<MatchSet> MatchAsync(MatchSource source, int take = 10, CancellationToken ct = default)
    {
        await indexer.CatchUpAsync(4, ct);
        var terms = await TermsAsync(source, ct);
        var origin = await OriginAsync(source.TerritoryId, source.CommuneCode, ct);
        var themes = ThemeStems(source.Themes);
        return new MatchSet(
            await RankAsync(MatchKind.Solution, ["*"], terms, themes, origin, false, take, ct),
            await RankAsync(MatchKind.Actor, origin.Areas, terms, themes, origin, true, take, ct),
            await RankAsync(MatchKind.Place, origin.Areas, terms, themes, origin, true, take, ct),
            await RankAsync(MatchKind.Offer, [.. origin.Areas, "*"], terms, themes, origin, true, take, ct, [source.TerritoryId]));
    }

    /// <summary>"Where could we help?": the open needs of the territory an offer or an actor could answer.</summary>
    public async Task<IReadOnlyList<Match>> NeedsForAsync(MatchSource source, int take = 10, CancellationToken ct = default)
    {
        var terms = await TermsAsync(source, ct);
        var origin = await OriginAsync(source.TerritoryId, source.CommuneCode, ct);
        var themes = ThemeStems(source.Themes);
        return await RankAsync(MatchKind.Need, origin.Areas, terms, themes, origin, true, take, ct, [source.TerritoryId]);
    }

    /// <summary>The open needs of the whole network a new solution or offer could answer (for the alerts of their followers).</summary>
    public async Task<IReadOnlyList<Match>> NeedsAnywhereAsync(IndexedText doc, int? territoryId, int take, CancellationToken ct = default)
    {
        var source = new MatchSource(territoryId ?? 0, doc.CommuneCode, doc.Themes, doc.Texts);
        var terms = await TermsAsync(source, ct);
        var themes = ThemeStems(source.Themes);
        var origin = new Origin(null, null, [], []);
        return await RankAsync(MatchKind.Need, territoryId is null ? null : (await OriginAsync(territoryId.Value, doc.CommuneCode, ct)).Areas,
            terms, themes, origin, false, take, ct, territoryId is { } t ? [t] : null);
    }

    /// <summary>
    /// The open needs of the territories whose perimeter holds a directory actor or place, that it could answer (for the
    /// alerts of their followers when it appears). The synonyms are those of the first territory's list.
    /// </summary>
    public async Task<IReadOnlyList<Match>> NeedsNearAsync(IndexedText doc, IReadOnlyList<int> territoryIds, int take, CancellationToken ct = default)
    {
        if (territoryIds.Count == 0) return [];
        var source = new MatchSource(territoryIds[0], doc.CommuneCode, doc.Themes, doc.Texts);
        var terms = await TermsAsync(source, ct);
        var areas = await db.TerritoryCommunes.IgnoreQueryFilters().AsNoTracking().Where(t => territoryIds.Contains(t.TerritoryId))
            .Join(db.Communes, t => t.CommuneCode, c => c.Code, (t, c) => c.DepartementCode).Distinct().ToListAsync(ct);
        return await RankAsync(MatchKind.Need, areas, terms, ThemeStems(source.Themes), new Origin(null, null, [], []), false, take, ct, territoryIds);
    }

    /// <summary>The territory's synonym list (the network's default list until its catalysts write their own).</summary>
    public async Task<Synonyms> SynonymsAsync(int territoryId, CancellationToken ct = default)
    {
        var own = await db.Set<SynonymGroup>().IgnoreQueryFilters().AsNoTracking().Where(g => g.TerritoryId == territoryId)
            .OrderBy(g => g.Id).Select(g => g.Terms).ToListAsync(ct);
        return new Synonyms(own.Count > 0 ? own : Synonyms.DefaultLines.Value);
    }

    private async Task<Dictionary<string, QueryTerm>> TermsAsync(MatchSource source, CancellationToken ct)
    {
        var terms = new Dictionary<string, QueryTerm>();
        var all = new List<Word>();
        foreach (var (text, weight) in source.Texts)
        {
            var words = MatchText.Words(text);
            var q = weight switch { >= 3 => 2.0, 2 => 1.2, _ => 0.7 };
            for (var i = 0; i < words.Count; i++)
            {
                Add(words[i].Stem, new QueryTerm(q, words[i].Written, null));
                if (i > 0) Add(MatchText.Pair(words[i - 1].Stem, words[i].Stem), new QueryTerm(q, null, null));
            }
            all.AddRange(words);
            all.Add(new Word("", "")); // no phrase across two fields
        }
        foreach (var extra in (await SynonymsAsync(source.TerritoryId, ct)).Expand(all))
            Add(extra.Term, new QueryTerm(0.8, null, extra.Because));
        return terms;

        void Add(string term, QueryTerm t)
        {
            if (!terms.TryGetValue(term, out var old) || old.Weight < t.Weight) terms[term] = old is { Written: not null } && t.Written is null ? t with { Written = old.Written } : t;
        }
    }

    private async Task<Origin> OriginAsync(int territoryId, string? communeCode, CancellationToken ct)
    {
        var perimeter = await db.TerritoryCommunes.AsNoTracking().Where(t => t.TerritoryId == territoryId)
            .Join(db.Communes, t => t.CommuneCode, c => c.Code, (t, c) => new { c.Code, c.DepartementCode }).ToListAsync(ct);
        var here = communeCode is null ? null : await db.Communes.AsNoTracking().Where(c => c.Code == communeCode)
            .Select(c => new { c.Latitude, c.Longitude, c.DepartementCode }).FirstOrDefaultAsync(ct);
        var areas = perimeter.Select(p => p.DepartementCode).Append(here?.DepartementCode).OfType<string>().Distinct().ToList();
        return new Origin(here?.Latitude, here?.Longitude, perimeter.Select(p => p.Code).ToHashSet(), areas);
    }

    private async Task<IReadOnlyList<Match>> RankAsync(MatchKind kind, List<string>? areas, Dictionary<string, QueryTerm> terms, HashSet<string> themes,
        Origin origin, bool local, int take, CancellationToken ct, IReadOnlyCollection<int>? territories = null)
    {
        if (terms.Count == 0 || areas is { Count: 0 }) return [];
        var keys = terms.Keys.ToList();
        IQueryable<MatchPosting> Postings(List<string> of)
        {
            var q = db.Set<MatchPosting>().AsNoTracking().Where(p => p.Kind == kind && of.Contains(p.Term));
            return areas is null ? q : q.Where(p => areas.Contains(p.Area));
        }
        var group = db.Set<MatchDocument>().Where(d => d.Kind == kind);
        if (areas is not null) group = group.Where(d => areas.Contains(d.Area));
        int documents;
        Dictionary<string, double> idf;
        List<(string Term, int DocId, short Weight)> rows;
        if (CommonTermShare < 1)
        {
            // The document frequency of each term first (counted on the postings' primary key, no row read), with the
            // group's size in the same query: the terms found in more than CommonTermShare of the group's documents (and
            // in more than MinCommonDocuments) weigh little (idf ≤ log(1 + 1/share)) but make most of the rows — they are
            // left out, unless the query has nothing rarer.
            var counts = await Postings(keys).GroupBy(p => p.Term).Select(g => new { Term = g.Key, Count = g.Count() })
                .Concat(group.GroupBy(d => d.Kind).Select(g => new { Term = "", Count = g.Count() })).ToListAsync(ct);
            documents = counts.Where(c => c.Term == "").Sum(c => c.Count);
            counts.RemoveAll(c => c.Term == "");
            if (counts.Count == 0) return [];
            var limit = Math.Max(CommonTermShare * documents, MinCommonDocuments);
            // The synonyms of the territory's list are kept: they are reasons the matcher shows.
            bool Kept(string term, int count) => count <= limit || terms[term].Synonym is not null;
            if (counts.Any(c => c.Count <= limit)) counts = counts.Where(c => Kept(c.Term, c.Count)).ToList();
            keys = counts.Select(c => c.Term).ToList();
            idf = counts.ToDictionary(c => c.Term, c => Math.Log(1 + (double)documents / c.Count));
            rows = (await Postings(keys).Select(p => new { p.Term, p.DocId, p.Weight }).ToListAsync(ct)).Select(r => (r.Term, r.DocId, r.Weight)).ToList();
        }
        else
        {
            rows = (await Postings(keys).Select(p => new { p.Term, p.DocId, p.Weight }).ToListAsync(ct)).Select(r => (r.Term, r.DocId, r.Weight)).ToList();
            if (rows.Count == 0) return [];
            documents = await group.CountAsync(ct);
            idf = rows.GroupBy(r => r.Term).ToDictionary(g => g.Key, g => Math.Log(1 + (double)documents / g.Count()));
        }
        var text = new Dictionary<int, double>();
        foreach (var r in rows)
            text[r.DocId] = text.GetValueOrDefault(r.DocId) + terms[r.Term].Weight * idf[r.Term] * r.Weight / 3.0;
        // Long texts share more words by chance: the text score of the best candidates is divided by the square root of
        // their length relative to the others' (a softened BM25 normalisation).
        var pre = text.OrderByDescending(t => t.Value).ThenBy(t => t.Key).Take(Candidates * 3).Select(t => t.Key).ToList();
        var docs = (await db.Set<MatchDocument>().AsNoTracking().Where(d => d.Kind == kind && pre.Contains(d.DocId)).ToListAsync(ct))
            // Only what is in the territory (its perimeter, its own offers and needs) or network-wide.
            .Where(d => !local || d.Area == "*" || origin.Communes.Contains(d.CommuneCode ?? ""))
            .Where(d => kind is not (MatchKind.Offer or MatchKind.Need) || d.Area == "*" || territories is null || d.TerritoryId is { } t && territories.Contains(t)).ToList();
        var average = docs.Count == 0 ? 1 : Math.Max(1, docs.Average(d => d.Length));
        foreach (var d in docs) text[d.DocId] /= 0.4 + 0.6 * Math.Sqrt(Math.Max(1, d.Length) / average);
        docs = docs.OrderByDescending(d => text[d.DocId]).ThenBy(d => d.DocId).Take(Candidates).ToList();
        var top = docs.Select(d => d.DocId).ToHashSet();
        var byDoc = rows.Where(r => top.Contains(r.DocId)).GroupBy(r => r.DocId).ToDictionary(g => g.Key, g => g.Select(r => r.Term).ToList());
        var matches = new List<Match>();
        foreach (var d in docs)
        {
            // A theme is shared when one of its words (stemmed) is a word of the source's themes: "mobilité solidaire" ~ "mobilité".
            var shared = d.Themes.Split('|', StringSplitOptions.RemoveEmptyEntries).Where(t => MatchText.Words(t).Any(w => themes.Contains(w.Stem))).ToList();
            double? km = local && d.Area != "*" && origin.Latitude is { } lat && origin.Longitude is { } lon && d.Latitude is { } dlat && d.Longitude is { } dlon
                ? Math.Round(Kilometres(lat, lon, dlat, dlon), 1) : null;
            var score = text[d.DocId] * (1 + 0.3 * shared.Count) * (1 + 0.25 * Math.Log(1 + d.Successes)) / (1 + (km ?? 0) / DistanceScaleKm);
            var found = byDoc[d.DocId].Select(t => terms[t]).ToList();
            matches.Add(new Match(kind, d.DocId, d.Title, Math.Round(score, 3), d.CommuneCode, km, shared,
                found.Select(q => q.Written).OfType<string>().Distinct().Take(8).ToList(),
                found.Select(q => q.Synonym).OfType<SynonymUse>().DistinctBy(s => s.MeansAlso).Take(4).ToList(), d.Successes, d.TerritoryId));
        }
        return matches.OrderByDescending(m => m.Score).ThenBy(m => m.DistanceKm ?? 0).ThenBy(m => m.Id).Take(take).ToList();
    }

    /// <summary>The stems of the words of some themes.</summary>
    public static HashSet<string> ThemeStems(IEnumerable<string> themes) => themes.SelectMany(t => MatchText.Words(t)).Select(w => w.Stem).ToHashSet();

    public static double Kilometres(double lat1, double lon1, double lat2, double lon2)
    {
        const double r = 6371;
        var dLat = (lat2 - lat1) * Math.PI / 180;
        var dLon = (lon2 - lon1) * Math.PI / 180;
        var a = Math.Sin(dLat / 2) * Math.Sin(dLat / 2) + Math.Cos(lat1 * Math.PI / 180) * Math.Cos(lat2 * Math.PI / 180) * Math.Sin(dLon / 2) * Math.Sin(dLon / 2);
        return 2 * r * Math.Asin(Math.Sqrt(a));
    }
}
