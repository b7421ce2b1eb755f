using Microsoft.AspNetCore.Mvc.RazorPages;

namespace Catalyse.Web.Infrastructure.Web;

/// <summary>A page with a form: an invalid submission re-renders it with field messages and status 400.</summary>
public abstract class FormPageModel : PageModel
{
    protected PageResult Invalid()
    {
        Response.StatusCode = StatusCodes.Status400BadRequest;
        return Page();
    }

    /// <summary>Copies service-level field errors ("slug", "perimeter.epci[0]") onto the form's fields.</summary>
    protected void AddErrors(IReadOnlyDictionary<string, string[]> errors, Func<string, string> fieldFor)
    {
        foreach (var (field, messages) in errors)
            foreach (var message in messages)
                ModelState.AddModelError(fieldFor(field), message);
    }
}
