using System.Text.RegularExpressions;

namespace Lyss.UserGrains.Activities;

/// <summary>The activity types of both seeds, and the rule for tenant-defined custom types.</summary>
public static partial class ActivityTypes
{
    public const string Login = "login";
    public const string Logout = "logout";
    public const string Register = "register";
    public const string CaseCreate = "case_create";
    public const string CaseView = "case_view";
    public const string CaseUpdate = "case_update";
    public const string CaseDelete = "case_delete";
    public const string CaseAssign = "case_assign";
    public const string CaseGrab = "case_grab";
    public const string CaseComplete = "case_complete";
    public const string PaymentCreate = "payment_create";
    public const string PaymentSuccess = "payment_success";
    public const string PaymentFailed = "payment_failed";
    public const string DocumentGenerate = "document_generate";
    public const string DocumentReview = "document_review";
    public const string DocumentApprove = "document_approve";
    public const string DocumentReject = "document_reject";
    public const string DocumentSend = "document_send";
    public const string WithdrawalRequest = "withdrawal_request";
    public const string WithdrawalApprove = "withdrawal_approve";
    public const string WithdrawalReject = "withdrawal_reject";
    public const string ConfigUpdate = "config_update";
    public const string ProfileUpdate = "profile_update";
    public const string PasswordChange = "password_change";
    public const string ChatMessage = "chat_message";
    public const string ModelUsage = "model_usage";
    public const string FeatureUsage = "feature_usage";

    // What the tracking protocols (Segment, PostHog; docs/tracking.md) send besides named events.
    public const string PageView = "page_view";
    public const string ScreenView = "screen_view";
    public const string Identify = "identify";
    public const string GroupIdentify = "group_identify";
    public const string Alias = "alias";

    /// <summary>A tracked event whose name makes no custom type (or one past the tenant's cap).</summary>
    public const string CustomEvent = "custom_event";

    /// <summary>The seeds' own types (each has a typed helper in <see cref="UserActivityExtensions"/>).</summary>
    public static IReadOnlySet<string> Seed { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Login, Logout, Register, CaseCreate, CaseView, CaseUpdate, CaseDelete, CaseAssign, CaseGrab, CaseComplete,
        PaymentCreate, PaymentSuccess, PaymentFailed, DocumentGenerate, DocumentReview, DocumentApprove, DocumentReject,
        DocumentSend, WithdrawalRequest, WithdrawalApprove, WithdrawalReject, ConfigUpdate, ProfileUpdate, PasswordChange,
        ChatMessage, ModelUsage, FeatureUsage,
    };

    /// <summary>Built-in types: the seeds' and the tracking protocols'; none counts against a tenant's custom types.</summary>
    public static IReadOnlySet<string> Known { get; } = new HashSet<string>(Seed, StringComparer.Ordinal)
    {
        PageView, ScreenView, Identify, GroupIdentify, Alias, CustomEvent,
    };

    /// <summary>Types whose loss would hurt an audit: acknowledged only once committed, unless the caller says otherwise.</summary>
    public static IReadOnlySet<string> AuditCritical { get; } = new HashSet<string>(StringComparer.Ordinal)
    {
        Login, PasswordChange, PaymentCreate, PaymentSuccess, PaymentFailed, WithdrawalRequest, WithdrawalApprove, WithdrawalReject, ConfigUpdate,
    };

    /// <summary>A known type or a custom one: lowercase, starting with a letter, 3-50 characters.</summary>
    public static bool IsValid(string? type) => type is not null && (Known.Contains(type) || CustomPattern().IsMatch(type));

    [GeneratedRegex("^[a-z][a-z0-9_]{2,49}$")]
    private static partial Regex CustomPattern();
}
