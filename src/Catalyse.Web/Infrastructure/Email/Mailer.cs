using MailKit.Net.Smtp;
using MailKit.Security;
using MimeKit;

namespace Catalyse.Web.Infrastructure.Email;

public sealed class MailOptions
{
    public string From { get; set; } = "Catalyse <no-reply@catalyse.invalid>";
    /// <summary>Where messages are written as .eml files when no SMTP host is set (relative to the content root).</summary>
    public string PickupDirectory { get; set; } = "App_Data/mail";
    public SmtpOptions Smtp { get; set; } = new();

    public sealed class SmtpOptions
    {
        public string? Host { get; set; }
        public int Port { get; set; } = 587;
        public string? Username { get; set; }
        public string? Password { get; set; }
        /// <summary>StartTls (default), SslOnConnect or None.</summary>
        public string Security { get; set; } = "StartTls";
    }
}

/// <summary>Sends email through SMTP when configured, otherwise drops it into the pickup folder.</summary>
public sealed class Mailer(Microsoft.Extensions.Options.IOptions<MailOptions> options, IWebHostEnvironment env, ILogger<Mailer> log)
{
    private readonly MailOptions _o = options.Value;

    public string PickupPath => Path.GetFullPath(Path.Combine(env.ContentRootPath, _o.PickupDirectory));

    /// <summary>Sends one message; any failure (bad address, SMTP down) is a <see cref="MailDeliveryException"/>.</summary>
    public async Task SendAsync(string to, string subject, string text, CancellationToken ct = default)
    {
        try
        {
            await DeliverAsync(to, subject, text, ct);
        }
        catch (Exception e) when (e is not OperationCanceledException and not MailDeliveryException)
        {
            log.LogError(e, "Mail to {To} could not be sent", to);
            throw new MailDeliveryException(e);
        }
    }

    private async Task DeliverAsync(string to, string subject, string text, CancellationToken ct)
    {
        var message = new MimeMessage();
        message.From.Add(MailboxAddress.Parse(_o.From));
        message.To.Add(MailboxAddress.Parse(to));
        message.Subject = subject;
        message.Body = new TextPart("plain") { Text = text };

        if (string.IsNullOrWhiteSpace(_o.Smtp.Host))
        {
            Directory.CreateDirectory(PickupPath);
            var file = Path.Combine(PickupPath, $"{DateTime.UtcNow:yyyyMMddHHmmssfff}-{Guid.NewGuid():N}.eml");
            await message.WriteToAsync(file, ct);
            log.LogInformation("Mail to {To} written to {File}", to, file);
            return;
        }
        using var smtp = new SmtpClient();
        var security = Enum.TryParse<SecureSocketOptions>(_o.Smtp.Security, true, out var s) ? s : SecureSocketOptions.StartTls;
        await smtp.ConnectAsync(_o.Smtp.Host, _o.Smtp.Port, security, ct);
        if (!string.IsNullOrEmpty(_o.Smtp.Username)) await smtp.AuthenticateAsync(_o.Smtp.Username, _o.Smtp.Password ?? "", ct);
        await smtp.SendAsync(message, ct);
        await smtp.DisconnectAsync(true, ct);
    }
}

/// <summary>A message could not be sent: callers undo what the message was for and say so.</summary>
public sealed class MailDeliveryException(Exception inner) : Exception("Mail delivery failed", inner);
