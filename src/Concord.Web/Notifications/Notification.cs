using Concord.Web.Shared;

namespace Concord.Web.Notifications;

/// <summary>An in-app inbox message for the staff of an org unit (or one user).</summary>
public sealed class Notification : IRegionScoped
{
    public long Id { get; init; }

    public required string RegionCode { get; init; }

    public long? OrgUnitId { get; init; }

    public long? UserId { get; init; }

    public DateTime At { get; init; }

    public required string Kind { get; init; }

    public required string Text { get; init; }

    public string? CaseCode { get; init; }

    public DateTime? ReadAt { get; set; }
}

/// <summary>An SMS waiting for a gateway. Real gateways are outside Concord; the default sender only queues here.</summary>
public sealed class SmsMessage
{
    public long Id { get; init; }

    public DateTime At { get; init; }

    public ProtectedValue Phone { get; init; } = ProtectedValue.None;

    public required string Text { get; init; }

    public required string Status { get; init; }
}
