using DocumentFormat.OpenXml;
using DocumentFormat.OpenXml.Packaging;
using DocumentFormat.OpenXml.Wordprocessing;

namespace Concord.Web.Documents;

/// <summary>
/// Writes a <see cref="CaseDocument"/> as a Word file with DocumentFormat.OpenXml: A4, 宋体
/// throughout, the title centred and bold, headings (style Heading1), paragraphs, bordered
/// tables and signature lines.
/// </summary>
public static class DocxWriter
{
    public const string Font = "宋体";
    private const string LatinFont = "SimSun";

    public static byte[] Write(CaseDocument document)
    {
        ArgumentNullException.ThrowIfNull(document);
        using var stream = new MemoryStream();
        using (var word = WordprocessingDocument.Create(stream, WordprocessingDocumentType.Document))
        {
            var main = word.AddMainDocumentPart();
            AddStyles(main);
            var body = new Body();
            body.Append(Paragraph(document.Title, "Title", bold: true, centred: true, size: 36));
            body.Append(Paragraph($"案件编号：{document.CaseCode}", null, centred: true));
            foreach (var block in document.Blocks)
            {
                switch (block)
                {
                    case DocHeading h:
                        body.Append(Paragraph(h.Text, "Heading1", bold: true, size: 28));
                        break;
                    case DocParagraph p:
                        foreach (var line in p.Text.Split('\n'))
                        {
                            body.Append(Paragraph(line, null));
                        }

                        break;
                    case DocTable t:
                        body.Append(Table(t));
                        body.Append(Paragraph("", null));
                        break;
                    case DocSignatures s:
                        foreach (var signer in s.Signers)
                        {
                            body.Append(Paragraph($"{signer}（签名）：________________　　　　日期：______年____月____日", null, spacingBefore: 480));
                        }

                        break;
                }
            }

            body.Append(new SectionProperties(
                new PageSize { Width = 11906U, Height = 16838U },
                new PageMargin { Top = 1440, Bottom = 1440, Left = 1588U, Right = 1588U, Header = 851U, Footer = 992U, Gutter = 0U }));
            main.Document = new Document(body);
            main.Document.Save();
        }

        return stream.ToArray();
    }

    private static RunFonts Fonts() => new() { Ascii = LatinFont, HighAnsi = LatinFont, EastAsia = Font, ComplexScript = LatinFont };

    private static Paragraph Paragraph(string text, string? style, bool bold = false, bool centred = false, int size = 24, int spacingBefore = 0)
    {
        var properties = new ParagraphProperties();
        if (style is not null)
        {
            properties.Append(new ParagraphStyleId { Val = style });
        }

        properties.Append(new SpacingBetweenLines { Before = spacingBefore.ToString(System.Globalization.CultureInfo.InvariantCulture), After = "120" });
        if (centred)
        {
            properties.Append(new Justification { Val = JustificationValues.Center });
        }

        var runProperties = new RunProperties(Fonts());
        if (bold)
        {
            runProperties.Append(new Bold());
        }

        runProperties.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        return new Paragraph(properties, new Run(runProperties, new Text(text) { Space = SpaceProcessingModeValues.Preserve }));
    }

    private static Table Table(DocTable t)
    {
        var columns = Math.Max(t.Header?.Count ?? 0, t.Rows.Count == 0 ? 1 : t.Rows.Max(r => r.Count));
        var table = new Table(new TableProperties(
            new TableWidth { Width = "5000", Type = TableWidthUnitValues.Pct },
            new TableBorders(
                new TopBorder { Val = BorderValues.Single, Size = 4 },
                new BottomBorder { Val = BorderValues.Single, Size = 4 },
                new LeftBorder { Val = BorderValues.Single, Size = 4 },
                new RightBorder { Val = BorderValues.Single, Size = 4 },
                new InsideHorizontalBorder { Val = BorderValues.Single, Size = 4 },
                new InsideVerticalBorder { Val = BorderValues.Single, Size = 4 })));
        var grid = new TableGrid();
        for (var i = 0; i < columns; i++)
        {
            grid.Append(new GridColumn());
        }

        table.Append(grid);
        if (t.Header is { } header)
        {
            table.Append(Row(header, columns, bold: true));
        }

        foreach (var row in t.Rows)
        {
            table.Append(Row(row, columns, bold: false));
        }

        return table;
    }

    private static TableRow Row(IReadOnlyList<string> cells, int columns, bool bold)
    {
        var row = new TableRow();
        for (var i = 0; i < columns; i++)
        {
            var text = i < cells.Count ? cells[i] : "";
            var cell = new TableCell();
            foreach (var line in text.Split('\n'))
            {
                cell.Append(Paragraph(line, null, bold: bold, size: 21));
            }

            row.Append(cell);
        }

        return row;
    }

    private static void AddStyles(MainDocumentPart main)
    {
        var styles = main.AddNewPart<StyleDefinitionsPart>();
        styles.Styles = new Styles(
            new DocDefaults(
                new RunPropertiesDefault(new RunPropertiesBaseStyle(Fonts(), new FontSize { Val = "24" }, new Languages { EastAsia = "zh-CN" })),
                new ParagraphPropertiesDefault()),
            Style("Normal", "Normal", null, bold: false, size: 24),
            Style("Title", "Title", "Normal", bold: true, size: 36),
            Style("Heading1", "heading 1", "Normal", bold: true, size: 28));
        styles.Styles.Save();
    }

    private static Style Style(string id, string name, string? basedOn, bool bold, int size)
    {
        var style = new Style { Type = StyleValues.Paragraph, StyleId = id, Default = id == "Normal" ? OnOffValue.FromBoolean(true) : null };
        style.Append(new StyleName { Val = name });
        if (basedOn is not null)
        {
            style.Append(new BasedOn { Val = basedOn });
        }

        if (id == "Heading1")
        {
            style.Append(new StyleParagraphProperties(new KeepNext(), new OutlineLevel { Val = 0 }));
        }

        var run = new StyleRunProperties(Fonts());
        if (bold)
        {
            run.Append(new Bold());
        }

        run.Append(new FontSize { Val = size.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        style.Append(run);
        return style;
    }
}
