namespace Catalyse.Web.Infrastructure.Web;

public static class PublicUrl
{
    /// <summary>
    /// The public address of the site, for links in mail and in exported data: <c>Catalyse:PublicUrl</c> when set
    /// (required in production: the Host header of a request can be forged to poison reset links), otherwise
    /// the address of the request (development, tests).
    /// </summary>
    public static string BaseUrl(this HttpRequest request)
    {
        var configured = request.HttpContext.RequestServices.GetRequiredService<IConfiguration>()["Catalyse:PublicUrl"];
        return string.IsNullOrWhiteSpace(configured)
            ? $"{request.Scheme}://{request.Host}{request.PathBase}"
            : configured.TrimEnd('/');
    }
}
