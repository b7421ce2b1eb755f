namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Platform administration: appointing network coordinators.</summary>
    public static readonly AppRoute[] Admin =
    [
        Get("/admin/people", Access.Admin),
        Get("/admin/people?q=catalyse.demo&p=1", Access.Admin),
        // Unknown person: the administrator gets a 404; nobody else reaches the handler.
        Post("/admin/people?handler=Grant&id=personne-inconnue", Access.Admin, 404),
        Post("/admin/people?handler=Revoke&id=personne-inconnue", Access.Admin, 404),
    ];
}
