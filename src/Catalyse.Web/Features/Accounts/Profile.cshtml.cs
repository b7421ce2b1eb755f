using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Data;
using Catalyse.Web.Infrastructure.Identity;
using Catalyse.Web.Infrastructure.Web;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Features.Accounts;

/// <summary>Edit one's profile and language; create and revoke personal access tokens for the API.</summary>
[Authorize]
public sealed class ProfileModel(UserManager<User> users, SignInManager<User> signIn, CatalyseDb db, IStringLocalizer<SharedResource> l, TimeProvider clock) : FormPageModel
{
    public sealed class ProfileInput
    {
        [Display(Name = "Nom affiché"), PlainText(100, Required = true)]
        public string? DisplayName { get; set; }
        [Display(Name = "Langue")]
        public string? Culture { get; set; }
    }

    public sealed class TokenInput
    {
        [Display(Name = "Nom du jeton"), PlainText(100, Required = true)]
        public string? Name { get; set; }
    }

    // Explicit names: without them, the binder falls back to the empty prefix for the form that was not
    // posted, and that form's errors ("Name", "DisplayName") made every submission of the other one a 400.
    [BindProperty(Name = "Input")] public ProfileInput Input { get; set; } = new();
    [BindProperty(Name = "NewToken")] public TokenInput NewToken { get; set; } = new();
    public string Email { get; private set; } = "";
    public IList<string> Roles { get; private set; } = [];
    public List<ApiToken> Tokens { get; private set; } = [];
    /// <summary>Shown once, right after creation.</summary>
    public string? CreatedToken { get; private set; }

    private async Task<User> LoadAsync(bool fillInput)
    {
        var user = (await users.GetUserAsync(User))!;
        Email = user.Email!;
        Roles = await users.GetRolesAsync(user);
        Tokens = await db.ApiTokens.Where(t => t.UserId == user.Id && t.RevokedAt == null).OrderByDescending(t => t.CreatedAt).Take(50).ToListAsync();
        if (fillInput) Input = new ProfileInput { DisplayName = user.DisplayName, Culture = user.Culture };
        return user;
    }

    public async Task<IActionResult> OnGetAsync()
    {
        if (await users.GetUserAsync(User) is null) return Challenge();
        await LoadAsync(true);
        return Page();
    }

    /// <summary>
    /// Two forms post to this page: a handler keeps the validation of its own form only. The other form's
    /// model, absent from the post, is bound and validated without prefix ("Name", "DisplayName").
    /// </summary>
    private void KeepValidationOf(string prefix)
    {
        foreach (var key in ModelState.Keys.Where(k => !k.StartsWith(prefix + ".", StringComparison.Ordinal)).ToList())
            ModelState.Remove(key);
    }

    public async Task<IActionResult> OnPostAsync()
    {
        KeepValidationOf("Input");
        var user = await LoadAsync(false);
        if (Input.Culture is not ("fr" or "en")) ModelState.AddModelError("Input.Culture", l["La valeur saisie n'est pas valide."]);
        if (!ModelState.IsValid) return Invalid();
        user.DisplayName = Input.DisplayName!.Trim();
        user.Culture = Input.Culture!;
        await users.UpdateAsync(user);
        await signIn.RefreshSignInAsync(user);
        CultureSwitch.Remember(HttpContext, user.Culture);
        TempData["Flash"] = l["Profil enregistré."].Value;
        return Redirect("/account/profile");
    }

    public async Task<IActionResult> OnPostCreateTokenAsync()
    {
        KeepValidationOf("NewToken");
        var user = await LoadAsync(true);
        if (!ModelState.IsValid) return Invalid();
        if (Tokens.Count >= 20)
        {
            ModelState.AddModelError("NewToken.Name", l["Vingt jetons actifs au plus : révoquez-en un d'abord."]);
            return Invalid();
        }
        var token = ApiTokenAuthentication.NewToken();
        db.ApiTokens.Add(new ApiToken
        {
            UserId = user.Id, Name = NewToken.Name!.Trim(), TokenHash = ApiTokenAuthentication.Hash(token),
            Prefix = token[..8], CreatedAt = clock.GetUtcNow(),
        });
        await db.SaveChangesAsync();
        CreatedToken = token;
        NewToken = new TokenInput();
        await LoadAsync(true);
        return Page();
    }

    public async Task<IActionResult> OnPostRevokeTokenAsync(int id)
    {
        var userId = users.GetUserId(User);
        await db.ApiTokens.Where(t => t.Id == id && t.UserId == userId && t.RevokedAt == null)
            .ExecuteUpdateAsync(s => s.SetProperty(t => t.RevokedAt, clock.GetUtcNow()));
        TempData["Flash"] = l["Jeton révoqué."].Value;
        return Redirect("/account/profile");
    }
}
