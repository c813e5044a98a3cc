namespace Concord.Web.Documents;

/// <summary>A block of a printed document, rendered the same way to Word (.docx) and to the print page.</summary>
public abstract record DocBlock;

public sealed record DocHeading(string Text) : DocBlock;

public sealed record DocParagraph(string Text) : DocBlock;

/// <summary>A bordered table; with <see cref="Header"/> its first row is bold.</summary>
public sealed record DocTable(IReadOnlyList<string>? Header, IReadOnlyList<IReadOnlyList<string>> Rows) : DocBlock;

/// <summary>Signature lines: one per signer, with a blank for the date.</summary>
public sealed record DocSignatures(IReadOnlyList<string> Signers) : DocBlock;

/// <summary>A document of a case: 受理登记表, 调解记录, 调解协议书 or 回访记录.</summary>
public sealed record CaseDocument(string Kind, string Title, string CaseCode, IReadOnlyList<DocBlock> Blocks)
{
    public string FileName => $"{CaseCode}-{Title}.docx";
}
