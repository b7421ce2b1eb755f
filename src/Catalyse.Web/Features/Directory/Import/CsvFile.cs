using System.Globalization;
using System.Text;
using CsvHelper;
using CsvHelper.Configuration;

namespace Catalyse.Web.Features.Directory.Import;

/// <summary>The file cannot be read as CSV: a French message key, its argument (usually the line).</summary>
public sealed class CsvFormatException(string messageKey, params object[] args) : Exception(messageKey)
{
    public string MessageKey => Message;
    public object[] Args => args;
}

/// <summary>Reading an uploaded CSV: encoding, delimiter, records with their line numbers.</summary>
public static class CsvFile
{
    static CsvFile() => Encoding.RegisterProvider(CodePagesEncodingProvider.Instance);

    public const string BadQuotes = "Guillemets mal placés à la ligne {0} : une valeur entre guillemets doit commencer et finir par un guillemet, et un guillemet à l'intérieur s'écrit deux fois (\"\").";
    public const string UnclosedQuote = "Guillemet ouvert à la ligne {0} et jamais fermé : la suite du fichier est lue comme une seule valeur.";
    /// <summary>The messages of <see cref="CsvFormatException"/> (French keys, localised by the caller).</summary>
    public static readonly string[] Messages = [BadQuotes, UnclosedQuote];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>UTF-8 (with or without BOM); otherwise Windows-1252, reported in <paramref name="fallback"/>.</summary>
    public static string Decode(byte[] bytes, out string? fallback)
    {
        fallback = null;
        var start = bytes.Length >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF ? 3 : 0;
        try { return StrictUtf8.GetString(bytes, start, bytes.Length - start); }
        catch (DecoderFallbackException)
        {
            fallback = "windows-1252";
            return Encoding.GetEncoding(1252).GetString(bytes);
        }
    }

    /// <summary>The most frequent of , ; tab | on the first line (outside quotes).</summary>
    public static char DetectDelimiter(string text)
    {
        var counts = new Dictionary<char, int> { [','] = 0, [';'] = 0, ['\t'] = 0, ['|'] = 0 };
        var quoted = false;
        foreach (var c in text)
        {
            if (c == '"') quoted = !quoted;
            else if (!quoted && (c == '\n' || c == '\r')) break;
            else if (!quoted && counts.ContainsKey(c)) counts[c]++;
        }
        return counts.OrderByDescending(kv => kv.Value).First() is { Value: > 0 } best ? best.Key : ',';
    }

    /// <summary>Every record with the line it starts on (the header is line 1). Throws <see cref="CsvFormatException"/> on broken quoting.</summary>
    public static IEnumerable<(int Line, string[] Fields)> Records(string text, char delimiter)
    {
        var previousRawRow = 0;
        var config = new CsvConfiguration(CultureInfo.InvariantCulture)
        {
            Delimiter = delimiter.ToString(),
            BadDataFound = args => throw new CsvFormatException(BadQuotes,
                previousRawRow + 1),
            DetectColumnCountChanges = false,
        };
        using var reader = new StringReader(text);
        using var parser = new CsvParser(reader, config);
        var columns = -1;
        while (true)
        {
            bool read;
            try { read = parser.Read(); }
            catch (BadDataException e) { throw new CsvFormatException(BadQuotes, e.Context?.Parser?.RawRow ?? previousRawRow + 1); }
            if (!read) yield break;
            var line = previousRawRow + 1;
            // CsvHelper unquotes fields lazily, when the record is read: BadDataFound fires here, still on this record's line.
            var record = parser.Record ?? [];
            previousRawRow = parser.RawRow;
            if (record.Length == 1 && record[0].Length == 0) continue; // blank line
            if (columns < 0) columns = record.Length;
            // An opening quote never closed swallows the rest of the file into one record.
            else if (record.Length != columns && parser.RawRow > line && record.Any(f => f.Contains('\n')))
                throw new CsvFormatException(UnclosedQuote, line);
            yield return (line, record);
        }
    }
}
