using System.Net;
using AngleSharp.Html.Dom;
using Catalyse.Tests.Infrastructure;
using Catalyse.Web.Features.Accounts;
using Microsoft.EntityFrameworkCore;

namespace Catalyse.Tests.Accounts;

/// <summary>Sign-up with email confirmation, sign-in, password reset, sign-out, profile and language, lockout.</summary>
public abstract class AccountTests(CatalyseFactory factory)
{
    private static async Task<IHtmlDocument> DocumentAsync(HttpResponseMessage response) =>
        TestClient.Parse(await response.Content.ReadAsStringAsync());

    /// <summary>The message shown next to a field (asp-validation-for).</summary>
    private static string FieldMessage(IHtmlDocument doc, string field) =>
        doc.QuerySelector($"[data-valmsg-for='{field}']")?.TextContent.Trim() ?? "";

    private static string Summary(IHtmlDocument doc) => doc.QuerySelector(".error-summary")?.TextContent.Trim() ?? "";

    private static Task<HttpResponseMessage> SignInAsync(TestClient client, string email, string password) =>
        client.PostFormAsync("/account/login", ("Input.Email", email), ("Input.Password", password));

    private static bool HasAuthCookie(HttpResponseMessage response) =>
        response.Headers.TryGetValues("Set-Cookie", out var cookies) && cookies.Any(c => c.StartsWith("catalyse.auth=") && !c.StartsWith("catalyse.auth=;"));

    private Task<User?> UserAsync(string email) =>
        factory.WithDbAsync(db => db.Users.AsNoTracking().FirstOrDefaultAsync(u => u.NormalizedEmail == email.ToUpperInvariant()));

    [Fact]
    public async Task Sign_up_sends_a_confirmation_mail_sign_in_is_refused_until_the_link_is_opened()
    {
        var email = Unique.Email("signup");
        using var client = factory.Client();

        var signUp = await People.SignUpAsync(client, email, "Nadia Nouvelle");
        Assert.Equal(HttpStatusCode.OK, signUp.StatusCode);
        var page = await DocumentAsync(signUp);
        Assert.Contains(email, page.QuerySelector("[role=status]")?.TextContent);
        Assert.Null(page.QuerySelector("form[method=post] input[name='Input.Password']"));
        var stored = await UserAsync(email);
        Assert.NotNull(stored);
        Assert.False(stored!.EmailConfirmed);
        Assert.Equal("Nadia Nouvelle", stored.DisplayName);
        Assert.Equal("fr", stored.Culture);

        var mail = await Mailbox.LatestToAsync(factory.MailFolder, email);
        var link = Mailbox.Link(mail, "/account/confirm");
        Assert.Contains("Nadia Nouvelle", mail);

        // Before confirming: refused, with a message that says why, and no session.
        var early = await SignInAsync(client, email, People.Password);
        Assert.Equal(HttpStatusCode.BadRequest, early.StatusCode);
        Assert.False(HasAuthCookie(early));
        Assert.Contains("Confirmez d'abord votre adresse électronique", Summary(await DocumentAsync(early)));

        // A tampered link confirms nothing.
        var tampered = await client.GetAsync(People.PathOf(link).Replace("code=", "code=AAAA"));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);
        Assert.False((await UserAsync(email))!.EmailConfirmed);

        var confirm = await client.GetAsync(People.PathOf(link));
        Assert.Equal(HttpStatusCode.OK, confirm.StatusCode);
        Assert.NotNull((await DocumentAsync(confirm)).QuerySelector(".flash[role=status]"));
        Assert.True((await UserAsync(email))!.EmailConfirmed);

        var signIn = await SignInAsync(client, email, People.Password);
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/", signIn.Headers.Location?.OriginalString);
        Assert.True(HasAuthCookie(signIn));
        var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.OK, profile.StatusCode);
        Assert.Equal(email, (await DocumentAsync(profile)).QuerySelector("main p strong")?.TextContent);
    }

    [Fact]
    public async Task Sign_in_goes_back_to_a_local_return_url_only()
    {
        var email = Unique.Email("return");
        await People.CreateConfirmedAsync(factory, email);
        using var client = factory.Client();
        var local = await client.PostFormAsync("/account/login?ReturnUrl=%2Faccount%2Fprofile",
            ("Input.Email", email), ("Input.Password", People.Password), ("ReturnUrl", "/account/profile"));
        Assert.Equal("/account/profile", local.Headers.Location?.OriginalString);

        using var other = factory.Client();
        var external = await other.PostFormAsync("/account/login",
            ("Input.Email", email), ("Input.Password", People.Password), ("ReturnUrl", "https://evil.example/"));
        Assert.Equal("/", external.Headers.Location?.OriginalString);
    }

    [Fact]
    public async Task Sign_up_with_an_address_already_used_is_a_400_with_a_field_message_and_no_second_account()
    {
        var email = Unique.Email("dup");
        using var first = factory.Client();
        Assert.Equal(HttpStatusCode.OK, (await People.SignUpAsync(first, email)).StatusCode);

        using var second = factory.Client();
        // Same address in another case: still the same person.
        var response = await People.SignUpAsync(second, email.ToUpperInvariant(), "Quelqu'un d'autre");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var doc = await DocumentAsync(response);
        Assert.Equal("Un compte existe déjà avec cette adresse.", FieldMessage(doc, "Input.Email"));
        Assert.Equal(1, await factory.WithDbAsync(db => db.Users.CountAsync(u => u.NormalizedEmail == email.ToUpperInvariant())));
        Assert.Equal(email.ToUpperInvariant(), doc.QuerySelector("input[name='Input.Email']")?.GetAttribute("value"));
    }

    [Theory]
    [InlineData("short1", "short1", "Input.Password")]
    [InlineData("long-enough-password-1", "another-password-2", "Input.ConfirmPassword")]
    [InlineData("long-enough-password", "long-enough-password", "Input.Password")] // no digit
    public async Task Sign_up_with_a_weak_or_mismatched_password_is_a_400_and_creates_nothing(string password, string confirm, string field)
    {
        var email = Unique.Email("weak");
        using var client = factory.Client();
        var response = await client.PostFormAsync("/account/register",
            ("Input.DisplayName", "Faible"), ("Input.Email", email), ("Input.Password", password), ("Input.ConfirmPassword", confirm));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("", FieldMessage(await DocumentAsync(response), field));
        Assert.Null(await UserAsync(email));
    }

    [Fact]
    public async Task Forgotten_password_is_reset_through_the_mailed_link_then_only_the_new_one_works()
    {
        var email = Unique.Email("reset");
        await People.CreateConfirmedAsync(factory, email);
        using var client = factory.Client();

        var forgot = await client.PostFormAsync("/account/forgot-password", ("Input.Email", email));
        Assert.Equal(HttpStatusCode.OK, forgot.StatusCode);
        Assert.NotNull((await DocumentAsync(forgot)).QuerySelector(".flash[role=status]"));

        var link = People.PathOf(Mailbox.Link(await Mailbox.LatestToAsync(factory.MailFolder, email), "/account/reset-password"));
        var form = await client.GetDocumentAsync(link);
        var code = form.QuerySelector("input[name='Input.Code']")?.GetAttribute("value");
        Assert.False(string.IsNullOrEmpty(code));
        Assert.Equal(email, form.QuerySelector("input[name='Input.Email']")?.GetAttribute("value"));

        // A wrong code changes nothing.
        const string newPassword = "Nouveau-mot-de-passe-42";
        var wrong = await client.PostFormAsync(link, ("Input.Email", email), ("Input.Code", "AAAA" + code),
            ("Input.Password", newPassword), ("Input.ConfirmPassword", newPassword));
        Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(factory.Client(), email, People.Password)).StatusCode);

        var reset = await client.PostFormAsync(link, ("Input.Email", email), ("Input.Code", code!),
            ("Input.Password", newPassword), ("Input.ConfirmPassword", newPassword));
        Assert.Equal(HttpStatusCode.OK, reset.StatusCode);
        Assert.NotNull((await DocumentAsync(reset)).QuerySelector(".flash[role=status]"));

        using var fresh = factory.Client();
        var old = await SignInAsync(fresh, email, People.Password);
        Assert.Equal(HttpStatusCode.BadRequest, old.StatusCode);
        Assert.Contains("Adresse ou mot de passe incorrect.", Summary(await DocumentAsync(old)));
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(fresh, email, newPassword)).StatusCode);

        // The link is single-use.
        var again = await client.PostFormAsync(link, ("Input.Email", email), ("Input.Code", code!),
            ("Input.Password", "Encore-un-autre-99"), ("Input.ConfirmPassword", "Encore-un-autre-99"));
        Assert.Equal(HttpStatusCode.BadRequest, again.StatusCode);
    }

    [Fact]
    public async Task Forgot_password_answers_the_same_for_an_unknown_address_and_sends_nothing()
    {
        var email = Unique.Email("nobody");
        using var client = factory.Client();
        var response = await client.PostFormAsync("/account/forgot-password", ("Input.Email", email));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.NotNull((await DocumentAsync(response)).QuerySelector(".flash[role=status]"));
        Assert.DoesNotContain(System.IO.Directory.EnumerateFiles(factory.MailFolder, "*.eml"), f => File.ReadAllText(f).Contains(email));
    }

    [Fact]
    public async Task Sign_out_ends_the_session()
    {
        var email = Unique.Email("signout");
        await People.CreateConfirmedAsync(factory, email);
        using var client = await factory.SignedInAsync(email, People.Password);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/profile")).StatusCode);

        var signOut = await client.PostFormAsync("/account/logout", [], "/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, signOut.StatusCode);
        Assert.Equal("/", signOut.Headers.Location?.OriginalString);

        var profile = await client.GetAsync("/account/profile");
        Assert.Equal(HttpStatusCode.Redirect, profile.StatusCode);
        Assert.StartsWith("/account/login", profile.Headers.Location?.PathAndQuery ?? profile.Headers.Location?.OriginalString);
        var home = await client.GetDocumentAsync("/");
        Assert.NotNull(home.QuerySelector("a[href='/account/login']"));
    }

    [Fact]
    public async Task Profile_edit_changes_the_name_and_the_language_and_pages_then_render_in_English()
    {
        var email = Unique.Email("profile");
        await People.CreateConfirmedAsync(factory, email);
        using var client = await factory.SignedInAsync(email, People.Password);
        var before = await client.GetDocumentAsync("/");
        Assert.Equal("fr", before.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Réseau des territoires innovants", before.QuerySelector("h1")?.TextContent.Trim());

        var save = await client.PostFormAsync("/account/profile", ("Input.DisplayName", "Zoé Anglophone"), ("Input.Culture", "en"));
        Assert.Equal(HttpStatusCode.Redirect, save.StatusCode);
        var user = await UserAsync(email);
        Assert.Equal("Zoé Anglophone", user!.DisplayName);
        Assert.Equal("en", user.Culture);

        var home = await client.GetDocumentAsync("/");
        Assert.Equal("en", home.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Network of innovative territories", home.QuerySelector("h1")?.TextContent.Trim());
        var profile = await client.GetDocumentAsync("/account/profile");
        Assert.Equal("en", profile.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Zoé Anglophone", profile.QuerySelector("input[name='Input.DisplayName']")?.GetAttribute("value"));
        Assert.Equal("en", profile.QuerySelector("select[name='Input.Culture'] option[selected]")?.GetAttribute("value"));

        // The choice follows the person: a new sign-in elsewhere is in English at once.
        using var elsewhere = await factory.SignedInAsync(email, People.Password);
        Assert.Equal("en", (await elsewhere.GetDocumentAsync("/t/grand-gueret")).DocumentElement.GetAttribute("lang"));
    }

    [Theory]
    [InlineData("", "fr", "Input.DisplayName")]
    [InlineData("<script>alert(1)</script>", "fr", "Input.DisplayName")]
    [InlineData("Valide", "de", "Input.Culture")]
    public async Task Profile_edit_with_bad_input_is_a_400_and_changes_nothing(string name, string culture, string field)
    {
        var email = Unique.Email("badprofile");
        await People.CreateConfirmedAsync(factory, email);
        using var client = await factory.SignedInAsync(email, People.Password);
        var response = await client.PostFormAsync("/account/profile", ("Input.DisplayName", name), ("Input.Culture", culture));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEqual("", FieldMessage(await DocumentAsync(response), field));
        var user = await UserAsync(email);
        Assert.StartsWith("Test ", user!.DisplayName);
        Assert.Equal("fr", user.Culture);
    }

    [Fact]
    public async Task Culture_switch_sets_the_language_of_an_anonymous_visitor_and_returns_to_the_page()
    {
        using var client = factory.Client();
        Assert.Equal("fr", (await client.GetDocumentAsync("/t/grand-gueret")).DocumentElement.GetAttribute("lang"));

        var response = await client.PostFormAsync("/culture", [new("culture", "en"), new("returnUrl", "/t/grand-gueret")], "/t/grand-gueret");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal("/t/grand-gueret", response.Headers.Location?.OriginalString);

        var page = await client.GetDocumentAsync("/t/grand-gueret");
        Assert.Equal("en", page.DocumentElement.GetAttribute("lang"));
        Assert.Equal("Catalyst team", page.QuerySelector("#team-title")?.TextContent.Trim());
        Assert.Equal("Français", page.QuerySelector("form[action='/culture'] button[name=culture]")?.TextContent.Trim());
        Assert.Contains("Sign in", page.QuerySelector("nav.main-nav")?.TextContent);

        // And back to French; an outside return URL is not followed.
        var back = await client.PostFormAsync("/culture", [new("culture", "fr"), new("returnUrl", "https://evil.example/")], "/");
        Assert.Equal("/", back.Headers.Location?.OriginalString);
        Assert.Equal("fr", (await client.GetDocumentAsync("/")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Culture_switch_without_a_valid_antiforgery_token_is_a_400_and_changes_nothing()
    {
        using var client = factory.Client();
        var missing = await client.Http.PostAsync("/culture", new FormUrlEncodedContent([new("culture", "en"), new("returnUrl", "/")]));
        Assert.Equal(HttpStatusCode.BadRequest, missing.StatusCode);

        var token = await client.AntiforgeryTokenAsync("/");
        var tampered = await client.Http.PostAsync("/culture", new FormUrlEncodedContent(
            [new("culture", "en"), new("returnUrl", "/"), new("__RequestVerificationToken", "x" + token[1..])]));
        Assert.Equal(HttpStatusCode.BadRequest, tampered.StatusCode);

        var json = await client.Http.PostAsync("/culture", new StringContent("{\"culture\":\"en\"}", System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, json.StatusCode);

        Assert.Equal("fr", (await client.GetDocumentAsync("/")).DocumentElement.GetAttribute("lang"));
    }

    [Fact]
    public async Task Five_wrong_passwords_lock_the_account_even_against_the_right_password()
    {
        var email = Unique.Email("lockout");
        await People.CreateConfirmedAsync(factory, email);
        using var client = factory.Client();

        for (var i = 1; i <= 4; i++)
        {
            var wrong = await SignInAsync(client, email, "Mauvais-mot-de-passe-" + i);
            Assert.Equal(HttpStatusCode.BadRequest, wrong.StatusCode);
            Assert.Contains("Adresse ou mot de passe incorrect.", Summary(await DocumentAsync(wrong)));
        }
        var fifth = await SignInAsync(client, email, "Mauvais-mot-de-passe-5");
        Assert.Equal(HttpStatusCode.BadRequest, fifth.StatusCode);
        Assert.Contains("bloqué", Summary(await DocumentAsync(fifth)));

        var right = await SignInAsync(client, email, People.Password);
        Assert.Equal(HttpStatusCode.BadRequest, right.StatusCode);
        Assert.False(HasAuthCookie(right));
        Assert.Contains("Trop d'échecs : ce compte est bloqué pendant 15 minutes.", Summary(await DocumentAsync(right)));
        var user = await UserAsync(email);
        Assert.True(user!.LockoutEnd > DateTimeOffset.UtcNow.AddMinutes(10));
    }

    [Fact]
    public async Task Fewer_than_five_failures_do_not_lock_and_a_success_resets_the_count()
    {
        var email = Unique.Email("nolock");
        await People.CreateConfirmedAsync(factory, email);
        using var client = factory.Client();
        for (var i = 0; i < 4; i++) await SignInAsync(client, email, "Mauvais-mot-de-passe-" + i);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(factory.Client(), email, People.Password)).StatusCode);
        for (var i = 0; i < 4; i++) await SignInAsync(client, email, "Mauvais-mot-de-passe-" + i);
        Assert.Equal(HttpStatusCode.Redirect, (await SignInAsync(factory.Client(), email, People.Password)).StatusCode);
        Assert.Null((await UserAsync(email))!.LockoutEnd);
    }
}

[Collection(SqliteCollection.Name)]
public sealed class AccountSqliteTests(CatalyseFactory factory) : AccountTests(factory);

[Collection(PostgresCollection.Name)]
public sealed class AccountPostgresTests(PostgresFactory factory) : AccountTests(factory);
