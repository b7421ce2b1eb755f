namespace Catalyse.Tests.Security;

public static partial class RouteRegistry
{
    /// <summary>Notifications: each signed-in person reads and clears their own.</summary>
    public static readonly AppRoute[] Notifications =
    [
        Get("/notifications", Access.SignedIn),
        Get("/notifications?p=2", Access.SignedIn),
        Post("/notifications?handler=Read", Access.SignedIn, 302),
    ];
}
