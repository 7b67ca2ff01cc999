//! Shared phrase lists, compiled once: verbs, output constraints and the signals of
//! genuine language work. The multilingual synonyms live in the concept tables
//! ([`super::concepts`]: English, Spanish, Portuguese, French, German, Chinese, Japanese,
//! Korean); the lists here join them to the older English-first phrases.
//!
//! Every pattern runs on the normalised prompt text (lower case, straight quotes, holes
//! rendered `{input}`). Latin-script words sit inside `\b..\b`; CJK phrases are listed
//! outside the word boundaries because `\b` does not separate CJK characters.

use std::sync::LazyLock;

use regex::Regex;

/// Compiles a pattern that is a constant of this crate (a failure is a programming error
/// caught by the tests, so it falls back to a never-matching pattern instead of panicking).
pub fn re(pattern: &str) -> Regex {
    let compiled = Regex::new(pattern);
    debug_assert!(compiled.is_ok(), "bad constant pattern: {pattern}");
    compiled.unwrap_or_else(|_| never())
}

fn never() -> Regex {
    // `[^\s\S]` matches nothing; it always compiles.
    Regex::new(r"[^\s\S]").unwrap_or_else(|_| unreachable!("constant pattern"))
}

macro_rules! lazy_re {
    ($(#[$m:meta])* $name:ident = $pat:expr) => {
        $(#[$m])*
        pub static $name: LazyLock<Regex> = LazyLock::new(|| re($pat));
    };
}

lazy_re!(
    /// A sentence that only says how to answer a short question ("Answer with the city name
    /// only.", "Return JSON.").
    ANSWER_RULE = r"\b(?:answers?|reply|replies|respond|responses?|return|output|city|name|nombre|ciudad|cidade|ville|stadt|json)\b|\b(?:be|keep\s+it)\s+(?:very\s+)?(?:concise|brief|short|succinct|terse|direct|precise)\b|\b(?:s[eé]a?\s+breve|s[eé]\s+conciso|sois\s+bref|soyez\s+bref|sei\s+kurz|seien\s+sie\s+kurz)\b|回答|答え|답|城市|都市|도시|简洁|簡潔|간결"
);

lazy_re!(
    /// The opening of a role sentence ("You are ...", "Eres ...", "你是...") in the concept
    /// tables' languages.
    PERSONA_OPEN = r"^\s*(?:(?:you\s+are|you're|act\s+as|eres|sos|act[uú]a\s+como|usted\s+es|voc[eê]\s+[eé]|aja\s+como|atue\s+como|tu\s+es|vous\s+[eê]tes|agis\s+(?:en\s+tant\s+que|comme)|du\s+bist|sie\s+sind|agiere\s+als)\b|你是|您是|あなたは|당신은|너는)"
);

lazy_re!(
    /// Verbs asking to pull things out of text.
    EXTRACT_VERB = &format!("(?:{}|{})", r"(?:\b(?:extract|extracts|extracting|pull(?:\s+out)?|find|locate|list|identify|detect|collect|capture|grab|retrieve|get|return|output|print|give\s+me|parse(?:\s+out)?|fetch|show\s+me|extrae|extraer|extraiga|extraé|encuentra|encontrar|obtén|obtener|devuelve|devolver|lista|identifica|extrais|extraire|extrayez|extrait|trouve|trouvez|trouver|récupère|récupérez|renvoie|renvoyez|retourne|retournez|liste|listez|identifie|identifiez|extrahiere|extrahieren|extrahiert|finde|finden|ermittle|ermitteln|gib|geben|liefere|nenne|listet|herausziehen|zieh)\b|提取|抽取|找出|列出|获取|识别|取出|抽出|取り出|見つけ|探し|列挙)", super::concepts::EXTRACT.regex().as_str())
);

lazy_re!(
    /// Where the object of an extraction verb ends and its source begins.
    SOURCE_MARKER = r"(?:\b(?:from|in|within|inside|out\s+of|contained|mentioned|found|del|de\s+(?:este|esta|estos|estas|ce|cette|ces|los|las|la\s+siguiente|el\s+siguiente)|du|dans|aus|im|in\s+dem|von|que|qui)\b|[:：\n]|\{input\})"
);

lazy_re!(
    /// "Answer yes or no", "reply with true or false", "respond only with YES/NO".
    YES_NO = &format!("(?:{}|{})", r"(?:\byes\s*(?:or|/|\|)\s*no\b|\bno\s*(?:or|/)\s*yes\b|\b(?:sí|si)\s*(?:o|/)\s*no\b|\boui\s*(?:ou|/)\s*non\b|\bja\s*(?:oder|/)\s*nein\b|是\s*(?:或|/|还是)\s*否|はい\s*(?:か|/|または)\s*いいえ)", super::concepts::YES_NO.regex().as_str())
);
lazy_re!(
    TRUE_FALSE = &format!(
        "(?:{}|{})",
        r#"(?:\b(?:reply|answer|respond|return|output|say)\s+(?:with\s+)?(?:only\s+)?["'`]?(?:yes|true|valid|1)["'`]?\s+(?:if|when)\b|\btrue\s*(?:or|/|\|)\s*false\b|\bfalse\s*(?:or|/)\s*true\b|\bverdadero\s*(?:o|/)\s*falso\b|\bvrai\s*(?:ou|/)\s*faux\b|\bwahr\s*(?:oder|/)\s*falsch\b|\bvalid\s*(?:or|/)\s*invalid\b|\btrue\s*(?:か|または|或者?|还是)\s*false\b)"#,
        super::concepts::TRUE_FALSE.regex().as_str()
    )
);
lazy_re!(
    /// The answer should be the bare value.
    TERSE = &format!("(?:{}|{})", r"(?:\b(?:only|just|nothing\s+else|no\s+(?:other\s+)?(?:text|explanation|commentary|prose)|solo|únicamente|seulement|uniquement|nur)\b|只|のみ|だけ)", super::concepts::ONLY.regex().as_str())
);

lazy_re!(
    /// Negated language-work words ("do not explain", "no commentary"), removed before the
    /// generative signals are searched.
    NEGATED_WORK = r"(?:\b(?:do\s+not|don't|dont|never|no|without|avoid|not|nor|sans|sin|ohne|keine?|ne)\s+(?:\w+\s+){0,3}?(?:explain|explanation|explanations|explaining|comment|commentary|comments|summary|summarize|reasoning|reason|description|describe|analysis|notes?|extra|additional|other|elaborat\w*|justif\w*|markdown|apolog\w*|prose|rewrite|translate|translation|change|modify|interpret\w*|guess|invent|make\s+up)\w*)"
);

lazy_re!(
    /// A literal named as what to look for: `the word "refund"`, `le mot « urgent »`.
    QUOTED_LITERAL = r#"(?:\b(?:word|words|phrase|term|string|substring|keyword|token|literal|palabra|frase|término|mot|terme|expression|wort|begriff|ausdruck)\s*["'`«“「]\s*[^"'`»”」\n]{1,40}?\s*["'`»”」]|(?:单词|词|单語|単語|言葉)\s*["「“][^"」”\n]{1,40}["」”])"#
);

lazy_re!(
    /// A judgement word used as the name of a field being mapped ("the priority label",
    /// "turn the severity into a number").
    FIELD_NAME = r"\b(?:priority|severity|urgency)\s*:\s*\{input\}|\b(?:convert|map|turn|translate|change)\s+(?:the\s+|this\s+|each\s+|a\s+)?(?:priority|severity|urgency)(?:\s+(?:label|level|code|value|name))?\s+(?:into|to)\b"
);

/// Signals that the prompt asks for genuine language work, with their weight and a
/// short description shown as evidence.
pub static GENERATIVE: LazyLock<Vec<(Regex, &'static str, f64)>> = LazyLock::new(|| {
    [
        (r"(?:\bsummar(?:y|ies|ize|ise|izing|ising|ized)\b|\btl;?dr\b|\bresum(?:en|ir|a)\b|\brésum(?:er|ez)\b|\bzusammenfass\w*|总结|摘要|概括|要約|まとめ)", "asks for a summary", 0.6),
        (r"(?:\btranslat\w*\s+(?:\w+\s+){0,6}?(?:to|into|in)\s+(?:english|french|spanish|german|italian|portuguese|dutch|chinese|japanese|korean|russian|arabic|hindi|polish|turkish|swedish|\w+ish\b|the\s+(?:user's|target|customer's|following)\s+language|\{input\}|another\s+language|plain\s+english)|\btranslat\w*\s+(?:this|the\s+following|the|these|each|my|our)\s+(?:\w+\s+)?(?:text|message|messages|document|email|sentence|sentences|paragraph|review|reviews|comment|post|article|content|strings?|description|page|ui\s+strings?|copy)\b|\btranslation\b|\btranslator\b|\btradu\w*|\bübersetz\w*|翻译|翻訳|訳して)", "asks for a translation", 0.6),
        (r"(?:\b(?:write|draft|compose|craft|pen)\s+(?:a|an|me|some|the\s+(?:reply|response|email|message|text|copy|body|story|poem|post|description|intro|introduction|answer|letter))\b|\b(?:draft|compose)\b|\bescrib[ea]\s+(?:un|una)\b|\bredact\w*|\bécri(?:s|vez|re)\s+(?:un|une)\b|\brédige\w*|\bschreib\w*\s+(?:eine?n?|einen)\b|\bverfass\w*|写一|撰写|書いて|作成して)", "asks to write text", 0.6),
        (r"\b(?:reply|respond)\s+to\s+(?:this|the|a|their|his|her)\b", "asks for a reply", 0.6),
        (r"(?:\b(?:from|in|on|of)\s+(?:(?:this|the|that|an?|each|attached|given|provided|uploaded|following)\s+)*(?:images?|photos?|pictures?|screenshots?|scans?|scanned\s+(?:page|document|receipt|invoice)s?)(?:\s*(?:[.,:;!?)\n]|$)|\s+(?:and|then|attached|provided|below|above|here|i|you|we)\b)|\b(?:de|en)\s+(?:(?:esta|la|una|cette|l')\s*)?(?:imagen|foto|fotograf[ií]a|image|photo)\b|\b(?:aus|auf|in)\s+(?:(?:diesem|dem|einem)\s+)?(?:bild|foto|screenshot)\b|图片中|图像中|照片中|画像から|画像の|写真から|이미지에서|사진에서)", "reads an image", 0.6),
        (r"(?:\b(?:explain|explaining|explanation|elaborate|describe|justify|why|discuss|discussion|reflect\s+on|interpret|interpretation)\b|\bexplica\w*|\bexpliqu\w*|\berklär\w*|解释|说明|説明して|なぜ)", EXPLANATION_SIGNAL, 0.45),
        (r"(?:\bsentiment\b|\bsentimiento\b|\bstimmung\b|情感|感情|\bemotion\w*|\btone\b|\bmood\b|\bpositive\b.{0,30}\bnegative\b.{0,30}\b(?:neutral|mixed)\b|\b(?:positive|negative)\s+(?:or|/)\s+(?:negative|positive)\s+(?:review|feedback|comment|message|tweet|sentiment)|\bsarcas\w*|\bpolarity\b)", "judges sentiment or tone", 0.6),
        (r"\b(?:intent|intention|purpose)\b", "judges intent", 0.45),
        (r"(?:\b(?:prove|proving|proof|disprove)\b|\bshow\s+(?:mathematically\s+)?that\b|\bderive\s+(?:the|a|an)\b|\bdemuestr\w*|\bdémontr\w*|\bbeweis\w*|证明|証明|증명)", "asks for a proof", 0.6),
        (r"(?:\b(?:classify|classif(?:ies|ication)|categori[sz]e|categori[sz]ation|triage|label\s+(?:this|the|each))\b|\bclasifica\w*|\bclasse[rz]\b|\bklassifizier\w*|分类|分類)", "classifies free text into labels", 0.55),
        (r"\b(?:spam|phishing|toxic|toxicity|offensive|abusive|hate\s+speech|nsfw|moderat\w+|inappropriate|harmful)\b", "judges content", 0.5),
        (r"\b(?:urgent|urgency|priority|prioriti[sz]e|severity|escalat\w+)\b", "judges urgency or priority", 0.45),
        (r"\b(?:key\s+(?:points?|takeaways?|facts|ideas|findings|themes|insights|decisions)|main\s+(?:points?|ideas?|topics?|themes?|arguments?)|action\s+items?|takeaways?|highlights|to-dos?|todo\s+(?:items?|list)|next\s+steps)\b", "asks for key points or action items", 0.55),
        (r"\b(?:recommend\w*|suggest\w*|brainstorm\w*|ideas?\s+for|propose|advice|advise)\b", "asks for suggestions", 0.5),
        (r"\b(?:rewrite\s+(?:(?:this|the|my|following|these|a|an)\s+)*(?:[a-z]+\s+)?(?:text|email|message|paragraph|sentence|sentences|copy|description|post|reply|response|content|bio|review|summary|section|query|question|prompt|intro|letter)\b|rewrite\s+(?:it|this)\s+(?:to|so|for|in\s+a)|rephrase|paraphrase|reword|polish|proofread|improve|simplify|shorten|expand)\b|\b(?:more|less|sound|sounds|be|in\s+an?|very|and|or)\s+(?:formal(?:ly)?|informal|friendl(?:y|ier)|professional|polite(?:ly)?|empathetic|persuasive|catchy|engaging|creative)\b|\b(?:formal|informal|friendly|professional|polite|empathetic|persuasive|catchy|engaging|creative)\s+(?:tone|manner|style|voice|way|register|language|wording|reply|response|email|message|copy|text)\b", "asks to rewrite or create text", 0.5),
        (r"\b(?:analy[sz]e|analysis|assess\w*|evaluat\w*|critique|review\s+(?:this|the|my)|feedback\s+on|judge|opinion|pros\s+and\s+cons|compare\s+(?:the|these)\s+\w+\s+and)\b", "asks for analysis or judgement", 0.45),
        (r"\b(?:step\s+by\s+step|reason(?:ing)?\s+(?:about|through)|think\s+(?:through|carefully)|chain\s+of\s+thought|let's\s+think|plan\s+(?:for|the|a)|diagnos\w+|troubleshoot\w*|root\s+cause)\b", REASONING_SIGNAL, 0.5),
        (r"\b(?:(?:write|generate|produce|create)\s+(?:a\s+|the\s+)?(?:python|rust|sql|javascript|typescript|bash|shell|regex|regular\s+expression|code|function|script|query|unit\s+tests?|test\s+cases?|class|program|snippet)|refactor\w*|code\s+review|debug\w*|fix\s+(?:the|this)\s+(?:bug|code|error)|pull\s+request|diff)\b", "asks for code generation or review", 0.6),
        (r"\b(?:answer\s+(?:the|this|their|my)\s+(?:user's\s+)?(?:question|query)|answer\s+questions?|customer\s+support\s+(?:agent|assistant)|based\s+on\s+the\s+(?:context|documents?|following\s+context)|using\s+(?:only\s+)?the\s+(?:context|documents|sources)|chat(?:bot)?\s+with)\b", "answers open questions", 0.45),
        (r"\b(?:generate|create|invent|come\s+up\s+with)\s+(?:a|an|some|\d+|three|five|ten)?\s*(?:\w+\s+){0,2}(?:title|titles|name|names|tagline|slogan|headline|description|story|poem|idea|ideas|summary|caption|captions|tweet|post|bio|outline|question|questions|quiz|answer|response|message|copy|keywords?|tags)\b", "asks to generate content", 0.55),
        (r"\b(?:unhappy|happy|angry|upset|frustrated|satisfied|dissatisfied|complain\w*|complaint|likely\s+to|seems?|feel\w*|sounds?\s+like|interested|worried|confused|sarcastic|rude|polite)\b", "asks about meaning or attitude", 0.45),
        (r"\b(?:relevant|relevance|important|importance|notable|interesting|meaningful|significant|suspicious|legitimate|appropriate|most\s+likely|best|better|worst)\b", "asks for a judgement of relevance", 0.4),
        (r"\b(?:people|person|persons|attendees|participants|speakers?|authors?|customers?|users?|employees?|candidates?)\s+(?:who|that|whose)\b", "depends on what people said or did", 0.45),
        (r"\b(?:topics?|themes?|subjects?|keywords?|entities|named\s+entities|skills|concepts)\b", "asks about topics or entities", 0.4),
        (r"\b(?:write|draft|compose|generate|create|produce|prepare)\s+(?:\w+\s+){0,3}?(?:story|poem|essay|article|blog|newsletter|release\s+notes|changelog|commit\s+message|cover\s+letter|marketing|ad\s+copy|tagline|slogan|headline|bio|announcement|summary|description|message|email|reply|response|post|tweet|caption)\b", "produces prose", 0.45),
        (r"\b(?:rank|ranks|ranked|ranking|re-?rank)\b|\btop\s+(?:\d+|three|five|ten|k)\b|\bshortlist\b", "asks to rank or select by judgement", 0.5),
        (r"\b(?:tell\s+me\s+about|history\s+of|in\s+(?:one|two|three|four|five|\d)\s+paragraphs?|an\s+essay)\b", "asks for an essay-style answer", 0.5),
        (r"\b(?:what|who|how|where|when|which)\s+(?:\w+\s+){0,2}?(?:does|did|do|should|would|could|can|will)\s+(?:the\s+)?(?:author|customer|user|writer|speaker|sender|client|caller|candidate|he|she|they|we|i)\b", OPEN_QUESTION_SIGNAL, 0.45),
    ]
    .into_iter()
    .map(|(p, d, w)| (re(p), d, w))
    .chain(concept_signals())
    .collect()
});

/// The evidence text of the explanation signal ("explain", "why", "describe").
pub const EXPLANATION_SIGNAL: &str = "asks for an explanation";

/// Every explanation the prompt asks for is of the working of a computation ("explain your
/// reasoning", "show your work", "along with an explanation of the steps"): like "think step
/// by step", it says how to present the one answer, not that language work is the point.
pub fn explains_only_the_working(text: &str) -> bool {
    static WORKING: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"\b(?:explain|describe|justify)\s+(?:your|the|each|every|all\s+the)\s+(?:reasoning|steps?|working|work|calculations?|method|solution)\b|\bshow\s+(?:your|the|all)\s+(?:work|working|steps|calculations?)\b|\b(?:along\s+)?with\s+(?:an?\s+|the\s+)?(?:short\s+|brief\s+)?explanation(?:\s+of\s+(?:the|each|your)\s+steps?)?\b|\bstep[- ]by[- ]step\s+explanation\b",
        )
    });
    let Some((explain, ..)) = GENERATIVE.iter().find(|(_, d, _)| *d == EXPLANATION_SIGNAL) else {
        return false;
    };
    WORKING.is_match(text) && !explain.is_match(&WORKING.replace_all(text, " "))
}

/// The evidence text of the chain-of-thought signal ("think step by step"); an arithmetic
/// reading ignores it (see `classify::weigh`).
pub const REASONING_SIGNAL: &str = "asks for reasoning";

/// The evidence text of the question-about-a-text signal ("what does the author mean"); a
/// word problem, which has no text to read, ignores it (see `classify::weigh`).
pub const OPEN_QUESTION_SIGNAL: &str = "open question about the content";

/// The evidence text of the tools signal (a transform ignores it when the prompt names one
/// tool and no choice: see `classify::weigh`).
pub const TOOLS_SIGNAL: &str = "gives the model tools to route between";

lazy_re!(
    /// Several tools or functions to choose from ("available tools", "which tool", "one of
    /// the functions"), in the concept tables' languages.
    TOOL_CHOICE = r"\b(?:tools|functions|available|which\s+tool|(?:appropriate|right|correct|best)\s+(?:tool|function)|herramientas|ferramentas|outils|werkzeuge)\b|工具|ツール|도구|툴"
);

/// The language-work signals read from the concept tables, in every language but English
/// (whose phrases above are more careful about objects), plus tools in all (live data is read per sentence, in
/// [`super::PromptFacts`]).
fn concept_signals() -> Vec<(Regex, &'static str, f64)> {
    use super::concepts::{self, Words, compile};
    let foreign = |c: &concepts::Concept| compile(&Words { en: &[], ..c.words });
    vec![
        (foreign(&concepts::SUMMARISE), "asks for a summary", 0.6),
        (foreign(&concepts::TRANSLATE), "asks for a translation", 0.6),
        (foreign(&concepts::WRITE), "asks to write text", 0.6),
        (
            foreign(&concepts::SENTIMENT),
            "judges sentiment or tone",
            0.6,
        ),
        (
            concepts::OPINION.regex().clone(),
            "asks for an opinion",
            0.55,
        ),
        (concepts::TOOLS.regex().clone(), TOOLS_SIGNAL, 0.6),
        (
            concepts::PROOFREAD.regex().clone(),
            "asks to correct spelling or grammar",
            0.6,
        ),
        (
            concepts::CODE_ARTIFACT.regex().clone(),
            "asks for a program or a script",
            0.6,
        ),
        (
            concepts::ROUTE.regex().clone(),
            "routes the request to one of several options",
            0.6,
        ),
        (
            concepts::STYLE.regex().clone(),
            "asks for an answer in a voice or style (the wording is the point)",
            0.6,
        ),
    ]
}

lazy_re!(
    /// Greetings and pleasantries at the start of a sentence ("Hello!", "Hi there,",
    /// "Thanks.", "こんにちは"): they carry no task.
    GREETING = r"^\s*(?:(?:hello|hi|hey|greetings|good\s+(?:morning|afternoon|evening)|thanks|thank\s+you|hola|buenos\s+d[ií]as|buenas|gracias|ol[aá]|oi|bom\s+dia|obrigad[oa]|bonjour|salut|merci|hallo|guten\s+tag|moin|danke|你好|您好|谢谢|こんにちは|こんばんは|おはよう(?:ございます)?|ありがとう(?:ございます)?|안녕하세요|안녕|감사합니다)(?:\s+(?:there|all|everyone|team|friend|again|a\s+lot|so\s+much))?(?:[\s,.!?。！？~、，]+|$))+"
);

lazy_re!(
    /// Judgement words whose object is structured data or an expression ("evaluate the
    /// mathematical expression", "analyze the following data and return the errors"): the
    /// verb says how to process, not that the task needs language judgement.
    NOT_JUDGEMENT = r"\b(?:evaluat\w*|analy[sz]\w*|assess\w*)\s+(?:[\w-]+\s+){0,3}?(?:expressions?|equations?|formulas?|calculations?|math|data|record|records|json|object|objects|payload|fields?|form|values?|input|entries|entry)\b"
);

lazy_re!(
    /// A tie-break rule of an extraction ("if multiple numbers exist, choose the most likely
    /// personal one", "if there are several emails, return the primary one"): it says which
    /// of several found values to keep, not that the task needs judgement.
    TIE_BREAK = r"\bif\s+(?:there\s+(?:are|is)\s+)?(?:multiple|several|many|more\s+than\s+one|two\s+or\s+more)\b[^.\n]{0,60}?\b(?:choose|pick|select|return|use|keep|take|prefer|output)\s+(?:only\s+)?(?:the\s+)?(?:most\s+(?:likely|relevant|recent|important|appropriate)|best|primary|main|first|latest|personal)\b"
);

lazy_re!(
    /// Emphasis markers of instruction prompts ("IMPORTANT:", "it is critical that"): they
    /// say how strictly to follow a rule, not that the task needs judgement.
    EMPHASIS = r"(?:\b(?:important|critical|crucial|note|nb|warning|caution)\b(?:\s+[\w-]+){0,3}\s*[:!]|\bit\s+is\s+(?:very\s+|extremely\s+)?(?:important|critical|crucial|essential)\s+(?:that|to)\b|\b(?:very\s+)?important\s*(?:rules?|notes?|instructions?)\b)"
);

lazy_re!(
    /// Hole names that hold a whole document rather than one short field.
    LONG_INPUT_NAME = r"(?:^|[._\[\s'])(?:text|texts|body|content|contents|document|doc|docs|article|message|messages|msg|email|email_body|mail|review|reviews|transcript|ticket|conversation|notes|note|description|comment|comments|feedback|context|html|page|chat|history|post|story|essay|report|paragraph|passage|input_text|raw_text|raw|source|prompt|question|query|user_input|user_message|thread|letter|log|logs|diff|code|snippet|file_contents|markdown|md|csv|data|payload|json|response|output|chunk|chunks|summary|bio|memo|reply|complaint|request|issue)(?:$|[._\]\s'])"
);

lazy_re!(
    /// Hole names that hold one short field.
    SHORT_INPUT_NAME = r"(?:^|[._\[\s'])(?:name|code|country|country_name|status|status_code|value|val|plan|plan_name|tier|date|phone|zip|zipcode|postcode|id|sku|category|unit|units|amount|number|num|n|x|key|label|title|word|words|term|email_address|addr|address|url|link|ip|uuid|color|colour|hex|currency|language|lang|state|ext|extension|filename|file_name|mime|day|weekday|weekday_number|version|tag|slug|username|user_name|field|iban|card|card_number|ean|barcode|item|items|list|numbers|values|string|s|city|region|temp|temperature|celsius|fahrenheit|km|miles|kg|lbs|meters|feet|warehouse|department|product|sku_code|severity|priority|level|size|input)(?:$|[._\]\s'])"
);

/// A number in an arithmetic expression.
const NUM: &str = r"\d+(?:[.,]\d+)?";
/// Operators, as symbols and as words in the concept tables' languages.
const OP: &str = r"(?:%\s*of\b|\*\*|[-+*/×÷^]|x|\b(?:plus|minus|times|multiplied\s+by|divided\s+by|mal|geteilt\s+durch|moins|fois|divis[eé]\s+par|m[aá]s|menos|por|dividido\s+(?:por|entre)|vezes|mais)\b|乘以?|加上?|减去?|除以|たす|ひく|かける|わる|더하기|빼기|곱하기|나누기)";

/// An arithmetic expression: numbers (or `sqrt(2)`-style calls) joined by operators, or a
/// single function call.
pub static ARITH_EXPR: LazyLock<Regex> = LazyLock::new(|| {
    let func = format!(r"\b(?:sqrt|log|ln|sin|cos|tan|exp|abs)\s*\(\s*{NUM}\s*\)");
    let atom = format!(r"\(?\s*(?:{func}|{NUM})\s*\)?");
    re(&format!(r"(?:{atom}(?:\s*{OP}\s*{atom})+|{func})"))
});

/// Arithmetic written in words with its numbers: "the sum of 1234 and 5678", "multiply 6 by
/// 7", "2 to the power of 10", "the square root of 144", "15 percent of 80", in the concept
/// tables' languages. Returns the sentence with each such phrase rewritten as a symbolic
/// expression (`1234 + 5678`, `sqrt(144)`; the sentence itself when there is none), and
/// whether a phrase was an imperative that itself asks for the computation ("add 17 and 25").
pub fn words_to_expression(s: &str) -> (std::borrow::Cow<'_, str>, bool) {
    const N: &str = r"(-?\d+(?:[.,]\d+)?|\{input\})";
    // (pattern, replacement, is an imperative asking to compute)
    static FORMS: LazyLock<Vec<(Regex, &'static str, bool)>> = LazyLock::new(|| {
        // "it" / "that number" in "add 3 to it" is the sentence's input.
        const IT: &str = r"(?:it|that(?:\s+number)?|this(?:\s+number)?|the\s+number)\b";
        let forms: [(&str, &str, bool); 23] = [
            // Chinese, Japanese and Korean operator words between two numbers ("81除以9",
            // "7かける8", "12 더하기 5")
            (r"{N}\s*(?:除以|割る|わる|나누기)\s*{N}", "$1 / $2", false),
            (
                r"{N}\s*(?:乘以|乘|掛ける|かける|곱하기)\s*{N}",
                "$1 * $2",
                false,
            ),
            (
                r"{N}\s*(?:加上|加|足す|たす|더하기)\s*{N}",
                "$1 + $2",
                false,
            ),
            (
                r"{N}\s*(?:减去|減去|减|引く|ひく|빼기)\s*{N}",
                "$1 - $2",
                false,
            ),
            (
                r"\b(?:the\s+|la\s+|a\s+|die\s+)?(?:sum|suma|soma|somme|summe)\s+(?:of|de|von|aus)\s+{N}\s+(?:and|y|e|et|und)\s+{N}",
                "$1 + $2",
                false,
            ),
            (
                r"\b(?:the\s+|el\s+|o\s+|le\s+|das\s+)?(?:product|producto|produto|produit|produkt)\s+(?:of|de|du|von|aus)\s+{N}\s+(?:and|y|e|et|und)\s+{N}",
                "$1 * $2",
                false,
            ),
            (
                r"\b(?:the\s+)?difference\s+(?:between|of)\s+{N}\s+and\s+{N}",
                "$1 - $2",
                false,
            ),
            (
                r"\b(?:the\s+)?quotient\s+of\s+{N}\s+(?:and|by|divided\s+by)\s+{N}",
                "$1 / $2",
                false,
            ),
            (r"\badd\s+{N}\s+to\s+{IT}", "{input} + $1", true),
            (r"\bmultiply\s+{IT}\s+by\s+{N}", "{input} * $1", true),
            (r"\bdivide\s+{IT}\s+by\s+{N}", "{input} / $1", true),
            (r"\bsubtract\s+{N}\s+from\s+{IT}", "{input} - $1", true),
            (r"\badd\s+{N}\s+(?:and|to|plus)\s+{N}", "$1 + $2", true),
            (
                r"\bmultiply\s+{N}\s+(?:by|and|with|times)\s+{N}",
                "$1 * $2",
                true,
            ),
            (r"\bdivide\s+{N}\s+by\s+{N}", "$1 / $2", true),
            (r"\bsubtract\s+{N}\s+from\s+{N}", "$2 - $1", true),
            (
                r"{N}\s+(?:raised\s+)?to\s+the\s+power\s+of\s+{N}|{N}\s+raised\s+to\s+{N}",
                "$1$3 ^ $2$4",
                false,
            ),
            (
                r"\b(?:the\s+|la\s+|a\s+|die\s+)?(?:square\s+root|ra[ií]z\s+cuadrada|raiz\s+quadrada|racine\s+carr[ée]e|quadratwurzel)\s+(?:of|de|von|aus)\s+{N}",
                "sqrt($1)",
                false,
            ),
            (r"{N}\s+squared\b", "$1 ^ 2", false),
            (r"\b(?:the\s+)?square\s+of\s+{N}", "$1 ^ 2", false),
            (r"\b(?:the\s+)?cube\s+of\s+{N}", "$1 ^ 3", false),
            (r"{N}\s+cubed\b", "$1 ^ 3", false),
            (
                r"{N}\s*(?:percent|per\s+cent|por\s+ciento|por\s+cento|pour\s+cent|prozent)\s+(?:of|de|von)\s+{N}",
                "$1 % of $2",
                false,
            ),
        ];
        forms
            .iter()
            .map(|(p, r, imp)| {
                let p = p.replace("{N}", N).replace("{IT}", IT);
                (re(&format!("(?i){p}")), *r, *imp)
            })
            .collect()
    });
    // The phrase must end the question or be followed by an instruction on the answer:
    // "the difference between 2020 and 2021 sales" is about sales, not a subtraction.
    static TAIL_OK: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"(?i)^\s*(?:$|[?？.!。,;:)]|(?:and|then|please|exactly|precisely|rounded|round|reply|return|answer|give|only|as|to\s+\d|using|=)\b|[\u{3040}-\u{30ff}\u{4e00}-\u{9fff}\u{ac00}-\u{d7af}])",
        )
    });
    let mut out = s.to_string();
    let mut changed = false;
    let mut imperative = false;
    for (r, with, imp) in FORMS.iter() {
        let mut next = String::with_capacity(out.len());
        let mut last = 0;
        for caps in r.captures_iter(&out) {
            let Some(m) = caps.get(0) else { continue };
            if !TAIL_OK.is_match(&out[m.end()..]) {
                continue;
            }
            next.push_str(&out[last..m.start()]);
            caps.expand(with, &mut next);
            last = m.end();
            changed = true;
            imperative |= imp;
        }
        if last > 0 {
            next.push_str(&out[last..]);
            out = next;
        }
    }
    if changed {
        (std::borrow::Cow::Owned(out), imperative)
    } else {
        (std::borrow::Cow::Borrowed(s), false)
    }
}

/// An expression with its operator words and signs written as the ASCII operators of
/// [`ARITH_EXPR`]'s evaluators ("6 times 7" → "6 * 7", "2 ** 8" → "2 ^ 8", "9 ÷ 3" →
/// "9 / 3").
pub fn operator_symbols(expr: &str) -> String {
    expr.replace("**", "^")
        .replace("multiplied by", "*")
        .replace("divided by", "/")
        .replace("plus", "+")
        .replace("minus", "-")
        .replace("times", "*")
        .replace('×', "*")
        .replace('÷', "/")
}

/// Is `s` an arithmetic expression and not a date, a phone number or a version written
/// with `-` / `/` / `.` between digit groups?
pub fn is_arithmetic(expr: &str) -> bool {
    static DATE_LIKE: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"^\s*\d{1,4}[-/.]\d{1,2}[-/.]\d{1,4}\s*$|^\s*\d{3}-\d{3,4}(?:-\d{4})?\s*$|^\s*\d{4}\s*[-/]\s*\d{2,4}\s*$",
        )
    });
    static STRONG_OP: LazyLock<Regex> = LazyLock::new(|| {
        re(
            r"%\s*of\b|[+*×÷^]|\s[-/]\s|\bx\b|[1-9][0-9]*(?:\.[0-9]+)?\s*x\s*[0-9]|[a-z\u{3040}-\u{30ff}\u{4e00}-\u{9fff}\u{ac00}-\u{d7af}]{2,}|\(",
        )
    });
    !DATE_LIKE.is_match(expr) && STRONG_OP.is_match(expr)
}

#[cfg(test)]
mod working_tests {
    #[test]
    fn explanation_of_the_working() {
        assert!(super::explains_only_the_working(
            "what is 4821 * 37? explain your reasoning step by step."
        ));
        assert!(super::explains_only_the_working(
            "solve it along with an explanation of the steps. what is 9 * 9?"
        ));
        // an explanation of something else stays language work
        assert!(!super::explains_only_the_working(
            "explain why 0.1 + 0.2 is not 0.3 and show your work."
        ));
        assert!(!super::explains_only_the_working("what is 2 + 2?"));
    }
}
