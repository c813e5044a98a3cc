namespace Concord.Web.Shared;

/// <summary>The first result of a write sent with an Idempotency-Key, replayed for retries.</summary>
public sealed class IdempotencyRecord
{
    public long Id { get; init; }

    public long UserId { get; init; }

    public required string Key { get; init; }

    /// <summary>SHA-256 of the request body: the same key with a different body is refused.</summary>
    public required string RequestHash { get; init; }

    public required string ResultKey { get; init; }

    public DateTime CreatedAt { get; init; }
}

public sealed class Setting
{
    public required string Key { get; init; }

    public required string Value { get; set; }
}

public sealed class DataProtectionKey
{
    public long Id { get; init; }

    public required string FriendlyName { get; init; }

    public required string Xml { get; init; }
}
