using System.Globalization;
using System.Text;
using Concord.Domain.Cases;
using Concord.Domain.Search;

namespace Concord.Domain.Triage;

/// <summary>
/// What intake suggests for a narrative: the category, how sure (posterior, 0..1), the words
/// that decided it against the runner-up, and the next three categories (best first).
/// The clerk confirms or overrides it (<see cref="CategoryChoice"/>).
/// </summary>
public sealed record CategorySuggestion(
    string CategoryCode,
    double Confidence,
    IReadOnlyList<string> Evidence,
    IReadOnlyList<(string Code, double Confidence)> Alternatives)
{
    public string CategoryName => Categories.NameOf(CategoryCode);

    /// <summary>建议类别：物业（置信度 86%），依据：物业费、业主、小区</summary>
    public string Explain =>
        $"建议类别：{CategoryName}（置信度 {Percent(Confidence)}）" + (Evidence.Count > 0 ? $"，依据：{string.Join("、", Evidence)}" : "");

    internal static string Percent(double p) => Math.Round(p * 100).ToString("0", CultureInfo.InvariantCulture) + "%";
}

/// <summary>One labelled narrative of the embedded set; <see cref="HeldOut"/> rows are never trained on.</summary>
public sealed record LabelledNarrative(string CategoryCode, string Text, bool HeldOut);

/// <summary>Held-out figures for one category.</summary>
public sealed record CategoryScore(string Code, int Support, int Predicted, int Correct)
{
    public double Precision => Predicted == 0 ? 0 : (double)Correct / Predicted;

    public double Recall => Support == 0 ? 0 : (double)Correct / Support;
}

public sealed record ClassifierEvaluation(
    int TrainingSize,
    int TestSize,
    double Accuracy,
    double MeanConfidence,
    IReadOnlyList<CategoryScore> PerCategory,
    IReadOnlyList<(string Actual, string Predicted, int Count)> Confusions);

/// <summary>
/// Suggests a dispute category (§6) from the intake narrative: multinomial naive Bayes with
/// Laplace smoothing over <see cref="CjkTokens.ForDocument"/> tokens (bigrams count fully,
/// single characters half), plus a small list of keyword priors per category. The default
/// model is trained on the training part of the embedded narratives (every fifth data row
/// is held out; see docs/triage.md) on first use, once, thread-safely, in a few milliseconds.
/// </summary>
public sealed class CategoryClassifier
{
    public const string ResourceName = "Concord.Domain.Triage.narratives.tsv";

    /// <summary>Weight of a single CJK character relative to a bigram or a Latin word.</summary>
    public const double UnigramWeight = 0.5;

    /// <summary>Laplace (additive) smoothing constant.</summary>
    public const double Alpha = 0.3;

    /// <summary>Pseudo-count a keyword prior adds to each of its bigrams in its category.</summary>
    public const double KeywordPriorWeight = 3;

    /// <summary>
    /// Naive Bayes treats overlapping unigrams and bigrams as independent evidence and is
    /// overconfident; log-scores are divided by this before the softmax so that the mean
    /// confidence on held-out narratives is close to the accuracy.
    /// </summary>
    public const double Temperature = 4;

    /// <summary>
    /// Words that mark a category whatever the phrasing; they steady the model on wordings the
    /// training narratives lack. Configuration in spirit: extend it with the county's own words.
    /// </summary>
    public static IReadOnlyDictionary<string, string[]> KeywordPriors { get; } = new Dictionary<string, string[]>(StringComparer.Ordinal)
    {
        ["01"] = ["离婚", "婚姻", "夫妻", "丈夫", "妻子", "赡养", "抚养", "彩礼", "婆媳", "遗产", "继承", "子女", "儿媳", "探望", "家暴"],
        ["02"] = ["邻居", "楼上", "楼下", "噪音", "楼道", "采光", "排水", "过道", "积怨", "院墙", "对门"],
        ["03"] = ["宅基地", "房屋", "界址", "建房", "翻建", "老宅", "房产", "过户", "界桩", "屋基", "山墙", "地基"],
        ["04"] = ["山林", "林权", "承包地", "责任田", "耕地", "林地", "流转", "田埂", "荒山", "自留地", "延包", "山场", "林木", "土地"],
        ["05"] = ["征收", "征地", "拆迁", "安置", "补偿款", "过渡费", "评估", "强拆", "安置房", "迁坟", "棚户区"],
        ["06"] = ["工资", "工钱", "劳动", "工伤", "社保", "加班", "辞退", "用人单位", "离职", "农民工", "包工头", "入职", "经济补偿", "试用期"],
        ["07"] = ["物业", "物业公司", "业主", "小区", "物业费", "电梯", "业委会", "维修资金", "车位", "门禁", "保洁", "公摊"],
        ["08"] = ["医院", "手术", "医生", "诊所", "卫生院", "误诊", "病历", "治疗", "术后", "医疗", "鉴定", "住院", "护理"],
        ["09"] = ["交通", "撞倒", "驾驶", "交警", "事故", "保险", "轿车", "货车", "电动车", "追尾", "剐蹭", "逃逸", "责任认定"],
        ["10"] = ["购买", "退货", "退款", "商家", "消费", "买的", "售后", "三包", "会员卡", "年卡", "推销", "假货", "质量"],
        ["11"] = ["合同", "货款", "合伙", "供应", "加盟", "工程款", "租金", "定金", "违约", "采购", "购销", "代理", "股东", "分红"],
        ["12"] = ["借款", "借条", "欠条", "借给", "还款", "利息", "借了", "还钱", "欠款", "担保", "催债", "网贷"],
        ["13"] = ["赔偿", "受伤", "砸伤", "咬伤", "摔倒", "打伤", "损失", "砸坏", "轻微伤", "医疗费"],
        ["14"] = ["污染", "排污", "废水", "粉尘", "噪声", "油烟", "臭气", "废气", "扬尘", "排放", "环评", "焚烧", "固废", "污水"],
        ["15"] = ["村委会", "村干部", "村务", "低保", "集体", "村民代表", "换届", "公开", "账目", "分红", "村两委", "补贴", "村集体"],
        ["99"] = ["网上", "微信群", "辱骂", "造谣", "捡到", "族谱", "祠堂", "彩票", "打赏", "户口", "广场舞", "学校"],
    };

    private static readonly Lazy<IReadOnlyList<LabelledNarrative>> s_dataset = new(LoadDataset, LazyThreadSafetyMode.ExecutionAndPublication);

    private static readonly Lazy<CategoryClassifier> s_default =
        new(() => new CategoryClassifier(Dataset.Where(n => !n.HeldOut)), LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Words of any narrative that may tip the balance but explain nothing to a clerk.</summary>
    private static readonly HashSet<string> s_notEvidence = new(
        ["现在", "一家", "里的", "都不", "开的", "不肯", "家的", "自己", "对方", "要求", "反映", "多次", "已经", "没有", "一直", "认为", "表示",
         "希望", "情况", "双方", "申请", "请求", "中心", "窗口", "调解", "调委", "诉求", "协商", "无果", "来访", "来电", "电称",
         "工单", "转办", "网格", "格员", "上报", "联户", "户长", "登记", "据", "了解", "初步", "说自", "找过", "好几", "几次", "结果", "帮忙",
         "情绪", "比较", "激动", "一个", "不是", "的人", "了一", "说是", "之后", "以后", "时候", "他们", "我们", "这个", "那个", "一些", "两人"],
        StringComparer.Ordinal);

    private static readonly string[] s_lexicon = [.. KeywordPriors.Values.SelectMany(w => w).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];

    private readonly string[] _codes;
    private readonly double[] _logPrior;
    private readonly Dictionary<string, double[]> _logLikelihood;

    /// <summary>Trains a model on the given narratives (held-out flags are ignored).</summary>
    public CategoryClassifier(IEnumerable<LabelledNarrative> training)
    {
        ArgumentNullException.ThrowIfNull(training);
        var rows = training.ToList();
        _codes = [.. rows.Select(r => r.CategoryCode).Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)];
        var index = _codes.Select((c, i) => (c, i)).ToDictionary(x => x.c, x => x.i, StringComparer.Ordinal);
        var docs = new int[_codes.Length];
        var totals = new double[_codes.Length];
        var counts = new Dictionary<string, double[]>(StringComparer.Ordinal);

        void Add(string token, int category, double weight)
        {
            if (!counts.TryGetValue(token, out var perCategory))
            {
                perCategory = new double[_codes.Length];
                counts[token] = perCategory;
            }

            perCategory[category] += weight;
            totals[category] += weight;
        }

        foreach (var row in rows)
        {
            var c = index[row.CategoryCode];
            docs[c]++;
            foreach (var token in Tokens(row.Text))
            {
                Add(token, c, Weight(token));
            }
        }

        foreach (var (code, words) in KeywordPriors)
        {
            if (!index.TryGetValue(code, out var c))
            {
                continue;
            }

            foreach (var token in words.SelectMany(w => Tokens(w)).Where(t => t.Length == 2).Distinct(StringComparer.Ordinal))
            {
                Add(token, c, KeywordPriorWeight);
            }
        }

        _logPrior = [.. docs.Select(d => Math.Log((double)d / rows.Count))];
        var vocabulary = counts.Count;
        _logLikelihood = new Dictionary<string, double[]>(vocabulary, StringComparer.Ordinal);
        foreach (var (token, perCategory) in counts)
        {
            var logs = new double[_codes.Length];
            for (var c = 0; c < _codes.Length; c++)
            {
                logs[c] = Math.Log((perCategory[c] + Alpha) / (totals[c] + (Alpha * vocabulary)));
            }

            _logLikelihood[token] = logs;
        }
    }

    /// <summary>The model trained on the training part of the embedded narratives.</summary>
    public static CategoryClassifier Default => s_default.Value;

    /// <summary>The embedded labelled narratives, in file order, with the held-out flag set on every fifth data row.</summary>
    public static IReadOnlyList<LabelledNarrative> Dataset => s_dataset.Value;

    /// <summary>The suggestion for a narrative, or null when there is nothing to go on.</summary>
    public CategorySuggestion? Suggest(string? narrative)
    {
        if (string.IsNullOrWhiteSpace(narrative))
        {
            return null;
        }

        var tokens = Tokens(narrative).Where(_logLikelihood.ContainsKey).ToList();
        if (tokens.Count == 0)
        {
            return null;
        }

        var scores = (double[])_logPrior.Clone();
        foreach (var token in tokens)
        {
            var logs = _logLikelihood[token];
            var w = Weight(token);
            for (var c = 0; c < scores.Length; c++)
            {
                scores[c] += w * logs[c];
            }
        }

        var max = scores.Max();
        var exp = scores.Select(s => Math.Exp((s - max) / Temperature)).ToArray();
        var sum = exp.Sum();
        var ranked = Enumerable.Range(0, _codes.Length)
            .Select(c => (Index: c, Posterior: exp[c] / sum))
            .OrderByDescending(x => x.Posterior)
            .ThenBy(x => _codes[x.Index], StringComparer.Ordinal)
            .ToList();

        var winner = ranked[0].Index;
        var runnerUp = ranked.Count > 1 ? ranked[1].Index : winner;
        var evidence = Evidence(narrative, tokens, winner, runnerUp);
        var alternatives = ranked.Skip(1).Take(3).Select(x => (_codes[x.Index], x.Posterior)).ToList();
        return new CategorySuggestion(_codes[winner], ranked[0].Posterior, evidence, alternatives);
    }

    /// <summary>Accuracy, confidence and per-category precision/recall of the default model on the held-out rows.</summary>
    public static ClassifierEvaluation Evaluate()
    {
        var test = Dataset.Where(n => n.HeldOut).ToList();
        var model = Default;
        var predictions = test.Select(n => (n.CategoryCode, Suggestion: model.Suggest(n.Text))).ToList();
        var predicted = predictions.Select(p => (Actual: p.CategoryCode, Predicted: p.Suggestion?.CategoryCode ?? "")).ToList();
        var perCategory = Categories.All.Select(c => new CategoryScore(
            c.Code,
            predicted.Count(p => p.Actual == c.Code),
            predicted.Count(p => p.Predicted == c.Code),
            predicted.Count(p => p.Actual == c.Code && p.Predicted == c.Code))).ToList();
        var confusions = predicted.Where(p => p.Actual != p.Predicted)
            .GroupBy(p => p)
            .Select(g => (g.Key.Actual, g.Key.Predicted, g.Count()))
            .OrderByDescending(x => x.Item3).ThenBy(x => x.Actual, StringComparer.Ordinal).ThenBy(x => x.Predicted, StringComparer.Ordinal)
            .ToList();
        return new ClassifierEvaluation(
            Dataset.Count - test.Count,
            test.Count,
            (double)predicted.Count(p => p.Actual == p.Predicted) / test.Count,
            predictions.Average(p => p.Suggestion?.Confidence ?? 0),
            perCategory,
            confusions);
    }

    /// <summary>A plain-text report of <see cref="Evaluate"/> for docs/triage.md.</summary>
    public static string AccuracyReport()
    {
        var e = Evaluate();
        var inv = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(inv, $"training narratives: {e.TrainingSize}, held-out narratives: {e.TestSize}");
        sb.AppendLine(inv, $"held-out accuracy: {e.Accuracy:P1} ({Math.Round(e.Accuracy * e.TestSize)}/{e.TestSize}); mean confidence: {e.MeanConfidence:P1}");
        sb.AppendLine("| code | category | support | precision | recall |");
        sb.AppendLine("|---|---|---:|---:|---:|");
        foreach (var s in e.PerCategory)
        {
            sb.AppendLine(inv, $"| {s.Code} | {Categories.NameOf(s.Code)} | {s.Support} | {s.Precision:P0} | {s.Recall:P0} |");
        }

        sb.AppendLine("confusions (actual → predicted × count):");
        foreach (var (actual, predicted, count) in e.Confusions)
        {
            sb.AppendLine(inv, $"  {actual} {Categories.NameOf(actual)} → {predicted} {Categories.NameOf(predicted)} × {count}");
        }

        return sb.ToString();
    }

    /// <summary>
    /// The narrative's words that most favour the winner over the runner-up, by weighted
    /// log-likelihood ratio: lexicon words (<see cref="KeywordPriors"/>) found in the text score
    /// the sum of their bigrams (物业 + 业费 → 物业费); other bigrams stand for themselves unless
    /// they are a fragment overlapping a word already chosen (物业 + 业公); single characters only
    /// when fewer than three words were found.
    /// </summary>
    private List<string> Evidence(string narrative, List<string> tokens, int winner, int runnerUp)
    {
        var gain = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var t in tokens)
        {
            gain[t] = Weight(t) * (_logLikelihood[t][winner] - _logLikelihood[t][runnerUp]);
        }

        var candidates = new List<(string Word, double Gain)>();
        foreach (var word in s_lexicon.Where(w => narrative.Contains(w, StringComparison.Ordinal)))
        {
            var g = Tokens(word).Where(t => t.Length == 2).Sum(t => gain.GetValueOrDefault(t));
            candidates.Add((word, g));
        }

        candidates.AddRange(gain.Where(x => x.Key.Length >= 2).Select(x => (x.Key, x.Value)));
        var chosen = new List<string>();
        foreach (var (word, _) in candidates
                     .Where(c => c.Gain > 0 && !s_notEvidence.Contains(c.Word))
                     .OrderByDescending(c => c.Gain).ThenByDescending(c => c.Word.Length).ThenBy(c => c.Word, StringComparer.Ordinal))
        {
            if (chosen.Count == 5)
            {
                break;
            }

            if (!chosen.Any(w => w.Contains(word, StringComparison.Ordinal) || word.Contains(w, StringComparison.Ordinal) || Overlap(narrative, w, word)))
            {
                chosen.Add(word);
            }
        }

        foreach (var (token, _) in gain.Where(x => x.Key.Length == 1 && x.Value > 0 && !s_notEvidence.Contains(x.Key))
                     .OrderByDescending(x => x.Value).ThenBy(x => x.Key, StringComparer.Ordinal))
        {
            if (chosen.Count >= 3)
            {
                break;
            }

            if (!chosen.Any(w => w.Contains(token, StringComparison.Ordinal)))
            {
                chosen.Add(token);
            }
        }

        return chosen;
    }

    /// <summary>Whether <paramref name="a"/> and <paramref name="b"/> overlap in the text (物业 and 业公 in 物业公司).</summary>
    private static bool Overlap(string text, string a, string b)
    {
        for (var k = 1; k < Math.Min(a.Length, b.Length); k++)
        {
            if ((a.EndsWith(b[..k], StringComparison.Ordinal) && text.Contains(a + b[k..], StringComparison.Ordinal))
                || (b.EndsWith(a[..k], StringComparison.Ordinal) && text.Contains(b + a[k..], StringComparison.Ordinal)))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>
    /// Tokens the model reads: digit runs carry no category, and any token with 某 comes from a
    /// masked name or a placeholder (王某, 某小区) and would only teach the model the names.
    /// </summary>
    private static IEnumerable<string> Tokens(string text) =>
        CjkTokens.ForDocument(text).Where(t => !t.All(char.IsDigit) && !t.Contains('某', StringComparison.Ordinal));

    private static double Weight(string token) => token.Length == 1 ? UnigramWeight : 1.0;

    private static List<LabelledNarrative> LoadDataset()
    {
        using var stream = typeof(CategoryClassifier).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"Embedded resource {ResourceName} is missing.");
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var rows = new List<LabelledNarrative>();
        while (reader.ReadLine() is { } line)
        {
            if (line.Length == 0 || line.StartsWith('#'))
            {
                continue;
            }

            var tab = line.IndexOf('\t', StringComparison.Ordinal);
            if (tab <= 0)
            {
                throw new InvalidDataException($"{ResourceName}: a data row has no tab: {line}");
            }

            rows.Add(new LabelledNarrative(line[..tab], line[(tab + 1)..], rows.Count % 5 == 4));
        }

        return rows;
    }
}
