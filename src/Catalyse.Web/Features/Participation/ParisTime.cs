namespace Catalyse.Web.Features.Participation;

/// <summary>Dates typed and shown in French local time (the territories' time); stored in UTC.</summary>
public static class ParisTime
{
    private static readonly TimeZoneInfo Zone = TimeZoneInfo.FindSystemTimeZoneById("Europe/Paris");

    public static DateTimeOffset Show(DateTimeOffset at) => TimeZoneInfo.ConvertTime(at, Zone);

    public static string Text(DateTimeOffset at) => Show(at).ToString("g");

    /// <summary>Dates the participation features take: anything else is a typing error.</summary>
    public static bool Plausible(DateTimeOffset at) => at.Year is >= 2000 and <= 2100;

    /// <summary>A datetime-local field's value (no offset) read as Paris time; null outside years 2000–2100.</summary>
    public static DateTimeOffset? FromLocal(DateTime local) =>
        local.Year is < 2000 or > 2100 ? null
            : new DateTimeOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), Zone.GetUtcOffset(DateTime.SpecifyKind(local, DateTimeKind.Unspecified)));

    public static string ToLocalInput(DateTimeOffset at) => Show(at).ToString("yyyy-MM-dd'T'HH:mm");
}
