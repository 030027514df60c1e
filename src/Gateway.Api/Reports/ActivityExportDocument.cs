namespace Lyss.UserGrains.Gateway.Reports;

/// <summary>The JSON form of an export (written row by row as it streams).</summary>
public sealed record ActivityExportDocument(IReadOnlyList<ExportedActivityRow> Activities, long Count);
