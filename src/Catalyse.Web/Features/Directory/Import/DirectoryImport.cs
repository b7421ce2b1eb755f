using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Catalyse.Web.Features.Directory.Import;

public enum ImportStatus { Uploaded = 0, Validated = 1, Running = 2, Done = 3, Failed = 4 }

/// <summary>
/// One error (the row is refused) or warning (the row is imported without that field) of one row of an import: the line
/// of the file (1 = header; for GeoJSON the feature's number, from 1), the field and a message.
/// </summary>
public sealed record ImportRowError(int Line, string Field, string Message);

public static class ImportFormats
{
    public const string Csv = "csv";
    public const string GeoJson = "geojson";
}

/// <summary>A CSV or GeoJSON file uploaded into the directory: previewed, mapped, verified, then confirmed and run by <see cref="ImportWorker"/>.</summary>
public sealed class DirectoryImport
{
    public const int MaxBytes = 10 * 1024 * 1024;
    public const int MaxErrors = 500;

    public int Id { get; set; }
    /// <summary>The territory whose catalyst imported; null for a network import (coordinators).</summary>
    public int? TerritoryId { get; set; }
    public ImportStatus Status { get; set; }
    /// <summary>Short name of the source ("tiers-lieux-2019"): entries get the source key "{source}:{key}".</summary>
    public required string SourceName { get; set; }
    public string? FileName { get; set; }
    /// <summary>"csv" or "geojson" (<see cref="ImportFormats"/>), detected from the content.</summary>
    public string Format { get; set; } = ImportFormats.Csv;
    /// <summary>The decoded text of the file (10 MB at most), stored apart (table directory_import_files); emptied once the import is done (the report stays).</summary>
    public required string Content { get; set; }
    /// <summary>Set when the file was not UTF-8 and was read as Windows-1252.</summary>
    public string? EncodingUsed { get; set; }
    public required string Delimiter { get; set; }
    public List<string> Header { get; set; } = [];
    /// <summary>The first rows of the file, as JSON (string[][]), for the preview.</summary>
    public string PreviewJson { get; set; } = "[]";
    /// <summary>The column mapping (<see cref="ImportMapping"/> as JSON).</summary>
    public string MappingJson { get; set; } = "{}";
    public int RowCount { get; set; }
    public int ValidCount { get; set; }
    public int InvalidCount { get; set; }
    public int CreatedCount { get; set; }
    public int UpdatedCount { get; set; }
    /// <summary>Rows handled by the worker so far (progress).</summary>
    public int ProcessedCount { get; set; }
    /// <summary>The first <see cref="MaxErrors"/> row errors, as JSON.</summary>
    public string ErrorsJson { get; set; } = "[]";
    /// <summary>Fields left out of imported rows (invalid optional values, relocated communes): the first <see cref="MaxErrors"/>, as JSON.</summary>
    public string WarningsJson { get; set; } = "[]";
    public int WarningCount { get; set; }
    public string? FailureMessage { get; set; }
    /// <summary>The worker instance that runs the import (claimed with a conditional UPDATE) and its last heartbeat.</summary>
    public string? ClaimedBy { get; set; }
    public DateTimeOffset? ClaimedAt { get; set; }
    public string? CreatedById { get; set; }
    public DateTimeOffset CreatedAt { get; set; }
    public DateTimeOffset UpdatedAt { get; set; }
    public DateTimeOffset? StartedAt { get; set; }
    public DateTimeOffset? FinishedAt { get; set; }
}

internal sealed class DirectoryImportConfiguration : IEntityTypeConfiguration<DirectoryImport>
{
    public void Configure(EntityTypeBuilder<DirectoryImport> b)
    {
        b.ToTable("directory_imports");
        b.Property(x => x.SourceName).HasMaxLength(50);
        b.Property(x => x.FileName).HasMaxLength(200);
        b.Property(x => x.EncodingUsed).HasMaxLength(40);
        b.Property(x => x.Delimiter).HasMaxLength(1);
        b.Property(x => x.Format).HasMaxLength(10).HasDefaultValue(ImportFormats.Csv);
        b.Property(x => x.WarningsJson).HasDefaultValue("[]");
        b.Property(x => x.FailureMessage).HasMaxLength(2000);
        b.Property(x => x.ClaimedBy).HasMaxLength(100);
        b.HasIndex(x => new { x.Status, x.ClaimedBy });
        b.HasIndex(x => new { x.TerritoryId, x.CreatedAt });
        // The file's text lives in a table of its own: SQLite rewrites a whole row on every UPDATE, and the worker updates
        // the progress columns after each batch — with the text in the row, that rewrote up to 10 MB per batch.
        b.SplitToTable("directory_import_files", t => t.Property(x => x.Content));
    }
}
