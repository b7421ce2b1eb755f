using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Participation.Eligibility;
using Catalyse.Web.Features.Participation.Petitions;
using Catalyse.Web.Infrastructure.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Participation;

/// <summary>Authorities, petitions and people for the participation tests, made through the services.</summary>
public static class PetitionData
{
    public static async Task<int> TerritoryIdAsync(CatalyseFactory factory, string slug = "grenoble-alpes") =>
        await factory.WithDbAsync(db => db.Territories.Where(t => t.Slug == slug).Select(t => t.Id).SingleAsync());

    public static async Task<PetitionAuthority> AuthorityAsync(CatalyseFactory factory, IdentityLevel level = IdentityLevel.EmailConfirmed,
        int quorum = 2000, string slug = "grenoble-alpes", string? representatives = null)
    {
        var territoryId = await TerritoryIdAsync(factory, slug);
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PetitionService>();
        var (authority, errors) = await service.SaveAuthorityAsync(territoryId, null,
            new AuthorityInput($"Autorité {Guid.NewGuid():N}", "Voirie communale\nEspaces verts\nÉcoles", quorum, 90, level, representatives));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        return authority!;
    }

    /// <summary>A petition filed by a new person and declared eligible: open for signatures.</summary>
    public static async Task<Petition> OpenPetitionAsync(CatalyseFactory factory, PetitionAuthority authority)
    {
        var author = await PeopleAsync(factory, 1);
        using var scope = factory.Services.CreateScope();
        var service = scope.ServiceProvider.GetRequiredService<PetitionService>();
        var (petition, errors) = await service.FileAsync(authority.TerritoryId, author[0], new PetitionInput(authority.Id,
            "Des bancs ombragés place Verdun", "Nous demandons l'installation de bancs à l'ombre des platanes de la place, pour les personnes âgées et les familles.", "Espaces verts"));
        Assert.True(errors.Count == 0, string.Join("; ", errors.SelectMany(e => e.Value)));
        Assert.Empty((await service.ReviewAsync(petition!.Id, author[0], new ReviewInput(true, null, PetitionNextStep.Answer)))!);
        return await factory.WithDbAsync(db => db.Petitions.AsNoTracking().SingleAsync(p => p.Id == petition.Id));
    }

    /// <summary>Confirmed accounts inserted directly (no password: these tests act through the services).</summary>
    public static async Task<List<string>> PeopleAsync(CatalyseFactory factory, int count, string? communeCode = null, string? postalCode = null)
    {
        var users = Enumerable.Range(0, count).Select(_ =>
        {
            var email = Unique.Email("signer");
            return new User
            {
                UserName = email, NormalizedUserName = email.ToUpperInvariant(), Email = email, NormalizedEmail = email.ToUpperInvariant(),
                EmailConfirmed = true, DisplayName = "Signataire", CreatedAt = DateTimeOffset.UtcNow, SecurityStamp = Guid.NewGuid().ToString(),
                ResidenceCommuneCode = communeCode, ResidencePostalCode = postalCode,
            };
        }).ToList();
        await factory.WithDbAsync(async db => { db.Users.AddRange(users); await db.SaveChangesAsync(); });
        return users.Select(u => u.Id).ToList();
    }

    public static async Task<SignResult> SignAsync(CatalyseFactory factory, int petitionId, string userId, string? key = null)
    {
        using var scope = factory.Services.CreateScope();
        return await scope.ServiceProvider.GetRequiredService<PetitionSigning>().SignAsync(petitionId, userId, key);
    }

    public static Task<T> Db<T>(CatalyseFactory factory, Func<CatalyseDb, Task<T>> f) => factory.WithDbAsync(f);
}
