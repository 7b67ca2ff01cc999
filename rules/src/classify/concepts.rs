//! Normalised concept tables: one concept ("extract", "email", "today", "capital"...) and
//! its synonyms per language (English, Spanish, Portuguese, French, German, Chinese,
//! Japanese, Korean), common typos included (摘出 for 抽出, "data" for "date").
//!
//! Detectors ask for a concept, not a phrase: [`Concept::regex`] compiles every synonym of
//! every language into one pattern. Latin-script synonyms are matched as whole words
//! (`\b..\b`); CJK and Hangul ones anywhere, because those scripts do not separate words
//! and Korean attaches particles (`이메일을`, `주소를`) to the noun. Synonyms are regex
//! fragments over the normalised prompt text (lower case, straight quotes).

use std::sync::LazyLock;

use regex::Regex;

use super::lexicon::re;

/// Synonyms of one concept, per language.
#[derive(Debug, Clone, Copy, Default)]
pub struct Words {
    pub en: &'static [&'static str],
    pub es: &'static [&'static str],
    pub pt: &'static [&'static str],
    pub fr: &'static [&'static str],
    pub de: &'static [&'static str],
    pub zh: &'static [&'static str],
    pub ja: &'static [&'static str],
    pub ko: &'static [&'static str],
}

impl Words {
    fn all(&self) -> impl Iterator<Item = &'static str> {
        [
            self.en, self.es, self.pt, self.fr, self.de, self.zh, self.ja, self.ko,
        ]
        .into_iter()
        .flatten()
        .copied()
    }
}

/// A concept and its compiled pattern.
pub struct Concept {
    pub name: &'static str,
    pub words: Words,
    regex: LazyLock<Regex, fn() -> Regex>,
}

impl Concept {
    pub fn regex(&self) -> &Regex {
        &self.regex
    }
    pub fn is_match(&self, s: &str) -> bool {
        self.regex.is_match(s)
    }
    pub fn find<'h>(&self, s: &'h str) -> Option<regex::Match<'h>> {
        self.regex.find(s)
    }
}

/// Compiles synonyms into one alternation: whole words for Latin script, bare for
/// CJK / Hangul.
pub fn compile(words: &Words) -> Regex {
    let mut latin = Vec::new();
    let mut other = Vec::new();
    for w in words.all() {
        if w.chars().any(is_cjk_or_hangul) {
            other.push(w);
        } else {
            latin.push(w);
        }
    }
    let mut parts = Vec::new();
    if !latin.is_empty() {
        // A Latin word may carry a CJK / Korean particle (`JSON이`, `URLを`): that is a
        // word end too.
        parts.push(format!(
            r"\b(?:{})(?:\b|[\p{{Hangul}}\p{{Han}}\p{{Hiragana}}\p{{Katakana}}])",
            latin.join("|")
        ));
    }
    if !other.is_empty() {
        parts.push(format!("(?:{})", other.join("|")));
    }
    re(&format!("(?:{})", parts.join("|")))
}

pub fn is_cjk_or_hangul(c: char) -> bool {
    matches!(c as u32,
        0x3040..=0x30FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF | 0xF900..=0xFAFF
        | 0x1100..=0x11FF | 0x3130..=0x318F | 0xAC00..=0xD7AF)
}

macro_rules! concept {
    ($(#[$m:meta])* $name:ident = $words:expr) => {
        $(#[$m])*
        pub static $name: Concept = Concept {
            name: stringify!($name),
            words: $words,
            regex: LazyLock::new(|| compile(&$words)),
        };
    };
}

concept!(
    /// Pull things out of text.
    EXTRACT = Words {
        en: &["extract(?:s|ing)?", "pull(?:\\s+out)?", "find", "locate", "list", "identify", "detect", "collect", "capture", "grab", "retrieve", "get", "return", "output", "give\\s+me", "parse(?:\\s+out)?", "fetch", "show\\s+me", "scan\\s+for", "look\\s+for"],
        es: &["extrae", "extraer", "extraiga", "extraé", "saca", "sacar", "encuentra", "encontrar", "obtén", "obtener", "devuelve", "devolver", "lista", "identifica", "busca"],
        pt: &["extraia", "extrair", "extraia-o", "encontre", "encontrar", "liste", "listar", "retorne", "retornar", "devolva", "obtenha", "identifique", "busque", "pegue"],
        fr: &["extrais", "extraire", "extrayez", "extrait", "trouve", "trouvez", "trouver", "récupère", "récupérez", "renvoie", "renvoyez", "retourne", "retournez", "liste", "listez", "identifie", "identifiez", "relève", "relevez"],
        de: &["extrahiere", "extrahieren", "extrahiert", "finde", "finden", "ermittle", "ermitteln", "gib", "geben", "liefere", "nenne", "listet?", "liste\\s+auf", "herausziehen", "zieh", "suche", "heraussuchen", "heraus"],
        zh: &["提取", "抽取", "摘出", "找出", "列出", "获取", "识别", "取出", "找到", "提出"],
        ja: &["抽出", "摘出", "取り出", "見つけ", "探し", "列挙", "抜き出", "抜き取"],
        ko: &["추출", "뽑아", "찾아", "찾으", "골라", "가져와", "나열"],
    }
);

concept!(
    /// Email addresses.
    EMAIL = Words {
        en: &["e-?mails?(?:\\s+address(?:es)?)?", "email\\s+ids?"],
        es: &["correos?(?:\\s+electr[oó]nicos?)?", "direcci(?:ón|on|ones)\\s+de\\s+correo"],
        pt: &["e-?mails?", "endereços?\\s+de\\s+e-?mail", "correio\\s+eletr[oô]nico"],
        fr: &["courriels?", "adresses?\\s+(?:e-?mail|mail|électroniques?)"],
        de: &["e-mail-adressen?", "mailadressen?", "e-mails?"],
        zh: &["邮箱", "电子邮件", "邮件地址", "电子邮箱", "郵箱"],
        ja: &["メールアドレス", "メアド", "電子メール"],
        ko: &["이메일", "메일\\s*주소", "전자\\s*우편"],
    }
);

concept!(
    /// Web addresses and links.
    URL = Words {
        en: &["urls?", "links?", "hyperlinks?", "web\\s+address(?:es)?", "website\\s+address(?:es)?"],
        es: &["enlaces?", "v[ií]nculos?"],
        pt: &["links?", "endereços?\\s+web"],
        fr: &["liens?", "adresses?\\s+web"],
        de: &["links?", "verlinkungen?", "webadressen?"],
        zh: &["链接", "网址", "網址", "超链接"],
        ja: &["url", "ｕｒｌ", "リンク"],
        ko: &["링크", "url", "웹\\s*주소"],
    }
);

concept!(
    /// Phone numbers.
    PHONE = Words {
        en: &["phone(?:\\s+numbers?)?", "telephone(?:\\s+numbers?)?", "mobile(?:\\s+numbers?)", "cell(?:\\s+phone)?\\s+numbers?"],
        es: &["tel[eé]fonos?", "n[uú]meros?\\s+de\\s+tel[eé]fono", "celular(?:es)?", "m[oó]vil(?:es)?"],
        pt: &["telefones?", "n[uú]meros?\\s+de\\s+telefone", "celular(?:es)?"],
        fr: &["t[eé]l[eé]phones?", "num[eé]ros?\\s+de\\s+t[eé]l[eé]phone", "portables?"],
        de: &["telefonnummern?", "handynummern?", "rufnummern?", "telefon"],
        zh: &["电话", "手机号", "电话号码", "手機", "联系电话"],
        ja: &["電話番号", "携帯番号"],
        ko: &["전화\\s*번호", "휴대폰\\s*번호", "핸드폰\\s*번호"],
    }
);

concept!(
    /// "Today", "now", "current".
    TODAY = Words {
        en: &["today", "today's", "todays", "now", "right\\s+now", "current(?:ly)?", "at\\s+the\\s+moment"],
        es: &["hoy", "actual(?:mente)?", "ahora"],
        pt: &["hoje", "hj", "atual(?:mente)?", "agora"],
        fr: &["aujourd'hui", "actuel(?:le)?", "maintenant"],
        de: &["heute", "heutige[nsr]?", "aktuelle?[nsr]?", "jetzt", "gerade"],
        zh: &["今天", "今日", "现在", "目前", "当前"],
        ja: &["今日", "本日", "現在", "今"],
        ko: &["오늘", "지금", "현재"],
    }
);

concept!(
    /// What a current-date question asks for: the date, day, time, year... ("data" is a
    /// common English typo and the Portuguese word).
    DATE_PART = Words {
        en: &["date", "data\\s+and\\s+time", "day", "time", "year", "month", "weekday", "day\\s+of\\s+the\\s+week", "datetime"],
        es: &["fecha", "d[ií]a", "hora", "año", "mes"],
        pt: &["a\\s+data", "dia", "hora", "hor[aá]rio", "ano", "m[eê]s"],
        fr: &["date", "jour", "heure", "ann[eé]e", "mois"],
        de: &["datum", "tag", "uhrzeit", "jahr", "monat", "wochentag"],
        zh: &["日期", "几号", "幾號", "星期几", "几月", "时间", "哪天", "哪一天", "几点", "哪年", "周几"],
        ja: &["日付", "何日", "何曜日", "曜日", "何時", "何年", "何月"],
        ko: &["날짜", "며칠", "요일", "몇\\s*시", "몇\\s*년", "몇\\s*월"],
    }
);

concept!(
    /// A question word or a "tell me" request.
    ASK = Words {
        en: &["what", "what's", "whats", "which", "tell\\s+me", "give\\s+me", "do\\s+you\\s+know"],
        es: &["qu[eé]", "cu[aá]l", "dime", "d[ií]game"],
        pt: &["qual", "que", "diga", "me\\s+diga"],
        fr: &["quel(?:le)?s?", "dis-moi", "donne-moi", "sommes-nous"],
        de: &["welche[rsnm]?", "was\\s+ist", "wie\\s+(?:viel|sp[aä]t|ist)", "sag\\s+mir", "haben\\s+wir"],
        zh: &["什么", "几", "哪", "吗", "多少", "告诉我"],
        ja: &["何", "ですか", "教えて", "いつ"],
        ko: &["무엇", "뭐", "몇", "어디", "인가요", "알려", "무슨", "언제"],
    }
);

concept!(
    /// A country's capital city.
    CAPITAL = Words {
        en: &["capital(?:\\s+city)?"],
        es: &["capital"],
        pt: &["capital"],
        fr: &["capitale"],
        de: &["hauptstadt"],
        zh: &["首都", "首府"],
        ja: &["首都"],
        ko: &["수도"],
    }
);

concept!(
    /// Work out a number.
    CALCULATE = Words {
        en: &["calculate", "compute", "evaluate", "solve", "work\\s+out", "what\\s+is", "what's", "whats", "how\\s+much\\s+is", "result\\s+of"],
        es: &["calcula", "calcular", "calcule", "resuelve", "cu[aá]nto\\s+es", "cu[aá]nto\\s+da", "cu[aá]l\\s+es", "resultado\\s+de", "(?:la\\s+)?suma\\s+de"],
        pt: &["calcule", "calcular", "calcula", "resolva", "quanto\\s+[eé]", "quanto\\s+d[aá]", "qual\\s+[eé]", "resultado\\s+de", "(?:a\\s+)?soma\\s+de"],
        fr: &["calcule", "calculez", "calculer", "combien\\s+(?:font|fait)", "quel(?:le)?\\s+est", "r[eé]sultat\\s+de", "r[eé]sous"],
        de: &["berechne", "berechnen", "rechne", "wie\\s*viel\\s+ist", "was\\s+ist", "ergebnis\\s+von"],
        zh: &["计算", "算一下", "等于多少", "是多少", "等于几", "多少", "是几", "得几"],
        ja: &["計算", "いくつ", "は何", "答えは"],
        ko: &["계산", "얼마", "몇이"],
    }
);

concept!(
    /// "add these", "sum".
    ADD_UP = Words {
        en: &["add\\s+(?:these|them|those|up|all|the\\s+following|together)", "sum(?:\\s+of)?", "total\\s+of", "add\\s+the\\s+(?:numbers|values|following)"],
        es: &["suma", "sumar", "suma\\s+estos"],
        pt: &["some\\s+(?:os|as|estes|estas|esses|todos)", "somar", "soma\\s+d[eoa]s?"],
        fr: &["additionne", "additionnez", "somme"],
        de: &["addiere", "summiere", "summe"],
        zh: &["求和", "加起来", "相加", "总和"],
        ja: &["合計", "足して", "足し算"],
        ko: &["더해", "합계", "합을"],
    }
);

concept!(
    /// Count how many.
    COUNT = Words {
        en: &["count", "how\\s+many", "number\\s+of"],
        es: &["cuenta", "contar", "cu[aá]nt[oa]s"],
        pt: &["conte", "contar", "quant[oa]s"],
        fr: &["compte", "comptez", "compter", "combien\\s+de", "nombre\\s+de"],
        de: &["z[aä]hle", "z[aä]hlen", "wie\\s+viele", "anzahl"],
        zh: &["统计", "数一下", "多少个", "多少", "几个"],
        ja: &["数え", "いくつ", "何個", "何文字", "文字数", "単語数"],
        ko: &["세어", "세고", "몇\\s*개", "개수", "수를"],
    }
);

concept!(
    /// Words as the unit counted.
    WORD_UNIT = Words {
        en: &["words?"],
        es: &["palabras?"],
        pt: &["palavras?"],
        fr: &["mots?"],
        de: &["w[oö]rter", "wort"],
        zh: &["单词", "词"],
        ja: &["単語"],
        ko: &["단어"],
    }
);

concept!(
    /// Characters or letters as the unit counted.
    CHAR_UNIT = Words {
        en: &["characters?", "chars", "letters?"],
        es: &["caracteres", "letras?"],
        pt: &["caracteres", "letras?"],
        fr: &["caract[eè]res", "lettres?"],
        de: &["zeichen", "buchstaben"],
        zh: &["字符", "字数", "个字", "字母"],
        ja: &["文字"],
        ko: &["글자", "문자"],
    }
);

concept!(
    /// Valid / well-formed.
    VALID = Words {
        en: &["valid", "invalid", "well[- ]formed", "properly\\s+formatted", "correctly\\s+formatted"],
        es: &["v[aá]lid[oa]s?", "inv[aá]lid[oa]s?"],
        pt: &["v[aá]lid[oa]s?", "inv[aá]lid[oa]s?"],
        fr: &["valides?", "invalides?"],
        de: &["g[uü]ltig\\w*", "ung[uü]ltig\\w*"],
        zh: &["有效", "合法", "格式正确"],
        ja: &["有効", "正しい形式"],
        ko: &["유효", "올바른\\s*형식", "형식이\\s*맞"],
    }
);

concept!(
    /// "Answer yes or no."
    YES_NO = Words {
        en: &["yes\\s*(?:or|/|\\|)\\s*no", "no\\s*(?:or|/)\\s*yes"],
        es: &["s[ií]\\s*(?:o|/)\\s*no"],
        pt: &["sim\\s*(?:ou|/)\\s*n[aã]o"],
        fr: &["oui\\s*(?:ou|/)\\s*non"],
        de: &["ja\\s*(?:oder|/)\\s*nein"],
        zh: &["是\\s*(?:或|/|还是)\\s*否", "是或不是"],
        ja: &["はい\\s*(?:か|/|または)\\s*いいえ"],
        ko: &["예\\s*(?:또는|/|혹은|나)\\s*아니오", "네\\s*(?:또는|/|혹은)\\s*아니(?:오|요)"],
    }
);

concept!(
    /// "Answer true or false."
    TRUE_FALSE = Words {
        en: &["true\\s*(?:or|/|\\|)\\s*false", "false\\s*(?:or|/)\\s*true", "valid\\s*(?:or|/)\\s*invalid"],
        es: &["verdadero\\s*(?:o|/)\\s*falso"],
        pt: &["verdadeiro\\s*(?:ou|/)\\s*falso"],
        fr: &["vrai\\s*(?:ou|/)\\s*faux"],
        de: &["wahr\\s*(?:oder|/)\\s*falsch"],
        zh: &["真\\s*(?:或|/)\\s*假"],
        ja: &["真\\s*(?:か|/)\\s*偽"],
        ko: &["참\\s*(?:또는|/|혹은)\\s*거짓"],
    }
);

concept!(
    /// "Only", "nothing else".
    ONLY = Words {
        en: &["only", "just", "nothing\\s+else", "no\\s+(?:other\\s+)?(?:text|explanation|commentary|prose)"],
        es: &["solo", "sólo", "únicamente", "nada\\s+m[aá]s"],
        pt: &["apenas", "somente", "só", "nada\\s+mais"],
        fr: &["seulement", "uniquement", "rien\\s+d'autre"],
        de: &["nur", "sonst\\s+nichts"],
        zh: &["只", "仅"],
        ja: &["のみ", "だけ"],
        ko: &["만\\s", "만$", "만을", "만\\s*(?:답|출력|반환|작성)"],
    }
);

concept!(
    /// Summarise. The English noun "resume" (a CV) is not a synonym: the Spanish,
    /// Portuguese and French verbs are listed in their imperative / infinitive forms.
    SUMMARISE = Words {
        en: &["summar(?:y|ies|ize|ise|izing|ising|ized)", "tl;?dr"],
        es: &["resume\\s+(?:el|la|los|las|este|esta|estos|estas|en|brevemente)", "resumen", "resumir", "res[uú]melo"],
        pt: &["resuma", "resumir", "resumo", "sintetize"],
        fr: &["r[eé]sume[sz]?\\s+(?:le|la|les|ce|cet|cette|ces|en)", "r[eé]sumer", "synth[eé]tise"],
        de: &["zusammenfass\\w*", "fasse\\s+.{0,60}zusammen"],
        zh: &["总结", "摘要", "概括", "归纳"],
        ja: &["要約", "まとめ"],
        ko: &["요약"],
    }
);

concept!(
    /// Translate free text.
    TRANSLATE = Words {
        en: &["translat\\w+"],
        es: &["traduc\\w*", "traduzca"],
        pt: &["traduz\\w*"],
        fr: &["tradui\\w*", "traduction"],
        de: &["[uü]bersetz\\w*"],
        zh: &["翻译", "翻譯", "译成"],
        ja: &["翻訳", "訳して"],
        ko: &["번역"],
    }
);

concept!(
    /// Write prose.
    WRITE = Words {
        en: &["write\\s+(?:a|an|me|some)", "draft", "compose"],
        es: &["escribe", "redacta"],
        pt: &["escreva", "redija", "elabore"],
        fr: &["[eé]cri[st]", "[eé]crivez", "r[eé]dige[sz]?"],
        de: &["schreib\\w*", "verfass\\w*"],
        zh: &["写一", "写封", "撰写", "帮我写"],
        ja: &["書いて", "作成して", "書き"],
        ko: &["작성", "써\\s*줘", "써\\s*주세요"],
    }
);

concept!(
    /// Sentiment, tone, emotion of free text.
    SENTIMENT = Words {
        en: &["sentiment", "tone", "mood", "emotions?"],
        es: &["sentimiento", "tono", "emoci[oó]n"],
        // Not "tom" / "ton" alone: an English name and a unit.
        pt: &["sentimento", "o\\s+tom", "emo[cç][aã]o", "satisfeit[oa]"],
        fr: &["sentiment", "(?:le|du|au)\\s+ton", "[eé]motion", "sarcastique", "m[eé]content"],
        de: &["stimmung", "(?:der|den|im)\\s+ton", "gef[uü]hl", "ver[aä]rgert", "zufrieden"],
        zh: &["情感", "情绪", "正面还是负面", "语气"],
        ja: &["感情", "ポジティブ", "ネガティブ", "口調"],
        ko: &["감정", "긍정", "부정", "어조"],
    }
);

concept!(
    /// Live data: the answer changes with the world (weather, news, rates, quotes).
    LIVE_DATA = Words {
        en: &["stock\\s+prices?", "share\\s+prices?", "exchange\\s+rates?", "weather", "forecast", "news", "headlines", "market\\s+(?:price|cap|data)", "live\\s+(?:data|price|rate|score)s?", "trending", "stock\\s+quotes?"],
        es: &["tipo\\s+de\\s+cambio", "cotizaci[oó]n", "clima", "pron[oó]stico", "noticias"],
        pt: &["cota[cç][aã]o", "c[aâ]mbio", "previs[aã]o\\s+do\\s+tempo", "clima", "not[ií]cias"],
        fr: &["taux\\s+de\\s+change", "m[eé]t[eé]o", "actualit[eé]s", "cours\\s+de\\s+l'action"],
        de: &["aktienkurs", "wechselkurs", "wetter", "nachrichten", "b[oö]rsenkurs"],
        zh: &["股价", "汇率", "天气", "新闻", "行情"],
        ja: &["株価", "為替", "天気", "ニュース", "相場"],
        ko: &["주가", "환율", "날씨", "뉴스", "시세"],
    }
);

concept!(
    /// A price or a quote (live data when asked as a question, not read from a text).
    PRICE = Words {
        en: &["prices?", "cost\\s+of", "worth", "value\\s+of\\s+(?:one|a|an|1)"],
        es: &["precios?", "cuesta", "vale"],
        pt: &["pre[cç]os?", "custa", "vale"],
        fr: &["prix", "cours", "co[uû]te", "vaut"],
        de: &["preis", "kostet", "kurs", "wert"],
        zh: &["价格", "多少钱", "价钱"],
        ja: &["価格", "値段", "いくら"],
        ko: &["가격", "얼마예요", "시세"],
    }
);

concept!(
    /// The model is given tools or functions to call.
    TOOLS = Words {
        en: &["use\\s+(?:the|a|your)\\s+(?:\\w+\\s+){0,2}tools?", "tools?\\s+(?:available|provided)", "available\\s+tools", "you\\s+(?:can|may)\\s+(?:call|use)\\s+(?:the\\s+)?(?:\\w+\\s+)?(?:tools?|functions?)", "function\\s+call(?:ing|s)?", "call\\s+(?:the\\s+)?(?:appropriate|right|correct)\\s+(?:tool|function)", "which\\s+tool", "search\\s+tool", "web\\s+search", "use\\s+the\\s+\\S+\\s+(?:function|tool)s?\\s+to", "search\\s+(?:the\\s+web|online|the\\s+internet|google|for\\s+the\\s+official)", "browse"],
        es: &["herramientas?", "consulta\\s+la\\s+herramienta"],
        pt: &["ferramentas?"],
        fr: &["outils?"],
        de: &["werkzeuge?", "nutze\\s+(?:das|die|den)\\s+\\S*\\s*tools?", "\\w+-tool"],
        zh: &["工具", "调用函数"],
        ja: &["ツール", "関数呼び出し"],
        ko: &["도구", "툴"],
    }
);

concept!(
    /// Dates as things to find or reformat.
    DATE_NOUN = Words {
        en: &["dates?", "deadlines?", "timestamps?", "datetimes?"],
        es: &["fechas?"],
        // Not "data" alone: it is the English word for data.
        pt: &["datas", "(?:a|da|uma|esta|essa|cada)\\s+data"],
        fr: &["dates?", "échéances?"],
        de: &["datum", "datumsangaben", "termine?"],
        zh: &["日期", "时间戳"],
        ja: &["日付", "日時"],
        ko: &["날짜", "일자"],
    }
);

concept!(
    /// Change the input into another form.
    CONVERT = Words {
        en: &["convert", "reformat", "format", "transform", "turn", "change", "rewrite"],
        es: &["convierte", "convertir", "transforma", "formatea", "cambia"],
        pt: &["converta", "converter", "converte", "transforme", "formate", "formatar", "mude", "passe"],
        fr: &["convertis", "convertissez", "convertir", "transforme", "formate", "mets", "mettez"],
        de: &["konvertiere", "wandle", "umwandeln", "formatiere", "[aä]ndere"],
        zh: &["转换", "转为", "转成", "改成", "格式化", "換成"],
        ja: &["変換", "直して", "整形"],
        ko: &["변환", "바꿔", "바꾸", "고쳐"],
    }
);

concept!(
    /// Upper case.
    UPPER = Words {
        en: &["upper[_\\s-]?case", "all[\\s-]+caps", "all\\s+capital\\s+letters"],
        es: &["may[uú]sculas?"],
        pt: &["mai[uú]sculas?", "caixa\\s+alta"],
        fr: &["majuscules?"],
        de: &["gro[ßs]buchstaben", "gro[ßs]schreibung"],
        zh: &["大写"],
        ja: &["大文字"],
        ko: &["대문자"],
    }
);

concept!(
    /// Lower case.
    LOWER = Words {
        en: &["lower[_\\s-]?case"],
        es: &["min[uú]sculas?"],
        pt: &["min[uú]sculas?", "caixa\\s+baixa"],
        fr: &["minuscules?"],
        de: &["kleinbuchstaben", "kleinschreibung"],
        zh: &["小写"],
        ja: &["小文字"],
        ko: &["소문자"],
    }
);

concept!(
    /// A country's ISO code.
    COUNTRY_CODE = Words {
        en: &["(?:iso\\s+)?country\\s+code", "iso(?:[\\s-]*3166)?(?:-1)?\\s+(?:alpha-?[23]\\s+)?code"],
        es: &["c[oó]digo\\s+(?:iso\\s+)?(?:de\\s+(?:dos|tres)\\s+letras\\s+)?del?\\s+pa[ií]s"],
        pt: &["c[oó]digo\\s+(?:iso\\s+)?(?:de\\s+(?:duas|tr[eê]s)\\s+letras\\s+)?d[oe]\\s+pa[ií]s"],
        fr: &["code\\s+(?:iso\\s+)?(?:du\\s+|de\\s+)?pays"],
        de: &["l[aä]ndercode", "iso-l[aä]ndercode"],
        zh: &["国家代码", "国家代號", "国家编码"],
        ja: &["国コード", "国名コード"],
        ko: &["국가\\s*코드", "나라\\s*코드"],
    }
);

concept!(
    /// An opinion or a view asked for.
    OPINION = Words {
        en: &["your\\s+(?:opinion|view|thoughts)", "what\\s+do\\s+you\\s+think"],
        es: &["opinas", "opini[oó]n", "qu[eé]\\s+piensas"],
        pt: &["acha", "opini[aã]o", "o\\s+que\\s+voc[eê]\\s+pensa"],
        fr: &["penses-tu", "pensez-vous", "ton\\s+avis", "votre\\s+avis", "opinion"],
        de: &["meinung", "h[aä]ltst\\s+du", "denkst\\s+du", "was\\s+meinst\\s+du"],
        zh: &["看法", "你认为", "你觉得", "观点"],
        ja: &["どう思", "意見", "考えを"],
        ko: &["생각해", "의견", "어떻게\\s*생각"],
    }
);

concept!(
    /// Correct spelling, grammar or punctuation: editing free text, whatever side rules
    /// (acronyms upper-cased, names kept) come with it.
    PROOFREAD = Words {
        en: &["(?:correct|fix)(?:es|s|ing)?\\s+(?:\\w+\\s+){0,4}?(?:spelling|grammar|grammatical|typos?|punctuation)", "spell-?check\\w*", "proofread\\w*", "(?:spelling|grammar|grammatical)\\s+(?:mistakes|errors)", "copy-?edit\\w*"],
        es: &["ortograf[ií]a", "gram[aá]tica", "faltas\\s+de\\s+ortograf\\w*", "errores\\s+ortogr[aá]ficos"],
        pt: &["ortografia", "gram[aá]tica", "erros\\s+(?:de\\s+)?(?:digita[cç][aã]o|ortogr[aá]ficos|gramaticais)"],
        fr: &["orthographe", "grammaire", "fautes", "coquilles"],
        de: &["rechtschreib\\w*", "grammatik\\w*", "tippfehler", "korrekturles\\w*"],
        zh: &["语法", "错别字", "拼写错误", "润色", "校对"],
        ja: &["文法", "誤字", "脱字", "校正", "添削"],
        ko: &["맞춤법", "문법", "오타", "교정"],
    }
);

concept!(
    /// Produce a program: a script, a function, a class, source code in a named language.
    /// A bare "code" is not enough ("return only the ISO code").
    CODE_ARTIFACT = Words {
        en: &["(?:write|writes|writing|generate|generates|produce|produces|create|creates|emit|emits|output|return|give\\s+me|provide|build|implement|implements)\\s+(?:(?:a|an|the|one|single|only|standalone|stand-alone|self-contained|complete|working|small|simple|short|full|new|your|me)[,]?\\s+){0,4}(?:(?:python(?:\\s*3)?|rust|javascript|typescript|bash|shell|sql|go|java|c\\+\\+|ruby|php|powershell)\\s+)?(?:scripts?|programs?|functions?|methods?|class(?:es)?|modules?|snippets?|source\\s+code|unit\\s+tests?|cli\\s+tools?)", "(?:python|rust|javascript|typescript|bash|sql|ruby|php)\\s+(?:source(?:\\s+code)?|code)", "(?:output|write|generate|produce|reply\\s+with|respond\\s+with|answer\\s+with)\\s+(?:(?:only|just|some|runnable|executable)\\s+)?code"],
        es: &["(?:escribe|genera|crea|implementa)\\s+(?:un|una|el|la)\\s+(?:script|programa|funci[oó]n|clase|c[oó]digo)"],
        pt: &["(?:escreva|gere|crie|implemente)\\s+(?:um|uma|o|a)\\s+(?:script|programa|fun[cç][aã]o|classe|c[oó]digo)"],
        fr: &["(?:[eé]cri[st]|[eé]crivez|g[eé]n[eè]re[sz]?|cr[eé]e[sz]?|impl[eé]mente[sz]?)\\s+(?:un|une|le|la)\\s+(?:script|programme|fonction|classe|code)"],
        de: &["(?:schreib\\w*|erstell\\w*|generier\\w*|implementier\\w*)\\s+(?:ein|eine|einen|den|die)\\s+(?:skript|script|programm|funktion|klasse|code)"],
        zh: &["编写", "(?:写|生成|实现)一个\\s*(?:python|rust|js|java)?\\s*(?:脚本|函数|程序|类)", "生成代码"],
        ja: &["(?:スクリプト|関数|プログラム|コード)を(?:書|作成|生成|実装)", "実装して"],
        ko: &["(?:스크립트|함수|프로그램|코드)(?:를|을)?\\s*(?:작성|짜|만들|구현)"],
    }
);

concept!(
    /// Answer in a persona's voice or a literary form: the wording is the point ("answer
    /// like a pirate", "in the style of Shakespeare", "になりきって").
    STYLE = Words {
        en: &["(?:answer|answers|reply|replies|respond|responds|talk|speak|write|explain|say\\s+it)\\s+(?:\\w+\\s+){0,2}?(?:like\\s+(?:a|an)\\s+\\w+|as\\s+if\\s+you\\s+were)", "in\\s+the\\s+(?:voice|style|manner|persona)\\s+of", "in\\s+(?:pirate|shakespearean|old\\s+english|gen\\s+z)\\s+(?:speak|style|english)", "(?:as|in)\\s+(?:a\\s+)?(?:haiku|limerick|sonnet|rhymes?|rap|song|poem)"],
        es: &["(?:responde|contesta|habla|escribe|explica)\\s+como\\s+(?:un|una|si)\\b", "al\\s+estilo\\s+de", "con\\s+la\\s+voz\\s+de"],
        pt: &["(?:responda|fale|escreva|explique)\\s+como\\s+(?:um|uma|se)\\b", "no\\s+estilo\\s+de"],
        fr: &["(?:r[eé]ponds|r[eé]pondez|parle|parlez|[eé]cris|explique)\\s+comme\\s+(?:un|une|si)\\b", "[aà]\\s+la\\s+mani[eè]re\\s+d", "dans\\s+le\\s+style\\s+d"],
        de: &["(?:antworte|sprich|schreib\\w*|rede|erkl[aä]re)\\s+wie\\s+(?:ein|eine|einer)\\b", "im\\s+stil\\s+(?:von|eines|einer)"],
        zh: &["的语气", "的口吻", "的风格(?:回答|写)", "像\\S{1,8}一样(?:说|回答|讲)"],
        ja: &["口調で", "風に(?:答|話|書)", "になりきって", "のように(?:答|話|喋)"],
        ko: &["말투로", "처럼\\s*(?:말|대답|답)"],
    }
);

concept!(
    /// A limit on the answer's length ("within the 280 character limit", "40字以内"): an
    /// output constraint, not a request to count.
    LENGTH_LIMIT = Words {
        en: &["(?:character|char|word|letter|length|token)s?\\s+(?:count\\s+)?(?:limits?|maximum|cap)", "(?:within|under|below|at\\s+most|no\\s+more\\s+than|not\\s+more\\s+than|fewer\\s+than|less\\s+than|max(?:imum)?(?:\\s+of)?|up\\s+to|shorter\\s+than|limited\\s+to|keep\\s+it\\s+(?:under|below))\\s+(?:\\d+|the)\\s+(?:\\w+\\s+)?(?:characters?|chars|words|letters|tokens)", "\\d+\\s+(?:characters?|chars|words)\\s+(?:or\\s+(?:less|fewer)|max(?:imum)?|at\\s+most|long|limit)"],
        es: &["m[aá]ximo\\s+(?:de\\s+)?\\d+\\s+(?:caracteres|palabras)", "l[ií]mite\\s+de\\s+(?:\\d+\\s+)?(?:caracteres|palabras)", "menos\\s+de\\s+\\d+\\s+(?:caracteres|palabras)"],
        pt: &["m[aá]ximo\\s+(?:de\\s+)?\\d+\\s+(?:caracteres|palavras)", "limite\\s+de\\s+(?:\\d+\\s+)?(?:caracteres|palavras)", "menos\\s+de\\s+\\d+\\s+(?:caracteres|palavras)"],
        fr: &["(?:maximum|au\\s+plus|moins\\s+de)\\s+(?:de\\s+)?\\d+\\s+(?:caract[eè]res|mots)", "limite\\s+de\\s+(?:\\d+\\s+)?(?:caract[eè]res|mots)"],
        de: &["(?:h[oö]chstens|maximal|max\\.?|weniger\\s+als)\\s+\\d+\\s+(?:zeichen|w[oö]rter\\w*)", "zeichenbegrenzung", "zeichenlimit", "wortlimit"],
        zh: &["字数限制", "字以内", "字以下", "不超过\\s*\\d+\\s*个?字"],
        ja: &["文字数制限", "文字以内", "字以内", "文字以下", "文字程度"],
        ko: &["글자\\s*수\\s*제한", "자\\s*이내", "자\\s*이하", "글자\\s*이내"],
    }
);

concept!(
    /// Pick which of several options (tasks, tools, departments, handlers) a request
    /// matches: routing, a judgement over free text.
    ROUTE = Words {
        en: &["(?:identify|determine|decide|choose|select|pick|find)\\s+(?:\\w+\\s+){0,3}?(?:tasks?|options?|actions?|tools?|functions?|routes?|handlers?|agents?|intents?|commands?|workflows?|departments?|teams?|queues?|skills?)\\s+(?:among|from|that|which|the\\s+(?:user|request|query))", "which\\s+(?:of\\s+(?:the|these|the\\s+following)\\s+)?(?:tasks?|options?|actions?|tools?|handlers?|agents?|workflows?|departments?|teams?|queues?)\\s+(?:\\w+\\s+){0,4}?(?:matches|fits|applies|best|should|to\\s+use)", "(?:mappings?|map)\\s+(?:of\\s+)?(?:task\\s+)?descriptions?\\s+to", "(?:map|assign|route|match)\\s+(?:\\w+\\s+){0,4}?to\\s+one\\s+of\\s+(?:the\\s+)?(?:\\w+\\s+)?(?:tools|options|actions|functions|handlers|tasks|workflows|agents)", "task\\s+(?:codes?|ids?)\\s+(?:for|of)\\s+the\\s+(?:user|request)"],
        es: &["(?:elige|selecciona|determina|identifica)\\s+(?:\\w+\\s+){0,3}?(?:tarea|opci[oó]n|acci[oó]n|herramienta|departamento|equipo|categor[ií]a)\\s+(?:adecuad[oa]|correct[oa]|que|entre|m[aá]s)", "cu[aá]l\\s+de\\s+(?:estas|las\\s+siguientes)\\s+(?:tareas|opciones|acciones)"],
        pt: &["(?:escolha|selecione|determine|identifique)\\s+(?:\\w+\\s+){0,3}?(?:tarefa|op[cç][aã]o|a[cç][aã]o|ferramenta|departamento|equipe)\\s+(?:adequad[oa]|corret[oa]|que|entre|mais)", "qual\\s+(?:destas|das\\s+seguintes)\\s+(?:tarefas|op[cç][oõ]es)"],
        fr: &["(?:choisis|choisissez|s[eé]lectionne[sz]?|d[eé]termine[sz]?|identifie[sz]?)\\s+(?:\\w+\\s+){0,3}?(?:t[aâ]che|option|action|outil|service|[eé]quipe)\\s+(?:adapt[eé]e?|appropri[eé]e?|qui|parmi)", "laquelle\\s+de\\s+ces\\s+(?:t[aâ]ches|options)"],
        de: &["(?:w[aä]hle|bestimme|ermittle|identifiziere)\\s+(?:\\w+\\s+){0,3}?(?:passende|richtige|zust[aä]ndige)\\s+(?:aufgabe|option|aktion|abteilung|team|kategorie)", "welche\\s+(?:dieser|der\\s+folgenden)\\s+(?:aufgaben|optionen|abteilungen)"],
        zh: &["选择(?:合适|正确|对应)的(?:任务|选项|工具|部门)", "哪个(?:任务|选项|工具|部门)", "路由到"],
        ja: &["(?:適切な|該当する|どの)(?:タスク|オプション|ツール|部署|担当)", "振り分け"],
        ko: &["(?:적절한|해당하는|어떤)\\s*(?:작업|옵션|도구|부서|담당)", "라우팅"],
    }
);

/// Every concept, for tests and docs.
pub static ALL: &[&Concept] = &[
    &EXTRACT,
    &EMAIL,
    &URL,
    &PHONE,
    &TODAY,
    &DATE_PART,
    &ASK,
    &CAPITAL,
    &CALCULATE,
    &ADD_UP,
    &COUNT,
    &WORD_UNIT,
    &CHAR_UNIT,
    &VALID,
    &YES_NO,
    &TRUE_FALSE,
    &ONLY,
    &SUMMARISE,
    &TRANSLATE,
    &WRITE,
    &SENTIMENT,
    &LIVE_DATA,
    &PRICE,
    &TOOLS,
    &PROOFREAD,
    &CODE_ARTIFACT,
    &STYLE,
    &LENGTH_LIMIT,
    &ROUTE,
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_concept_compiles_and_covers_eight_languages() {
        for c in ALL {
            let w = &c.words;
            for (lang, list) in [
                ("en", w.en),
                ("es", w.es),
                ("pt", w.pt),
                ("fr", w.fr),
                ("de", w.de),
                ("zh", w.zh),
                ("ja", w.ja),
                ("ko", w.ko),
            ] {
                assert!(!list.is_empty(), "{} has no {lang} synonym", c.name);
                for s in list {
                    assert!(Regex::new(s).is_ok(), "{} {lang}: bad fragment {s}", c.name);
                }
            }
            // The compiled pattern is not the never-matching fallback.
            assert!(c.regex().as_str().len() > 10, "{}", c.name);
        }
    }

    #[test]
    fn synonyms_and_typos_match() {
        assert!(EXTRACT.is_match("テキストからurlを摘出してください"));
        assert!(EXTRACT.is_match("从这段文字里摘出邮箱"));
        assert!(EMAIL.is_match("이메일을 추출"));
        assert!(DATE_PART.is_match("whats the data and time today"));
        assert!(!DATE_PART.is_match("what is today's data volume"));
        assert!(!EXTRACT.is_match("such as"));
        assert!(!SENTIMENT.is_match("extract tom's email"));
        assert!(TODAY.is_match("오늘 날짜"));
        assert!(!SUMMARISE.is_match("extract the email from the resume text"));
        assert!(!DATE_NOUN.is_match("what are the different types of data"));
        assert!(DATE_NOUN.is_match("converta a data para o formato"));
        assert!(SUMMARISE.is_match("resume este artículo"));
        assert!(YES_NO.is_match("예 또는 아니오로만 답하세요"));
        assert!(TRUE_FALSE.is_match("responda verdadeiro ou falso"));
    }

    #[test]
    fn constraints_editing_code_style_and_routing() {
        // A length limit is not a count; a count is not a length limit.
        assert!(LENGTH_LIMIT.is_match("stay within the 280 character limit"));
        assert!(LENGTH_LIMIT.is_match("40字以内でツイートして"));
        assert!(LENGTH_LIMIT.is_match("no more than 50 words"));
        assert!(!LENGTH_LIMIT.is_match("how many characters are in this string"));
        // Editing free text, in several languages.
        assert!(PROOFREAD.is_match("fix any spelling mistakes in the text"));
        assert!(PROOFREAD.is_match("corrigez l'orthographe"));
        assert!(PROOFREAD.is_match("맞춤법을 고쳐 주세요"));
        assert!(!PROOFREAD.is_match("convert the text to uppercase"));
        // A program, not a code value.
        assert!(CODE_ARTIFACT.is_match("emit a single, standalone python 3 script"));
        assert!(CODE_ARTIFACT.is_match("return only the python source code"));
        assert!(!CODE_ARTIFACT.is_match("return only the iso code"));
        assert!(!CODE_ARTIFACT.is_match("return the country code only"));
        // A voice, not a format.
        assert!(STYLE.is_match("answer like a pirate"));
        assert!(STYLE.is_match("ブログを書いた本人になりきって"));
        assert!(!STYLE.is_match("answer with the number only"));
        assert!(!STYLE.is_match("you are a calculator"));
        // Routing between options.
        assert!(ROUTE.is_match("identify the exact task among these"));
        assert!(ROUTE.is_match("decide which of these tasks the request matches"));
        assert!(!ROUTE.is_match("extract the task id from the json"));
    }
}
