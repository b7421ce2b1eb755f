using System.Net;
using System.Net.Http.Headers;
using System.Text.RegularExpressions;
using AngleSharp.Html.Parser;

namespace Catalyse.Tests.Infrastructure;

/// <summary>An HttpClient with a cookie jar and helpers for forms (antiforgery) and HTML.</summary>
public sealed partial class TestClient(HttpClient http, CatalyseFactory factory) : IDisposable
{
    public HttpClient Http => http;
    private static readonly HtmlParser Parser = new();

    public Task<HttpResponseMessage> GetAsync(string url, string? queryProbe = null)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (queryProbe is not null) request.Headers.Add(QueryCounter.Header, queryProbe);
        return http.SendAsync(request);
    }

    public async Task<AngleSharp.Html.Dom.IHtmlDocument> GetDocumentAsync(string url)
    {
        var response = await http.GetAsync(url);
        return Parser.ParseDocument(await response.Content.ReadAsStringAsync());
    }

    public static AngleSharp.Html.Dom.IHtmlDocument Parse(string html) => Parser.ParseDocument(html);

    /// <summary>The antiforgery token of this client's cookie, read from any page's form.</summary>
    public async Task<string> AntiforgeryTokenAsync(string fromUrl = "/account/login")
    {
        var html = await (await http.GetAsync(fromUrl)).Content.ReadAsStringAsync();
        var match = TokenPattern().Match(html);
        if (!match.Success)
            html = await (await http.GetAsync("/account/login")).Content.ReadAsStringAsync();
        match = TokenPattern().Match(html);
        if (!match.Success) throw new InvalidOperationException("No antiforgery token on " + fromUrl);
        return WebUtility.HtmlDecode(match.Groups[1].Value);
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex TokenPattern();

    /// <summary>POSTs a form with this client's antiforgery token.</summary>
    public async Task<HttpResponseMessage> PostFormAsync(string url, IEnumerable<KeyValuePair<string, string>> fields, string? tokenFrom = null)
    {
        var token = await AntiforgeryTokenAsync(tokenFrom ?? url.Split('?')[0]);
        var all = fields.Append(new("__RequestVerificationToken", token)).ToList();
        return await http.PostAsync(url, new FormUrlEncodedContent(all));
    }

    public Task<HttpResponseMessage> PostFormAsync(string url, params (string Key, string Value)[] fields) =>
        PostFormAsync(url, fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)));

    public async Task SignInAsync(string email, string password)
    {
        var response = await PostFormAsync("/account/login", ("Input.Email", email), ("Input.Password", password));
        if (response.StatusCode != HttpStatusCode.Redirect)
            throw new InvalidOperationException($"Sign-in of {email} failed: {(int)response.StatusCode}");
    }

    public void UseToken(string token) => http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

    public CatalyseFactory Factory => factory;

    public void Dispose() => http.Dispose();
}

/// <summary>Reads the messages the app dropped into its mail pickup folder.</summary>
public static partial class Mailbox
{
    public static async Task<string> LatestToAsync(string folder, string to, DateTime? after = null)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            foreach (var file in System.IO.Directory.EnumerateFiles(folder, "*.eml").OrderByDescending(f => f))
            {
                if (after is { } a && File.GetLastWriteTimeUtc(file) < a) continue;
                var text = await File.ReadAllTextAsync(file);
                if (text.Contains($"To: {to}", StringComparison.OrdinalIgnoreCase)) return Decode(text);
            }
            await Task.Delay(100); // the file is written before the response returns; this only covers file-system latency
        }
        throw new InvalidOperationException($"No mail to {to} in {folder}");
    }

    /// <summary>The first link in the message whose path starts with the given prefix.</summary>
    public static string Link(string message, string pathPrefix)
    {
        var match = Regex.Match(message, @"https?://[^\s]+" + Regex.Escape(pathPrefix) + @"[^\s]*");
        if (!match.Success) throw new InvalidOperationException($"No {pathPrefix} link in mail:\n{message}");
        return match.Value;
    }

    private static string Decode(string raw)
    {
        var message = MimeKit.MimeMessage.Load(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(raw)));
        return $"To: {message.To}\nSubject: {message.Subject}\n\n{message.TextBody}";
    }
}
