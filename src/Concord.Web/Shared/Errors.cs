namespace Concord.Web.Shared;

/// <summary>A rule said no. Code is stable (API clients match on it); Message is for people.</summary>
public class DomainException(string code, string message, int status = 400) : Exception(message)
{
    public string Code { get; } = code;

    public int Status { get; } = status;
}

/// <summary>Outside the actor's subtree. Answered as 404 so that other subtrees' data cannot be probed.</summary>
public sealed class OutOfScopeException() : DomainException("out_of_scope", "未找到。", 404);

public sealed class NotFoundException(string what) : DomainException("not_found", $"未找到{what}。", 404);

/// <summary>Field-level validation errors, keyed by the request's field names (camelCase).</summary>
public sealed class ValidationFailedException(IReadOnlyDictionary<string, string[]> errors)
    : DomainException("validation_failed", "提交的内容有误，请按提示修改。", 400)
{
    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors;
}

/// <summary>Collects field errors; throws once at the end so a form shows every problem together.</summary>
public sealed class FieldErrors
{
    private readonly Dictionary<string, List<string>> _errors = new(StringComparer.Ordinal);

    public bool Any => _errors.Count > 0;

    public void Add(string field, string message)
    {
        if (!_errors.TryGetValue(field, out var list))
        {
            _errors[field] = list = [];
        }

        list.Add(message);
    }

    public void ThrowIfAny()
    {
        if (Any)
        {
            throw new ValidationFailedException(_errors.ToDictionary(kv => kv.Key, kv => kv.Value.ToArray(), StringComparer.Ordinal));
        }
    }
}
