using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Votes;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

public static class VoteData
{
    public static async Task<Vote> OpenAsync(CatalyseFactory factory, VoteMethod method, string options, bool secret = true,
        long budget = 0, long minimum = 0, int maxChoices = 0, string slug = "grenoble-alpes", IdentityLevel level = IdentityLevel.EmailConfirmed)
    {
        var territoryId = await PetitionData.TerritoryIdAsync(factory, slug);
        var creator = (await PetitionData.PeopleAsync(factory, 1))[0];
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<VoteService>();
        var (vote, errors) = await service.CreateAsync(territoryId, creator, new VoteInput($"Vote {Guid.NewGuid():N}"[..20], "Un vote de test.", method, secret,
            level, DateTimeOffset.UtcNow.AddMinutes(-1), DateTimeOffset.UtcNow.AddDays(7), options, maxChoices, 5, budget, minimum));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return await factory.WithDbAsync(db => db.Votes.AsNoTracking().Include(v => v.Options).SingleAsync(v => v.Id == vote!.Id));
    }

    public static async Task<CastResult> CastAsync(CatalyseFactory factory, int voteId, string userId, BallotInput ballot, string? key = null)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<VoteService>().CastAsync(voteId, userId, ballot, key);
    }

    /// <summary>Closes the vote as if its end had passed long enough ago for the count.</summary>
    public static Task CloseAsync(CatalyseFactory factory, int voteId) =>
        factory.WithDbAsync(db => db.Votes.Where(v => v.Id == voteId).ExecuteUpdateAsync(s => s.SetProperty(v => v.ClosesAt, DateTimeOffset.UtcNow.AddMinutes(-5))));

    public static BallotInput Pick(params int[] ids) => new(ids, null, null);
    public static BallotInput Rank(params int[] ids) => new(null, ids, null);
}
