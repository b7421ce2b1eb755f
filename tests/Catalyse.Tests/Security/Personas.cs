using System.Runtime.CompilerServices;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Accounts;
using Catalyse.Web.Features.Demo;
using Catalyse.Web.Infrastructure.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace Catalyse.Tests.Security;

/// <summary>The people of the matrix (demo accounts).</summary>
public enum Persona { Anonymous, Resident, MemberGueret, CatalystGueret, CatalystGrenoble, Coordinator, Admin }

public static class PersonaInfo
{
    public static readonly Persona[] All = Enum.GetValues<Persona>();

    public static string? Email(this Persona p) => p switch
    {
        Persona.Resident => "habitant@catalyse.demo",
        Persona.MemberGueret => "membre.gueret@catalyse.demo",
        Persona.CatalystGueret => "catalyseur.gueret@catalyse.demo",
        Persona.CatalystGrenoble => "catalyseur.grenoble@catalyse.demo",
        Persona.Coordinator => "coordination@catalyse.demo",
        Persona.Admin => "admin@catalyse.demo",
        _ => null,
    };

    /// <summary>The territory in which the person holds a role, if any.</summary>
    public static string? OwnTerritory(this Persona p) => p switch
    {
        Persona.MemberGueret or Persona.CatalystGueret => RouteRegistry.Gueret,
        Persona.CatalystGrenoble => RouteRegistry.Grenoble,
        _ => null,
    };

    public static string Label(this Persona p) => p switch
    {
        Persona.Anonymous => "anonymous",
        Persona.Resident => "resident",
        Persona.MemberGueret => "member-of-gueret",
        Persona.CatalystGueret => "catalyst-of-gueret",
        Persona.CatalystGrenoble => "catalyst-of-grenoble",
        Persona.Coordinator => "coordinator",
        _ => "admin",
    };

    /// <summary>What the app should allow: the rule the matrix checks the app against.</summary>
    public static bool IsAllowed(this Persona p, Access access, string? slug)
    {
        var staff = p is Persona.Coordinator or Persona.Admin;
        var own = slug is not null && p.OwnTerritory() == slug;
        return access switch
        {
            Access.Public => true,
            Access.SignedIn => p != Persona.Anonymous,
            Access.Coordinator => staff,
            Access.Admin => p == Persona.Admin,
            Access.TerritoryMember => staff || own,
            Access.TerritoryCatalyst => staff || (own && p is Persona.CatalystGueret or Persona.CatalystGrenoble),
            Access.AnyCatalyst => staff || p is Persona.CatalystGueret or Persona.CatalystGrenoble,
            _ => throw new ArgumentOutOfRangeException(nameof(access)),
        };
    }
}

/// <summary>
/// One signed-in client per persona and factory, shared by the security tests of a collection (tests of
/// a collection run one after the other), plus one API client per persona with a personal access token.
/// </summary>
public sealed class Personas
{
    private static readonly ConditionalWeakTable<CatalyseFactory, Personas> ByFactory = new();
    private readonly CatalyseFactory _factory;
    private readonly Dictionary<Persona, TestClient> _clients = [];
    private readonly Dictionary<Persona, TestClient> _apiClients = [];
    private readonly SemaphoreSlim _gate = new(1, 1);

    private Personas(CatalyseFactory factory) => _factory = factory;

    public static Personas For(CatalyseFactory factory) => ByFactory.GetValue(factory, f => new Personas(f));

    /// <summary>A cookie client signed in as the persona (a plain client for <see cref="Persona.Anonymous"/>).</summary>
    public async Task<TestClient> ClientAsync(Persona persona)
    {
        await _gate.WaitAsync();
        try
        {
            if (_clients.TryGetValue(persona, out var client)) return client;
            client = persona.Email() is { } email ? await _factory.SignedInAsync(email, DemoNetwork.Password) : _factory.Client();
            _clients[persona] = client;
            return client;
        }
        finally { _gate.Release(); }
    }

    /// <summary>A client without cookies that sends the persona's personal access token (none for anonymous).</summary>
    public async Task<TestClient> ApiClientAsync(Persona persona)
    {
        await _gate.WaitAsync();
        try
        {
            if (_apiClients.TryGetValue(persona, out var client)) return client;
            client = _factory.Client();
            if (persona.Email() is { } email)
            {
                var token = $"cat_matrix_{persona.ToString().ToLowerInvariant()}_0123456789";
                using var scope = _factory.Services.CreateScope();
                var users = scope.ServiceProvider.GetRequiredService<UserManager<User>>();
                var user = await users.FindByEmailAsync(email) ?? throw new InvalidOperationException($"No demo account {email}");
                await scope.ServiceProvider.GetRequiredService<Bootstrap>().EnsureTokenAsync(user, token, "matrice");
                client.UseToken(token);
            }
            _apiClients[persona] = client;
            return client;
        }
        finally { _gate.Release(); }
    }

    /// <summary>Drops the cached client (after it signed out); the next call signs in again.</summary>
    public void Forget(Persona persona)
    {
        if (_clients.Remove(persona, out var client)) client.Dispose();
    }
}
