namespace Lyss.UserGrains.Grains.Risk;

/// <summary>A finding of a rule, to be recorded in <c>security_alerts</c> (evidence serialized as JSON).</summary>
public sealed record RiskAlert(string Rule, string Severity, object Evidence);
