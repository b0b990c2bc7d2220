"""A small project with the article features readers meet: images, tables with number cells,
doses with units, links, phone numbers, e-mail addresses, an ordered list and a code block,
translated into Hindi, Urdu and Tamil (one Dravidian script).

Used by `test_reader.py`, and by hand to look at the pages before and after a change:

    python tests/reader_project.py /tmp/demo     # builds /tmp/demo, publishes hi ur ta
"""

from __future__ import annotations

import sys
from pathlib import Path

from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.states import active
from workflow.catalogs.repository import catalog_path

SITE_TOML = """\
source_language = "en"
languages = ["hi", "ur", "ta"]
min_coverage = 0

[centre]
name = "CVIC Care Centre"
tagline = "Interventional radiology care in Indore"
city = "Indore"
region = "Madhya Pradesh"
phones = ["0731 4675670"]
address = ""
website = "{website}"
"""

DOSES = """\
---
title: Pain relief after your procedure
description: Which medicines to take at home, how much, and when to call us.
author: Dr. A. Sharma
date: 2026-03-01
---

Take 500 mg paracetamol every 6 hours if you need it, and no more than 4 g a day.

| Day | Tablets | Note |
| --- | --- | --- |
| 1 | 1–3 | — |
| 2 | 1 | Rest at home |

Call 0731 4675670 or write to help@cvic.example.org if the pain gets worse.

Read more on the [WHO website](https://www.who.int/health-topics/pain) before you go home.
"""

WOUND = """\
---
title: Caring for the wound
description: How to keep the small wound clean while it heals.
date: 2026-03-02
---

The doctor makes a small cut in the skin of your back. It heals in a few days.

Keep the dressing dry for 2 days. Change it if it gets wet.

Do not lift anything heavier than 5 kg for 2 weeks.

![A drawing of the dressing on the back](images/dressing.png)

*The dressing covers the small cut.*

Most people go home the same day. Walking helps you heal.
"""

APP = """\
---
title: Using the appointment app
description: Book and change your appointments on your phone.
date: 2026-03-03
---

Open the app and follow these steps:

1. Tap Appointments.
2. Choose a day.
3. Tap Confirm.
4. Wait for the message.

If the app shows an error, send us the line it shows:

```
ERROR 503: appointment-service unavailable (request id 7f3a9c2e-41b8-4d2a-9c55-0e8b1f6d2a77)
```
"""

ARTICLES = {"pain-relief": DOSES, "wound-care": WOUND, "appointment-app": APP}

#: Translations by msgid. Urdu leaves two list items untranslated (English fallbacks); Hindi
#: keeps the name of the app's buttons in Latin letters.
TRANSLATIONS: dict[str, dict[str, str]] = {
    "hi": {
        "Pain relief after your procedure": "प्रक्रिया के बाद दर्द से राहत",
        "Which medicines to take at home, how much, and when to call us.":
            "घर पर कौन सी दवा लें, कितनी, और हमें कब फ़ोन करें।",
        "Take 500 mg paracetamol every 6 hours if you need it, and no more than 4 g a day.":
            "ज़रूरत हो तो हर 6 घंटे में 500 mg पैरासिटामोल लें, और दिन में 4 g से ज़्यादा नहीं।",
        "Day": "दिन", "Tablets": "गोलियाँ", "Note": "टिप्पणी", "Rest at home": "घर पर आराम करें",
        "Call 0731 4675670 or write to help@cvic.example.org if the pain gets worse.":
            "दर्द बढ़े तो 0731 4675670 पर फ़ोन करें या help@cvic.example.org पर लिखें।",
        "Read more on the [WHO website](https://www.who.int/health-topics/pain) before you go home.":
            "घर जाने से पहले [WHO की वेबसाइट](https://www.who.int/health-topics/pain) पर और पढ़ें।",
        "Caring for the wound": "घाव की देखभाल",
        "How to keep the small wound clean while it heals.": "छोटे घाव को भरने तक साफ़ कैसे रखें।",
        "The doctor makes a small cut in the skin of your back. It heals in a few days.":
            "डॉक्टर आपकी पीठ की त्वचा में एक छोटा चीरा लगाते हैं। यह कुछ दिनों में भर जाता है।",
        "Keep the dressing dry for 2 days. Change it if it gets wet.":
            "पट्टी को 2 दिन तक सूखा रखें। गीली हो जाए तो बदल दें।",
        "Do not lift anything heavier than 5 kg for 2 weeks.":
            "2 सप्ताह तक 5 kg से भारी कुछ भी न उठाएँ।",
        "A drawing of the dressing on the back": "पीठ पर पट्टी का चित्र",
        "*The dressing covers the small cut.*": "*पट्टी छोटे चीरे को ढकती है।*",
        "Most people go home the same day. Walking helps you heal.":
            "ज़्यादातर लोग उसी दिन घर जाते हैं। चलने से घाव जल्दी भरता है।",
        "Using the appointment app": "अपॉइंटमेंट ऐप का उपयोग",
        "Book and change your appointments on your phone.": "अपने फ़ोन पर अपॉइंटमेंट बुक करें और बदलें।",
        "Open the app and follow these steps:": "ऐप खोलें और ये चरण अपनाएँ:",
        "Tap Appointments.": "Appointments दबाएँ।",
        "Choose a day.": "एक दिन चुनें।",
        "Tap Confirm.": "Confirm",
        "Wait for the message.": "Message",
        "If the app shows an error, send us the line it shows:":
            "ऐप में त्रुटि दिखे तो वह पंक्ति हमें भेजें:",
    },
    "ur": {
        "Pain relief after your procedure": "طریقۂ علاج کے بعد درد سے آرام",
        "Which medicines to take at home, how much, and when to call us.":
            "گھر پر کون سی دوا لیں، کتنی، اور ہمیں کب فون کریں۔",
        "Take 500 mg paracetamol every 6 hours if you need it, and no more than 4 g a day.":
            "ضرورت ہو تو ہر 6 گھنٹے میں 500 mg پیراسیٹامول لیں، اور دن میں 4 g سے زیادہ نہیں۔",
        "Day": "دن", "Tablets": "گولیاں", "Note": "نوٹ", "Rest at home": "گھر پر آرام کریں",
        "Call 0731 4675670 or write to help@cvic.example.org if the pain gets worse.":
            "درد بڑھے تو 0731 4675670 پر فون کریں یا help@cvic.example.org پر لکھیں۔",
        "Read more on the [WHO website](https://www.who.int/health-topics/pain) before you go home.":
            "گھر جانے سے پہلے [ڈبلیو ایچ او کی ویب سائٹ](https://www.who.int/health-topics/pain) پر مزید پڑھیں۔",
        "Caring for the wound": "زخم کی دیکھ بھال",
        "How to keep the small wound clean while it heals.": "چھوٹے زخم کو بھرنے تک صاف کیسے رکھیں۔",
        "The doctor makes a small cut in the skin of your back. It heals in a few days.":
            "ڈاکٹر آپ کی کمر کی جلد میں ایک چھوٹا چیرا لگاتے ہیں۔ یہ چند دنوں میں بھر جاتا ہے۔",
        "Keep the dressing dry for 2 days. Change it if it gets wet.":
            "پٹی کو 2 دن تک خشک رکھیں۔ گیلی ہو جائے تو بدل دیں۔",
        "Do not lift anything heavier than 5 kg for 2 weeks.":
            "2 ہفتے تک 5 kg سے بھاری کوئی چیز نہ اٹھائیں۔",
        "A drawing of the dressing on the back": "کمر پر پٹی کی تصویر",
        "*The dressing covers the small cut.*": "*پٹی چھوٹے چیرے کو ڈھانپتی ہے۔*",
        "Most people go home the same day. Walking helps you heal.":
            "زیادہ تر لوگ اسی دن گھر جاتے ہیں۔ چلنے سے زخم جلد بھرتا ہے۔",
        "Using the appointment app": "اپوائنٹمنٹ ایپ کا استعمال",
        "Book and change your appointments on your phone.": "اپنے فون پر اپوائنٹمنٹ بک کریں اور بدلیں۔",
        "Open the app and follow these steps:": "ایپ کھولیں اور یہ مراحل اپنائیں:",
        "Tap Appointments.": "اپوائنٹمنٹس دبائیں۔",
        "Choose a day.": "ایک دن چنیں۔",
        "If the app shows an error, send us the line it shows:":
            "ایپ میں خرابی دکھے تو وہ سطر ہمیں بھیجیں:",
    },
    "ta": {
        "Pain relief after your procedure": "சிகிச்சைக்குப் பின் வலி நிவாரணம்",
        "Which medicines to take at home, how much, and when to call us.":
            "வீட்டில் எந்த மருந்து, எவ்வளவு, எப்போது எங்களை அழைக்க வேண்டும்.",
        "Take 500 mg paracetamol every 6 hours if you need it, and no more than 4 g a day.":
            "தேவைப்பட்டால் ஒவ்வொரு 6 மணி நேரத்திற்கும் 500 mg பாராசிட்டமால் எடுத்துக்கொள்ளுங்கள், "
            "ஒரு நாளில் 4 g க்கு மேல் வேண்டாம்.",
        "Day": "நாள்", "Tablets": "மாத்திரைகள்", "Note": "குறிப்பு", "Rest at home": "வீட்டில் ஓய்வு",
        "Call 0731 4675670 or write to help@cvic.example.org if the pain gets worse.":
            "வலி அதிகமானால் 0731 4675670 என்ற எண்ணை அழைக்கவும் அல்லது help@cvic.example.org க்கு எழுதவும்.",
        "Read more on the [WHO website](https://www.who.int/health-topics/pain) before you go home.":
            "வீட்டுக்குச் செல்லும் முன் [WHO இணையதளத்தில்](https://www.who.int/health-topics/pain) மேலும் படியுங்கள்.",
        "Caring for the wound": "காயத்தைப் பராமரித்தல்",
        "How to keep the small wound clean while it heals.": "சிறிய காயம் ஆறும் வரை சுத்தமாக வைப்பது எப்படி.",
        "The doctor makes a small cut in the skin of your back. It heals in a few days.":
            "மருத்துவர் உங்கள் முதுகின் தோலில் ஒரு சிறிய கீறல் இடுவார். அது சில நாட்களில் ஆறிவிடும்.",
        "Keep the dressing dry for 2 days. Change it if it gets wet.":
            "கட்டை 2 நாட்கள் உலர்வாக வைத்திருங்கள். நனைந்தால் மாற்றுங்கள்.",
        "Do not lift anything heavier than 5 kg for 2 weeks.":
            "2 வாரங்களுக்கு 5 kg க்கு மேல் எடையுள்ள எதையும் தூக்காதீர்கள்.",
        "A drawing of the dressing on the back": "முதுகில் உள்ள கட்டின் படம்",
        "*The dressing covers the small cut.*": "*கட்டு சிறிய கீறலை மூடுகிறது.*",
        "Most people go home the same day. Walking helps you heal.":
            "பெரும்பாலானோர் அதே நாளில் வீடு திரும்புவார்கள். நடப்பது குணமாக உதவும்.",
        "Using the appointment app": "சந்திப்பு செயலியைப் பயன்படுத்துதல்",
        "Book and change your appointments on your phone.": "உங்கள் தொலைபேசியில் சந்திப்புகளை முன்பதிவு செய்து மாற்றுங்கள்.",
        "Open the app and follow these steps:": "செயலியைத் திறந்து இந்தப் படிகளைப் பின்பற்றுங்கள்:",
        "Tap Appointments.": "சந்திப்புகள் என்பதைத் தொடவும்.",
        "Choose a day.": "ஒரு நாளைத் தேர்ந்தெடுக்கவும்.",
        "Tap Confirm.": "உறுதிசெய் என்பதைத் தொடவும்.",
        "Wait for the message.": "செய்திக்காகக் காத்திருக்கவும்.",
        "If the app shows an error, send us the line it shows:":
            "செயலி பிழை காட்டினால், அது காட்டும் வரியை எங்களுக்கு அனுப்புங்கள்:",
    },
}

#: The site domain: centre fields and a few interface strings (the rest falls back to English).
SITE: dict[str, dict[str, str]] = {
    "hi": {"CVIC Care Centre": "सीवीआईसी केयर केंद्र", "Indore": "इंदौर", "Madhya Pradesh": "मध्य प्रदेश",
           "Call us": "हमें फ़ोन करें", "Page %(page)s of %(pages)s": "पृष्ठ %(page)s / %(pages)s",
           "Last reviewed: %(date)s": "अंतिम समीक्षा: %(date)s", "Patient information": "मरीज़ों के लिए जानकारी"},
    "ur": {"CVIC Care Centre": "سی وی آئی سی کیئر سینٹر", "Indore": "اندور", "Madhya Pradesh": "مدھیہ پردیش",
           "Call us": "ہمیں فون کریں", "Page %(page)s of %(pages)s": "صفحہ %(page)s از %(pages)s",
           "Last reviewed: %(date)s": "آخری نظرِ ثانی: %(date)s", "Patient information": "مریضوں کے لیے معلومات"},
    "ta": {"CVIC Care Centre": "சிவிஐசி பராமரிப்பு மையம்", "Indore": "இந்தூர்", "Madhya Pradesh": "மத்தியப் பிரதேசம்",
           "Call us": "எங்களை அழைக்கவும்", "Page %(page)s of %(pages)s": "பக்கம் %(page)s / %(pages)s",
           "Last reviewed: %(date)s": "கடைசியாகச் சரிபார்த்தது: %(date)s",
           "Patient information": "நோயாளிகளுக்கான தகவல்"},
}


def dressing_png(path: Path) -> None:
    """A large drawing (1600×1000 px), so the leaflet must place a tall figure."""
    from PIL import Image, ImageDraw
    image = Image.new("RGB", (1600, 1000), (230, 240, 250))
    draw = ImageDraw.Draw(image)
    draw.rectangle([400, 200, 1200, 800], outline=(11, 61, 110), width=16)
    draw.ellipse([660, 360, 940, 640], fill=(200, 80, 60))
    path.parent.mkdir(parents=True, exist_ok=True)
    image.save(path, format="PNG")


def build(root: Path, website: str = "https://cvic.example.org") -> Path:
    """Write the project into `root`, extract, create hi/ur/ta catalogs and fill them."""
    from workflow.catalogs import extract
    from workflow.catalogs.merge import init_catalogs
    articles = root / "source" / "articles"
    articles.mkdir(parents=True, exist_ok=True)
    (root / "source" / "site.toml").write_text(SITE_TOML.format(website=website), encoding="utf-8")
    for slug, text in ARTICLES.items():
        (articles / f"{slug}.md").write_text(text, encoding="utf-8")
    dressing_png(articles / "images" / "dressing.png")
    extract.run(root)
    for lang in ("hi", "ur", "ta"):
        init_catalogs(root, lang)
        for domain, table in [("site", SITE[lang]), *((slug, TRANSLATIONS[lang]) for slug in ARTICLES)]:
            path = catalog_path(root, lang, domain)
            catalog = read_catalog(path, root)
            for entry in active(catalog):
                if entry.msgid in table:
                    entry.msgstr = table[entry.msgid]
                    entry.flags = [f for f in entry.flags if f != "fuzzy"]
            write_catalog(catalog, path)
    return root


if __name__ == "__main__":  # pragma: no cover
    from workflow.publish.pipeline import publish
    target = build(Path(sys.argv[1]))
    publish(target, ["hi", "ur", "ta"])
    print(target / "output")
