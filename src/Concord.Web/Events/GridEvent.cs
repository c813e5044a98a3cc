using Concord.Domain.Deadlines;
using Concord.Domain.Events;
using Concord.Web.Shared;

namespace Concord.Web.Events;

/// <summary>
/// An event (随手拍事件) reported in a grid: what (an item of the taxonomy), where (the grid or
/// village, plus coordinates and/or an address), who reported it and by which channel, and where
/// it stands in <see cref="EventLifecycle"/>.
/// </summary>
public sealed class GridEvent : IRegionScoped
{
    public long Id { get; init; }

    /// <summary><see cref="EventCode"/>, e.g. E340881-2026-000123.</summary>
    public required string Code { get; init; }

    /// <summary>The grid where it happened when known, else the village.</summary>
    public required string RegionCode { get; init; }

    /// <summary>An item code of <see cref="EventTaxonomy"/> (e.g. 010101 暴露垃圾).</summary>
    public required string ItemCode { get; set; }

    public required string Text { get; set; }

    /// <summary>WGS-84, from the phone's location or the map; indexed with the item for the 50 m duplicate check.</summary>
    public double? Latitude { get; init; }

    public double? Longitude { get; init; }

    /// <summary>
    /// Where it happened, as people say it (路名、门牌、地标). The place of an incident, not a
    /// person's home: staff and the department that must go there read it in full.
    /// </summary>
    public string? Address { get; init; }

    /// <summary><see cref="Address"/> normalised (no spaces or punctuation), indexed with the time for the 7-day duplicate check.</summary>
    public string? AddressKey { get; init; }

    public EventChannel Channel { get; init; }

    public EventStatus Status { get; set; }

    /// <summary>The staff member who reported it; null for citizens and Open311 clients.</summary>
    public long? ReporterUserId { get; init; }

    /// <summary>Who reported, for display: staff name, or a citizen's name as given (shown masked).</summary>
    public required string ReporterName { get; init; }

    /// <summary>The registered Open311 client application that filed it (its id), if any.</summary>
    public string? ClientId { get; init; }

    /// <summary>An outside reporter's phone, protected like all personal data.</summary>
    public ProtectedValue ReporterPhone { get; init; } = ProtectedValue.None;

    /// <summary>An outside reporter's e-mail (Open311), protected.</summary>
    public ProtectedValue ReporterEmail { get; init; } = ProtectedValue.None;

    /// <summary>The org unit of the staff reporter (the grid station of a grid worker).</summary>
    public long? ReporterOrgUnitId { get; init; }

    /// <summary>The department the centre dispatched it to (大联勤).</summary>
    public long? DepartmentOrgUnitId { get; set; }

    /// <summary>The centre that dispatched it (verifies the reply).</summary>
    public long? DispatcherOrgUnitId { get; set; }

    public DateTime ReportedAt { get; init; }

    public DateTime UpdatedAt { get; set; }

    public DateTime? ClosedAt { get; set; }

    /// <summary>
    /// The running stage's deadline (<see cref="EventDeadline.DueAt"/> of the one not met), null when
    /// none runs: kept on the row by every write that starts or meets a deadline, so that task lists
    /// sort by it from an index alone (0021).
    /// </summary>
    public DateTime? DueAt { get; set; }

    /// <summary>The case this dispute event became (converted), both ways linked.</summary>
    public long? CaseId { get; set; }

    public string? CaseCode { get; set; }

    public EventRating? Rating { get; set; }

    public string? RatingComment { get; set; }

    public DateTime? RatedAt { get; set; }

    /// <summary>The outside reporter's rating link credential (128 bits, URL-safe); set when the event closes.</summary>
    public string? RatingToken { get; set; }

    /// <summary>Who the retry key belongs to: <c>u:{userId}</c> or <c>c:{clientId}</c>.</summary>
    public string? IdempotencyScope { get; init; }

    /// <summary>A client's retry key (Idempotency-Key): the same key reports once.</summary>
    public string? IdempotencyKey { get; init; }

    /// <summary>SHA-256 of the first request under the key: the same key with a different report is refused.</summary>
    public string? RequestHash { get; init; }

    public List<EventPhoto> Photos { get; } = [];

    public List<EventEntry> Timeline { get; } = [];

    public List<EventDeadline> Deadlines { get; } = [];
}

/// <summary>Why a photo is on an event.</summary>
public enum PhotoPurpose
{
    /// <summary>现场照片 at the report.</summary>
    Report,

    /// <summary>处置后照片: proof of in-grid handling.</summary>
    Proof,

    /// <summary>A department's reply.</summary>
    Reply,
}

/// <summary>A photo of an event: type checked by extension and magic bytes, SHA-256, served only through the scoped download.</summary>
public sealed class EventPhoto : IRegionScoped
{
    public long Id { get; init; }

    public long EventId { get; init; }

    public required string RegionCode { get; init; }

    public PhotoPurpose Purpose { get; init; }

    public required string FileName { get; init; }

    public required string ContentType { get; init; }

    public long SizeBytes { get; init; }

    public required string Sha256 { get; init; }

    /// <summary>Relative to the evidence folder: <c>events/{sha[..2]}/{sha256}</c> (content-addressed).</summary>
    public required string StoragePath { get; init; }

    public long? UploadedByUserId { get; init; }

    public DateTime UploadedAt { get; init; }
}

/// <summary>One line of an event's timeline: what happened, when, by whom.</summary>
public sealed class EventEntry : IRegionScoped
{
    public long Id { get; init; }

    public long EventId { get; init; }

    public required string RegionCode { get; init; }

    public DateTime At { get; init; }

    /// <summary>Stable machine code, e.g. <c>reported</c>, <c>dispatched</c>.</summary>
    public required string Kind { get; init; }

    public required string Text { get; init; }

    public required string ActorName { get; init; }

    public string? ActorOrgName { get; init; }
}

/// <summary>
/// A running stage deadline of an event — the same SLA maths and sweeper ladder as
/// <see cref="Deadlines.CaseDeadline"/>; <see cref="NextActionAt"/> is indexed for the sweeper.
/// </summary>
public sealed class EventDeadline : IRegionScoped
{
    public long Id { get; init; }

    public long EventId { get; init; }

    public required string RegionCode { get; init; }

    public SlaStage Stage { get; init; }

    public DateTime StartedAt { get; init; }

    public DateTime DueAt { get; set; }

    public DateTime? PausedAt { get; set; }

    public bool Extended { get; set; }

    public DeadlineStep Step { get; set; }

    public int Escalations { get; set; }

    public DateTime? NextActionAt { get; set; }

    public DateTime? MetAt { get; set; }

    public DeadlineState ToState() => new(Stage, StartedAt, DueAt, PausedAt, Extended, Step, Escalations);

    public void Apply(DeadlineState s)
    {
        DueAt = s.DueAt;
        PausedAt = s.PausedAt;
        Extended = s.Extended;
        Step = s.Step;
        Escalations = s.Escalations;
        NextActionAt = MetAt is null ? Sla.NextActionAt(s) : null;
    }
}

/// <summary>Next sequence number per county and year, for event codes.</summary>
public sealed class EventSequence
{
    public required string CountyCode { get; init; }

    public int Year { get; init; }

    public long Next { get; set; }
}
