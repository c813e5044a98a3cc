using System.Text;
using System.Text.RegularExpressions;
using Concord.Domain.Privacy;

namespace Concord.Domain.TypicalCases;

/// <summary>
/// Takes the people out of a closed case's texts before it is published as a typical case
/// (典型案例): every party's name and its variants (given name, 老王/王师傅/王某某, the name with
/// spaces or inside longer words) become surname + 某 (张某; two people of one surname 张某甲,
/// 张某乙), organisations become 某物业公司-style names that keep what kind of body they are,
/// ID numbers, phones, bank cards, plate numbers and e-mails become <see cref="Hidden"/>, and
/// addresses are coarsened to the village. It errs on the side of replacing too much (a name
/// that is also an ordinary word is replaced there too): the reviewer sees every replacement
/// and may reword, and <see cref="Check"/> refuses anything of a party that is put back.
/// </summary>
public sealed partial class Anonymiser
{
    public const string Hidden = "[已隐去]";

    // A replacement is parked in the working text as a marker of private-use characters, so later
    // passes (digits, names) cannot match inside what an earlier pass already replaced.
    private const char MarkOpen = '\uE000';
    private const char MarkClose = '\uE001';
    private const int MarkBase = 0xE100;
    private const int MaxReplacements = 0xF8FF - MarkBase;

    private static readonly string[] s_compoundSurnames =
        ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "尉迟", "公孙", "慕容", "夏侯", "长孙", "宇文", "司徒", "令狐", "端木", "西门", "南宫", "独孤", "呼延", "万俟"];

    private const string PlaceWords = "(?!小区|山庄|花园|家园|街道|社区|村|镇|乡|路|街|巷|大道|居委会|苑|城|府)";

    private static readonly string[] s_titles =
        ["某某", "师傅", "老板", "老师", "医生", "大夫", "大爷", "大妈", "大娘", "大婶", "阿姨", "大姐", "大哥", "姐", "哥", "叔", "婶", "伯", "嫂",
         "总", "经理", "主任", "书记", "会计", "女士", "先生", "老汉", "奶奶", "爷爷", "姓"];

    private readonly AnonymisationInput _input;
    private readonly Dictionary<string, (ReplacementKind Kind, string Pseudonym)> _names = new(StringComparer.Ordinal);
    private readonly HashSet<string> _brands = new(StringComparer.Ordinal);
    private readonly Regex? _nameRegex;
    private readonly List<(Regex Regex, string Digits, ReplacementKind Kind)> _knownNumbers = [];
    private readonly List<Regex> _knownAddresses = [];

    public Anonymiser(AnonymisationInput input)
    {
        _input = input;
        AddOrganisations(input.Parties.Where(p => p.Nature == PartyNature.Organisation).Select(p => p.Name));
        AddPeople([.. input.Parties.Where(p => p.Nature == PartyNature.Person).Select(p => p.Name), .. input.OtherPeople]);
        if (_names.Count > 0)
        {
            // One alternation, longest variant first, so 张小华 wins over 小华 at the same place.
            var alternatives = _names.Keys.OrderByDescending(k => k.Length).ThenBy(k => k, StringComparer.Ordinal)
                .Select(k => _brands.Contains(k) ? SpacedPattern(k) + PlaceWords : SpacedPattern(k));
            _nameRegex = new Regex(string.Join("|", alternatives), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2));
        }

        foreach (var party in input.Parties)
        {
            AddKnownNumber(party.IdNumber, ReplacementKind.IdNumber);
            AddKnownNumber(party.Phone, ReplacementKind.Phone);
        }

        foreach (var address in input.Addresses.Where(a => !string.IsNullOrWhiteSpace(a) && Squeeze(a).Length >= 4).OrderByDescending(a => a.Length))
        {
            _knownAddresses.Add(new Regex(SpacedPattern(Squeeze(address)), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2)));
        }
    }

    /// <summary>The pseudonym given to a name of the input (张小华 → 张某), or null when it is not one of its names.</summary>
    public string? PseudonymOf(string name) => _names.TryGetValue(Squeeze(name), out var n) ? n.Pseudonym : null;

    public AnonymisedText Anonymise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return new AnonymisedText(text ?? "", []);
        }

        var found = new List<Replacement>();
        var work = NormalizeDigits(text);
        foreach (var (regex, _, kind) in _knownNumbers)
        {
            work = Replace(work, regex, found, _ => (kind, Hidden));
        }

        work = Replace(work, EmailPattern(), found, _ => (ReplacementKind.Email, Hidden));
        work = Replace(work, BracketedLandlinePattern(), found, _ => (ReplacementKind.Phone, Hidden));
        work = ReplaceNumbers(work, found);
        work = Replace(work, PlatePattern(), found, _ => (ReplacementKind.PlateNumber, Hidden));
        foreach (var regex in _knownAddresses)
        {
            work = Replace(work, regex, found, _ => (ReplacementKind.Address, _input.VillageName));
        }

        work = Replace(work, RoadNumberPattern(), found, _ => (ReplacementKind.Address, ""));
        work = Replace(work, UnitChainPattern(), found, m => IsAddressDetail(m.Value) ? (ReplacementKind.Address, "") : null);
        work = Replace(work, VillageGroupPattern(), found, _ => (ReplacementKind.Address, ""));
        if (_nameRegex is not null)
        {
            work = Replace(work, _nameRegex, found, m => _names[Squeeze(m.Value)]);
        }

        return new AnonymisedText(Resolve(work, found), found);
    }

    /// <summary>
    /// The publication guard: what of the parties (names, ID numbers, phones) or any ID number,
    /// mobile number or bank card is still in a text — typically put back by an edit.
    /// </summary>
    public IReadOnlyList<Finding> Check(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return [];
        }

        var work = NormalizeDigits(text);
        var findings = new List<Finding>();
        foreach (var (regex, digits, kind) in _knownNumbers.Where(k => k.Regex.IsMatch(work)))
        {
            findings.Add(new Finding(kind, kind == ReplacementKind.IdNumber ? IdNumber.Mask(digits) : Phone.Mask(digits)));
        }

        foreach (var party in _input.Parties)
        {
            foreach (var form in GuardedForms(party).Where(f => new Regex(SpacedPattern(f), RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2)).IsMatch(work)))
            {
                findings.Add(new Finding(party.Nature == PartyNature.Person ? ReplacementKind.PersonName : ReplacementKind.OrganisationName, form));
            }
        }

        foreach (Match m in NumberPattern().Matches(work))
        {
            if (Classify(m, work) is { } kind && kind is not ReplacementKind.Address)
            {
                var digits = new string([.. m.Value.Where(c => char.IsAsciiDigit(c) || c is 'X' or 'x')]);
                var what = kind == ReplacementKind.IdNumber ? IdNumber.Mask(digits) : Phone.Mask(digits);
                if (!findings.Any(f => f.What == what))
                {
                    findings.Add(new Finding(kind, what));
                }
            }
        }

        return findings.DistinctBy(f => (f.Kind, f.What)).ToList();
    }

    private static IEnumerable<string> GuardedForms(KnownParty party)
    {
        var name = Squeeze(party.Name);
        if (name.Length < 2)
        {
            yield break;
        }

        yield return name;
        if (party.Nature == PartyNature.Person)
        {
            var given = name[SurnameOf(name).Length..];
            if (given.Length >= 2)
            {
                yield return given;
            }
        }
        else
        {
            var withoutPlace = Organisations.WithoutPlace(name);
            if (withoutPlace != name && Organisations.Core(withoutPlace).Length >= 2)
            {
                yield return withoutPlace;
            }
        }
    }

    private void AddOrganisations(IEnumerable<string> names)
    {
        var byPseudonym = new Dictionary<string, int>(StringComparer.Ordinal);
        var organisations = names.Select(Squeeze).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToList();
        var pseudonyms = organisations.Select(Organisations.Pseudonym).ToList();
        for (var i = 0; i < organisations.Count; i++)
        {
            var pseudonym = pseudonyms[i];
            if (pseudonyms.Count(p => p == pseudonym) > 1)
            {
                var index = byPseudonym[pseudonym] = byPseudonym.GetValueOrDefault(pseudonym) + 1;
                pseudonym = Organisations.Insert(pseudonym, Ordinal(index - 1));
            }

            var village = Squeeze(_input.VillageName);
            foreach (var (variant, brand) in Organisations.Variants(organisations[i]).Where(v => !village.Contains(v.Text, StringComparison.Ordinal)))
            {
                if (_names.TryAdd(variant, (ReplacementKind.OrganisationName, pseudonym)) && brand)
                {
                    _brands.Add(variant);
                }
            }
        }
    }

    private void AddPeople(IEnumerable<string> names)
    {
        var people = names.Select(Squeeze).Where(n => n.Length >= 2).Distinct(StringComparer.Ordinal).ToList();
        var bySurname = people.GroupBy(SurnameOf).ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        foreach (var person in people)
        {
            var surname = SurnameOf(person);
            var namesakes = bySurname[surname];
            var pseudonym = namesakes.Count == 1 ? surname + "某" : surname + "某" + Ordinal(namesakes.IndexOf(person));
            _names.TryAdd(person, (ReplacementKind.PersonName, pseudonym));
            foreach (var part in person.Split('·', '•').Where(p => p.Length >= 2 && p != person))
            {
                _names.TryAdd(part, (ReplacementKind.PersonName, pseudonym));
            }

            var given = person[surname.Length..];
            if (given.Length >= 2)
            {
                _names.TryAdd(given, (ReplacementKind.PersonName, pseudonym));
            }
            else if (given.Length == 1)
            {
                _names.TryAdd("阿" + given, (ReplacementKind.PersonName, pseudonym));
                _names.TryAdd("小" + given, (ReplacementKind.PersonName, pseudonym));
            }

            // 老王, 王师傅: with two 王 in the case nobody can tell which, so plain 王某.
            var titled = namesakes.Count == 1 ? pseudonym : surname + "某";
            _names.TryAdd("老" + surname, (ReplacementKind.PersonName, titled));
            if (surname != "于")
            {
                _names.TryAdd("小" + surname, (ReplacementKind.PersonName, titled));
            }

            foreach (var title in s_titles)
            {
                _names.TryAdd(surname + title, (ReplacementKind.PersonName, title == "某某" || title == "姓" ? titled : titled + title));
            }
        }
    }

    private void AddKnownNumber(string? value, ReplacementKind kind)
    {
        var digits = value is null ? "" : new string([.. NormalizeDigits(value).Where(c => char.IsAsciiDigit(c) || c is 'X' or 'x')]).ToUpperInvariant();
        if (digits.Length < 7)
        {
            return;
        }

        // The party's own number in any spacing: 138 1234 5678, 138-1234-5678, 1381234５６７８ (after normalising).
        // A mobile or ID number is specific enough to be found even glued to other digits; a short
        // local number only standing alone.
        var spaced = string.Join(@"[\s\-－—.·]*", digits.Select(c => c == 'X' ? "[Xx×]" : c.ToString()));
        var pattern = digits.Length >= 11 ? spaced : "(?<![0-9])" + spaced + "(?![0-9])";
        _knownNumbers.Add((new Regex(pattern, RegexOptions.CultureInvariant, TimeSpan.FromSeconds(2)), digits, kind));
    }

    private static string SurnameOf(string name) =>
        name.Length > 2 && s_compoundSurnames.Any(s => name.StartsWith(s, StringComparison.Ordinal)) ? name[..2] : name[..1];

    private static string Ordinal(int index) => index < 10 ? "甲乙丙丁戊己庚辛壬癸"[index].ToString() : (index + 1).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private static string Squeeze(string value) => new([.. value.Where(c => !char.IsWhiteSpace(c))]);

    /// <summary>The name with any whitespace allowed between its characters (张 小华, 张　小　华).</summary>
    private static string SpacedPattern(string value) => string.Join(@"\s*", value.Select(c => Regex.Escape(c.ToString())));

    /// <summary>Full-width digits and the check letter as ordinary ones, so one set of patterns sees them.</summary>
    private static string NormalizeDigits(string text)
    {
        var b = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            b.Append(c is >= '０' and <= '９' ? (char)(c - '０' + '0')
                : c is 'Ｘ' or 'ｘ' && i > 0 && (char.IsAsciiDigit(text[i - 1]) || text[i - 1] is >= '０' and <= '９') ? 'X'
                : c);
        }

        return b.ToString();
    }

    private string ReplaceNumbers(string work, List<Replacement> found) =>
        NumberPattern().Replace(work, m => Classify(m, work) is { } kind ? Park(found, new Replacement(kind, m.Value, Hidden)) : m.Value);

    /// <summary>A run of digit groups: an ID number, a bank card, a mobile or fixed-line number — or just a number (null).</summary>
    private static ReplacementKind? Classify(Match m, string text)
    {
        var digits = new string([.. m.Value.Where(char.IsAsciiDigit)]);
        var x = m.Value.EndsWith('X') || m.Value.EndsWith('x');
        return digits.Length switch
        {
            17 when x => ReplacementKind.IdNumber,
            15 or 18 when !x => ReplacementKind.IdNumber,
            >= 16 and <= 19 when !x => ReplacementKind.BankCard,
            11 when digits[0] == '1' && digits[1] is >= '3' and <= '9' => ReplacementKind.Phone,
            13 when digits.StartsWith("86", StringComparison.Ordinal) && digits[2] == '1' => ReplacementKind.Phone,
            >= 10 and <= 12 when digits[0] == '0' => ReplacementKind.Phone,
            7 or 8 when AfterPhoneWord(text, m.Index) => ReplacementKind.Phone,
            _ => null,
        };
    }

    private static bool AfterPhoneWord(string text, int index)
    {
        var before = text[Math.Max(0, index - 8)..index];
        return before.Contains("电话", StringComparison.Ordinal) || before.Contains("手机", StringComparison.Ordinal) || before.Contains("座机", StringComparison.Ordinal)
            || before.Contains("联系", StringComparison.Ordinal) || before.Contains("号码", StringComparison.Ordinal) || before.Contains("tel", StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>A single 3号 is often a date (3月3号) or a count; a building, unit or room number, or a chain of them, is an address.</summary>
    private static bool IsAddressDetail(string value)
    {
        if (value.Contains('-', StringComparison.Ordinal) && DashRoomPattern().IsMatch(value))
        {
            return true;
        }

        var units = UnitPattern().Matches(value);
        return units.Count >= 2 || (units.Count == 1 && char.IsAsciiDigit(value.TrimStart()[0]) && units[0].Groups["u"].Value is "栋" or "幢" or "单元" or "室" or "号楼" or "号院" or "弄");
    }

    private static string Replace(string work, Regex regex, List<Replacement> found, Func<Match, (ReplacementKind Kind, string Replacement)?> replace) =>
        regex.Replace(work, m => replace(m) is { } r ? Park(found, new Replacement(r.Kind, m.Value, r.Replacement)) : m.Value);

    private static string Park(List<Replacement> found, Replacement replacement)
    {
        if (found.Count >= MaxReplacements)
        {
            throw new InvalidOperationException("Too many replacements in one text.");
        }

        found.Add(replacement with { Original = Resolve(replacement.Original, found) });
        return $"{MarkOpen}{(char)(MarkBase + found.Count - 1)}{MarkClose}";
    }

    private static string Resolve(string work, List<Replacement> found) =>
        MarkerPattern().Replace(work, m => found[m.Groups[1].Value[0] - MarkBase].Text);

    [GeneratedRegex("\uE000(.)\uE001")]
    private static partial Regex MarkerPattern();

    [GeneratedRegex(@"(?<![0-9A-Za-z])\d{3,}(?:[ \u3000\-－—]\d{3,})*(?:[ \u3000\-－—]?[Xx×])?(?![0-9A-Za-z])")]
    private static partial Regex NumberPattern();

    [GeneratedRegex(@"[（(]\s*0\d{2,3}\s*[)）]\s*-?\s*\d{7,8}(?!\d)")]
    private static partial Regex BracketedLandlinePattern();

    [GeneratedRegex(@"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")]
    private static partial Regex EmailPattern();

    [GeneratedRegex(@"[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼][A-HJ-NP-Za-hj-np-z]\s?[·•.]?\s?[A-HJ-NP-Za-hj-np-z0-9]{5,6}(?![A-Za-z0-9])")]
    private static partial Regex PlatePattern();

    /// <summary>龙眠路88号, 六尺巷12号: the number goes, the road stays.</summary>
    [GeneratedRegex(@"(?<=[路街巷道])\s*\d+\s*(?:-\s*\d+\s*)?号(?:院|楼)?")]
    private static partial Regex RoadNumberPattern();

    /// <summary>3栋2单元501室, 5号楼, 3-2-501室: building, unit and room numbers.</summary>
    [GeneratedRegex(@"(?<![月\d一二三四五六七八九十百零〇两])(?:[\d一二三四五六七八九十百零〇两]+\s*(?:号楼|号院|栋|幢|座|单元|楼|层|室|号|弄)[\s\-－]*)+|\d{1,3}-\d{1,2}-\d{3,4}室?")]
    private static partial Regex UnitChainPattern();

    [GeneratedRegex(@"[\d一二三四五六七八九十百零〇两]+\s*(?<u>号楼|号院|栋|幢|座|单元|楼|层|室|号|弄)")]
    private static partial Regex UnitPattern();

    [GeneratedRegex(@"^\d{1,3}-\d{1,2}-\d{3,4}室?$")]
    private static partial Regex DashRoomPattern();

    /// <summary>西苑村3组, 第二村民组: the group inside the village goes.</summary>
    [GeneratedRegex(@"(?<=(?:村|社区|居委会|队))\s*(?:第)?[\d一二三四五六七八九十]+\s*(?:村民)?(?:小)?组")]
    private static partial Regex VillageGroupPattern();
}
