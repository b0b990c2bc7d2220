"""Hindi and Urdu sample translations of the bundled project, and the helpers that apply them.

The project's real Hindi catalogs are written by a translator; tests and benchmarks fill a
temporary copy of the project instead, through the `catalogs` module, with a few real sentences
chosen for their script features: conjuncts (प्र, स्थ, क्ष), reph (दर्द), nukta (फ़, ज़),
every matra, and Urdu letters that join (کائفوپلاسٹی) or do not (ڈ, ڑ, و).

A plain module (no fixtures), so benchmarks import it as the tests do.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path
from typing import Callable

from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.states import MT_MARK, active
from workflow.catalogs.repository import catalog_path
from workflow.mt.masking import protect, restore
from workflow.source.segments import parse_article
from workflow.source.articles import load_articles

REPO = Path(__file__).resolve().parent.parent
SLUG = "kyphoplasty-vs-vertebroplasty"

#: Translations of the bundled article, by segment index (title 0, description 1, ...) or msgid.
ARTICLE = {
    "hi": {
        0: "काइफ़ोप्लास्टी और वर्टेब्रोप्लास्टी में क्या अंतर है?",
        1: "काइफ़ोप्लास्टी और वर्टेब्रोप्लास्टी रीढ़ की दबकर टूटी हड्डी का इलाज कैसे करती हैं, "
           "और दोनों प्रक्रियाओं में क्या अंतर है।",
        2: "पीठ दर्द एक आम समस्या है जो दुनिया भर में लाखों लोगों को प्रभावित करती है। यह अक्सर "
           "ऑस्टियोपोरोसिस या दूसरी बीमारियों के कारण रीढ़ की हड्डी टूटने से होता है। दर्द से "
           "राहत देने और टूटी हड्डी को स्थिर करने के लिए दो छोटी प्रक्रियाएँ, काइफ़ोप्लास्टी और "
           "वर्टेब्रोप्लास्टी, अक्सर की जाती हैं।",
        3: "काइफ़ोप्लास्टी को समझना",
        4: "काइफ़ोप्लास्टी एक प्रक्रिया है जिससे रीढ़ की दबकर टूटी हड्डी का इलाज किया जाता है। "
           "इसमें टूटी हड्डी के अंदर एक छोटा गुब्बारा डालकर जगह बनाई जाती है, फिर उसे बोन "
           "सीमेंट से भरा जाता है।",
        5: "प्रक्रिया का विवरण",
        7: "काइफ़ोप्लास्टी के लाभ",
        9: "**दर्द से तुरंत राहत:** काइफ़ोप्लास्टी का सबसे बड़ा लाभ दर्द से जल्दी राहत है। कई "
           "मरीज़ों को कुछ घंटों से कुछ दिनों के अंदर दर्द में काफ़ी कमी महसूस होती है।",
        "Aspect": "पहलू",
        "Kyphoplasty": "काइफ़ोप्लास्टी",
        "Vertebroplasty": "वर्टेब्रोप्लास्टी",
        "Technique": "तकनीक",
    },
    "ur": {
        0: "کائفوپلاسٹی اور ورٹیبروپلاسٹی میں کیا فرق ہے؟",
        1: "کائفوپلاسٹی اور ورٹیبروپلاسٹی ریڑھ کی دبی ہوئی ہڈی کا علاج کیسے کرتی ہیں، اور دونوں "
           "طریقوں میں کیا فرق ہے۔",
        2: "کمر کا درد ایک عام تکلیف ہے جو دنیا بھر میں لاکھوں لوگوں کو متاثر کرتی ہے۔ یہ اکثر "
           "ہڈیوں کی کمزوری یا دوسری بیماریوں کی وجہ سے ریڑھ کی ہڈی ٹوٹنے سے ہوتا ہے۔ درد میں آرام "
           "اور ٹوٹی ہڈی کو مضبوط کرنے کے لیے دو چھوٹے طریقے، کائفوپلاسٹی اور ورٹیبروپلاسٹی، "
           "اکثر کیے جاتے ہیں۔",
        3: "کائفوپلاسٹی کو سمجھنا",
        4: "کائفوپلاسٹی ایک طریقۂ علاج ہے جس سے ریڑھ کی دبی ہوئی ٹوٹی ہڈی کا علاج کیا جاتا ہے۔ اس "
           "میں ٹوٹی ہڈی کے اندر ایک چھوٹا غبارہ ڈال کر جگہ بنائی جاتی ہے، پھر اسے ہڈی کے سیمنٹ "
           "سے بھرا جاتا ہے۔",
        5: "طریقۂ کار کا خلاصہ",
        7: "کائفوپلاسٹی کے فوائد",
        9: "**درد سے فوری آرام:** کائفوپلاسٹی کا سب سے بڑا فائدہ درد سے جلد آرام ہے۔ بہت سے "
           "مریضوں کو چند گھنٹوں سے چند دنوں میں درد میں واضح کمی محسوس ہوتی ہے۔",
        "Aspect": "پہلو",
        "Kyphoplasty": "کائفوپلاسٹی",
        "Vertebroplasty": "ورٹیبروپلاسٹی",
        "Technique": "تکنیک",
    },
}

#: Every message of the site domain (centre fields and interface strings of the templates).
SITE = {
    "hi": {
        "CVIC – Center for Vascular & Interventional Care": "सीवीआईसी – वैस्कुलर एवं इंटरवेंशनल केयर केंद्र",
        "Interventional radiology care in Indore": "इंदौर में इंटरवेंशनल रेडियोलॉजी से उपचार",
        "Indore": "इंदौर",
        "Madhya Pradesh": "मध्य प्रदेश",
        "Skip to the article": "लेख पर जाएँ",
        "This leaflet on the web, in your language:": "यह पर्चा वेब पर, आपकी भाषा में:",
        "Machine translation, not reviewed": "मशीनी अनुवाद, जाँचा नहीं गया",
        "This text was translated by a computer and has not yet been checked by the centre. Ask the "
        "centre if anything is unclear.": "इस पाठ का अनुवाद कंप्यूटर ने किया है और केंद्र ने अभी इसकी "
                                          "जाँच नहीं की है। कुछ भी स्पष्ट न हो तो केंद्र से पूछें।",
        "Call us": "हमें फ़ोन करें",
        "Languages": "भाषाएँ",
        "This information does not replace the advice of your doctor.":
            "यह जानकारी आपके डॉक्टर की सलाह की जगह नहीं लेती।",
        "Patient information": "मरीज़ों के लिए जानकारी",
        "Choose your language:": "अपनी भाषा चुनें:",
        "Articles": "लेख",
        "PDF": "PDF",
        "Page %(page)s of %(pages)s": "पृष्ठ %(page)s / %(pages)s",
        "Last reviewed: %(date)s": "अंतिम समीक्षा: %(date)s",
        "%(count)s part of this page is not yet translated and is shown in English.": (
            "%(count)s भाग का अनुवाद अभी नहीं हुआ है, वह अंग्रेज़ी में दिखाया गया है।",
            "%(count)s भागों का अनुवाद अभी नहीं हुआ है, वे अंग्रेज़ी में दिखाए गए हैं।"),
        "Printable leaflet (PDF)": "छापने योग्य पर्चा (PDF)",
        "All articles": "सभी लेख",
        "Table": "तालिका",
        "Code": "कोड",
    },
    "ur": {
        "CVIC – Center for Vascular & Interventional Care": "سی وی آئی سی – سینٹر برائے ویسکولر اور انٹروینشنل کیئر",
        "Interventional radiology care in Indore": "اندور میں انٹروینشنل ریڈیالوجی سے علاج",
        "Indore": "اندور",
        "Madhya Pradesh": "مدھیہ پردیش",
        "Skip to the article": "مضمون پر جائیں",
        "This leaflet on the web, in your language:": "یہ پرچہ ویب پر، آپ کی زبان میں:",
        "Machine translation, not reviewed": "مشینی ترجمہ، نظرِ ثانی نہیں ہوئی",
        "This text was translated by a computer and has not yet been checked by the centre. Ask the "
        "centre if anything is unclear.": "یہ متن کمپیوٹر نے ترجمہ کیا ہے اور مرکز نے ابھی اس کی جانچ "
                                          "نہیں کی۔ کوئی بات واضح نہ ہو تو مرکز سے پوچھیں۔",
        "Call us": "ہمیں فون کریں",
        "Languages": "زبانیں",
        "This information does not replace the advice of your doctor.":
            "یہ معلومات آپ کے ڈاکٹر کے مشورے کی جگہ نہیں لیتیں۔",
        "Patient information": "مریضوں کے لیے معلومات",
        "Choose your language:": "اپنی زبان منتخب کریں:",
        "Articles": "مضامین",
        "PDF": "PDF",
        "Page %(page)s of %(pages)s": "صفحہ %(page)s از %(pages)s",
        "Last reviewed: %(date)s": "آخری نظرِ ثانی: %(date)s",
        "%(count)s part of this page is not yet translated and is shown in English.": (
            "%(count)s حصے کا ترجمہ ابھی نہیں ہوا، یہ انگریزی میں دکھایا گیا ہے۔",
            "%(count)s حصوں کا ترجمہ ابھی نہیں ہوا، یہ انگریزی میں دکھائے گئے ہیں۔"),
        "Printable leaflet (PDF)": "چھاپنے کے قابل پرچہ (PDF)",
        "All articles": "تمام مضامین",
        "Table": "جدول",
        "Code": "کوڈ",
    },
}

#: What a translator might fill the rest with, so a strict build has no fallback at all.
FILLER = {"hi": "इस भाग का अनुवाद समीक्षा के बाद जोड़ा गया है।",
          "ur": "اس حصے کا ترجمہ نظرِ ثانی کے بعد شامل کیا گیا ہے۔"}


def copy_project(dest: Path, *, fresh: tuple[str, ...] = ()) -> Path:
    """Copy the bundled project into `dest`: its source and, by default, the repository's catalogs.

    With `fresh` languages, the catalogs are made anew instead (`leaflet extract`, then
    `leaflet init` for those languages), independent of the repository's .po files.
    """
    shutil.copytree(REPO / "source", dest / "source")
    if not fresh:
        shutil.copytree(REPO / "locales", dest / "locales")
        return dest
    from click.testing import CliRunner

    from workflow.cli.main import main

    for args in (["extract"], ["init", *(f"--lang={lang}" for lang in fresh)]):
        result = CliRunner().invoke(main, ["--root", str(dest), *args])
        if result.exit_code != 0:
            raise RuntimeError(f"leaflet {args[0]} failed: {result.output}")
    return dest


def by_msgid(root: Path, lang: str, samples: dict) -> dict[str, str]:
    """`samples` keyed by msgid: segment indexes of the bundled article become their msgids."""
    segments = parse_article(next(a for a in load_articles(root) if a.slug == SLUG)).segments
    return {(segments[k].msgid if isinstance(k, int) else k): v for k, v in samples.items()}


def set_translations(root: Path, lang: str, domain: str, translations: dict, *, draft: bool = False,
                     rest: str | Callable[[str], str] | None = None) -> int:
    """Write `translations` (msgid -> text, or a tuple of plural forms) into a catalog of `root`.

    Reviewed entries lose any fuzzy flag; drafts are machine drafts as `catalogs` defines them.
    `rest` fills every other entry. Returns the number of entries set.
    """
    path = catalog_path(root, lang, domain)
    catalog = read_catalog(path, root)
    count = 0
    for entry in active(catalog):
        value = translations.get(entry.msgid, rest)
        if callable(value):
            value = value(entry.msgid)
        if value is None:
            continue
        if entry.msgid_plural:
            forms = value if isinstance(value, tuple) else (value, value)
            entry.msgstr_plural = {i: forms[min(i, len(forms) - 1)] for i in range(len(entry.msgstr_plural))}
        else:
            entry.msgstr = value
        entry.flags = [f for f in entry.flags if f != "fuzzy"]
        entry.previous_msgid = None
        if draft:
            entry.flags.insert(0, "fuzzy")
            entry.tcomment = f"{MT_MARK} test draft"
        count += 1
    write_catalog(catalog, path)
    return count


def clear_translations(root: Path, lang: str) -> None:
    """Make every catalog of `lang` untranslated, whatever the repository's catalogs hold today."""
    for domain in (SLUG, "site"):
        path = catalog_path(root, lang, domain)
        catalog = read_catalog(path, root)
        for entry in active(catalog):
            entry.msgstr = ""
            entry.msgstr_plural = {i: "" for i in entry.msgstr_plural}
            entry.flags = [f for f in entry.flags if f != "fuzzy"]
            entry.previous_msgid = None
            entry.tcomment = ""
        write_catalog(catalog, path)


def filler(lang: str) -> Callable[[str], str]:
    """A filler translation that keeps what check wants kept: the source's markup, numbers,
    addresses and phone numbers (protected as for machine translation), with filler words
    in between, so a complete catalog passes check and nothing is withheld."""
    words = FILLER[lang].rstrip("।۔")

    def fill(msgid: str) -> str:
        masked = protect(msgid)
        text = re.sub(r"[^\ue000-\uf8ff]+", f" {words} ", masked.text)
        text = re.sub(r"^ | $", "", text)
        text = re.sub(r"([\ue000-\uf8ff]) ", r"\1 ", text)
        return restore(masked, text).strip() + FILLER[lang][-1]

    return fill


def translate_samples(root: Path, lang: str, *, draft: bool = False, complete: bool = False) -> None:
    """Give `lang` the sample article and site translations (complete: every entry translated)."""
    clear_translations(root, lang)
    set_translations(root, lang, SLUG, by_msgid(root, lang, ARTICLE[lang]), draft=draft,
                     rest=filler(lang) if complete else None)
    set_translations(root, lang, "site", SITE[lang], draft=draft)


#: One sentence per other language, repeated through the bundled article by
#: `fill_every_language`: samples of each script, not translations.
SENTENCES = {
    "mr": "पाठदुखीवर उपचार उपलब्ध आहेत आणि डॉक्टर तुम्हाला मार्गदर्शन करतील.",
    "gu": "પીઠના દુખાવાની સારવાર ઉપલબ્ધ છે અને ડૉક્ટર તમને માર્ગદર્શન આપશે.",
    "bn": "পিঠের ব্যথার চিকিৎসা পাওয়া যায় এবং ডাক্তার আপনাকে পরামর্শ দেবেন।",
    "pa": "ਪਿੱਠ ਦੇ ਦਰਦ ਦਾ ਇਲਾਜ ਉਪਲਬਧ ਹੈ ਅਤੇ ਡਾਕਟਰ ਤੁਹਾਨੂੰ ਸਲਾਹ ਦੇਣਗੇ।",
    "ta": "முதுகு வலிக்கு சிகிச்சை கிடைக்கிறது, மருத்துவர் உங்களுக்கு வழிகாட்டுவார்.",
    "te": "వెన్నునొప్పికి చికిత్స అందుబాటులో ఉంది, వైద్యులు మీకు మార్గదర్శనం చేస్తారు.",
    "kn": "ಬೆನ್ನು ನೋವಿಗೆ ಚಿಕಿತ್ಸೆ ಲಭ್ಯವಿದೆ ಮತ್ತು ವೈದ್ಯರು ನಿಮಗೆ ಮಾರ್ಗದರ್ಶನ ನೀಡುತ್ತಾರೆ.",
    "ml": "നടുവേദനയ്ക്ക് ചികിത്സ ലഭ്യമാണ്, ഡോക്ടർ നിങ്ങളെ സഹായിക്കും.",
    "or": "ପିଠି ଯନ୍ତ୍ରଣାର ଚିକିତ୍ସା ଉପଲବ୍ଧ ଏବଂ ଡାକ୍ତର ଆପଣଙ୍କୁ ପରାମର୍ଶ ଦେବେ।",
}


#: "Patient information", the line under each language's name on the root index.
PATIENT_INFORMATION = {
    "mr": "रुग्णांसाठी माहिती",
    "gu": "દર્દીઓ માટે માહિતી",
    "bn": "রোগীদের জন্য তথ্য",
    "pa": "ਮਰੀਜ਼ਾਂ ਲਈ ਜਾਣਕਾਰੀ",
    "ta": "நோயாளிகளுக்கான தகவல்",
    "te": "రోగుల కోసం సమాచారం",
    "kn": "ರೋಗಿಗಳಿಗೆ ಮಾಹಿತಿ",
    "ml": "രോഗികൾക്കുള്ള വിവരങ്ങൾ",
    "or": "ରୋଗୀମାନଙ୍କ ପାଇଁ ସୂଚନା",
}


def fill_every_language(root: Path) -> list[str]:
    """The bundled article in every language of site.toml: the Hindi and Urdu samples (complete),
    and each other language's sentence repeated to about each entry's length (entries with
    placeholders stay English; "Patient information" is that phrase). Returns the languages."""
    langs = ["hi", "ur"]
    for lang in langs:
        translate_samples(root, lang, complete=True)
    for lang, sentence in SENTENCES.items():
        langs.append(lang)
        for domain in (SLUG, "site"):
            catalog = read_catalog(catalog_path(root, lang, domain), root)
            texts = {}
            for entry in active(catalog):
                if "%(" in entry.msgid:
                    continue
                repeat = max(1, round(len(entry.msgid) / len(sentence)))
                texts[entry.msgid] = " ".join([sentence] * repeat)
            if domain == "site":
                texts["Patient information"] = PATIENT_INFORMATION[lang]
            set_translations(root, lang, domain, texts)
    return langs
