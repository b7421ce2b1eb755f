using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Localization;

namespace Catalyse.Web.Infrastructure.Localization;

/// <summary>Identity's error texts in the interface language.</summary>
public sealed class LocalizedIdentityErrors(IStringLocalizer<SharedResource> l) : IdentityErrorDescriber
{
    public override IdentityError DuplicateEmail(string email) => new() { Code = nameof(DuplicateEmail), Description = l["Un compte existe déjà avec cette adresse."] };
    public override IdentityError DuplicateUserName(string userName) => new() { Code = nameof(DuplicateUserName), Description = l["Un compte existe déjà avec cette adresse."] };
    public override IdentityError InvalidEmail(string? email) => new() { Code = nameof(InvalidEmail), Description = l["Adresse électronique invalide."] };
    public override IdentityError InvalidUserName(string? userName) => new() { Code = nameof(InvalidUserName), Description = l["Adresse électronique invalide."] };
    public override IdentityError PasswordTooShort(int length) => new() { Code = nameof(PasswordTooShort), Description = l["Le mot de passe doit compter au moins {0} caractères.", length] };
    public override IdentityError PasswordRequiresDigit() => new() { Code = nameof(PasswordRequiresDigit), Description = l["Le mot de passe doit contenir au moins un chiffre."] };
    public override IdentityError PasswordRequiresLower() => new() { Code = nameof(PasswordRequiresLower), Description = l["Le mot de passe doit contenir au moins une lettre minuscule."] };
    public override IdentityError InvalidToken() => new() { Code = nameof(InvalidToken), Description = l["Ce lien n'est plus valable. Demandez-en un nouveau."] };
    public override IdentityError PasswordMismatch() => new() { Code = nameof(PasswordMismatch), Description = l["Mot de passe incorrect."] };
}

/// <summary>Model-binding messages ("the value is not valid") in the interface language.</summary>
public static class ModelBindingMessages
{
    public static void Localize(MvcOptions o)
    {
        // Resolved per request through the current UI culture.
        var p = o.ModelBindingMessageProvider;
        p.SetValueMustNotBeNullAccessor(_ => T("Ce champ est obligatoire."));
        p.SetMissingBindRequiredValueAccessor(_ => T("Ce champ est obligatoire."));
        p.SetAttemptedValueIsInvalidAccessor((_, _) => T("La valeur saisie n'est pas valide."));
        p.SetUnknownValueIsInvalidAccessor(_ => T("La valeur saisie n'est pas valide."));
        p.SetValueIsInvalidAccessor(_ => T("La valeur saisie n'est pas valide."));
        p.SetValueMustBeANumberAccessor(_ => T("Saisissez un nombre."));
        p.SetNonPropertyAttemptedValueIsInvalidAccessor(_ => T("La valeur saisie n'est pas valide."));
        p.SetNonPropertyUnknownValueIsInvalidAccessor(() => T("La valeur saisie n'est pas valide."));
        p.SetNonPropertyValueMustBeANumberAccessor(() => T("Saisissez un nombre."));
        p.SetMissingRequestBodyRequiredValueAccessor(() => T("Ce champ est obligatoire."));
        p.SetMissingKeyOrValueAccessor(() => T("Ce champ est obligatoire."));
    }

    private static string T(string key) => Localizer?[key] ?? key;

    /// <summary>Set at start-up (the MVC options are built before the service provider).</summary>
    public static IStringLocalizer? Localizer { get; set; }
}
