using System.ComponentModel.DataAnnotations;
using Catalyse.Web.Infrastructure.Web;

namespace Catalyse.Web.Features.Territories;

/// <summary>The presentation fields of a territory, shared by the creation and edition forms.</summary>
public class TerritoryDetailsInput
{
    [Display(Name = "Nom du territoire"), PlainText(200, Required = true)]
    public string? Name { get; set; }
    [Display(Name = "Description"), PlainText(5000, Multiline = true)]
    public string? Description { get; set; }
    [Display(Name = "Thèmes"), PlainText(2000)]
    public string? Themes { get; set; }
    [Display(Name = "Type")]
    public TerritoryType? Type { get; set; }
    [Display(Name = "Modèle")]
    public TerritoryModel? Model { get; set; }

    public List<string> ThemeList() =>
        (Themes ?? "").Split([',', ';', '\n'], StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).ToList();

    /// <summary>Maps the service's field names onto the form's.</summary>
    public static string FormField(string field) => field switch
    {
        "name" => "Input.Name", "slug" => "Input.Slug", "description" => "Input.Description",
        "type" => "Input.Type", "model" => "Input.Model",
        _ when field.StartsWith("themes") => "Input.Themes",
        _ => "Input.Perimeter",
    };
}
