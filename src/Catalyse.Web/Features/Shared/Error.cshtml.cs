using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Shared;

/// <summary>The friendly error page (404, 403, 400, 429, 500…), in the visitor's language.</summary>
[IgnoreAntiforgeryToken]
public sealed class ErrorModel(IStringLocalizer<SharedResource> l) : PageModel
{
    public string Title { get; private set; } = "";
    public string Message { get; private set; } = "";

    public void OnGet(int? code) => Fill(code);
    public void OnPost(int? code) => Fill(code);

    private void Fill(int? code)
    {
        var status = code is >= 400 and < 600 ? code.Value : 500;
        // Keep the original status when re-executed by the status-code pages middleware.
        if (HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IStatusCodeReExecuteFeature>() is null
            && HttpContext.Features.Get<Microsoft.AspNetCore.Diagnostics.IExceptionHandlerFeature>() is null)
            Response.StatusCode = status;
        (Title, Message) = status switch
        {
            404 => (l["Page introuvable"].Value, l["Cette page n'existe pas ou plus. Vérifiez l'adresse, ou repartez de l'accueil."].Value),
            403 => (l["Accès refusé"].Value, l["Votre compte n'a pas les droits nécessaires pour cette page."].Value),
            400 => (l["Requête invalide"].Value, l["La demande envoyée n'a pas pu être comprise."].Value),
            429 => (l["Trop de tentatives"].Value, l["Trop de tentatives. Réessayez dans une minute."].Value),
            _ => (l["Une erreur est survenue"].Value, l["Nous n'avons pas pu traiter votre demande. L'équipe technique en est informée ; réessayez dans quelques instants."].Value),
        };
    }
}
