namespace Catalyse.Web;

/// <summary>
/// Marker for the shared string table. Keys are the French text (French is the interface's
/// first language); <c>Resources/SharedResource.en.resx</c> holds the English text.
/// </summary>
public sealed class SharedResource;
