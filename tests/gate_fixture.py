"""A small centre project with three new articles and Hindi and Marathi catalogs, for the gate tests.

The articles carry what patients' leaflets carry: an image, a table, doses with units, links,
an e-mail address, phone numbers and a code block. Catalogs are written through
`workflow.catalogs.pofile` (polib), every entry reviewed unless a test says otherwise.
"""

from __future__ import annotations

import base64
from pathlib import Path

from workflow.catalogs import extract
from workflow.catalogs.pofile import read_catalog, write_catalog
from workflow.catalogs.states import active
from workflow.catalogs.repository import catalog_path
from workflow.catalogs.merge import init_catalogs

#: A 1×1 PNG.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==")

SITE = """source_language = "en"
languages = ["hi", "mr"]
min_coverage = 80

[centre]
name = "Lotus Spine Clinic"
city = "Pune"
phones = ["020 2612 3456"]
"""

ARTICLES = {
    "wound-care": """---
title: Caring for your wound
description: How to keep the wound clean after surgery.
date: 2026-03-01
---

![The dressing](images/dressing.png)

Keep the dressing **dry** for 48 hours.

Call 020 2612 3456 if the wound bleeds.
""",
    "pain-medicines": """---
title: Pain medicines after surgery
description: Which tablets to take and how often.
date: 2026-03-02
---

| Medicine | Dose |
| --- | --- |
| Paracetamol | 500 mg |
| Ibuprofen | 400 mg |

Do not take more than 4 g of paracetamol in 24 hours.

Write to care@lotus.example with questions.
""",
    "going-home": """---
title: Going home
description: What to do in the first weeks at home.
date: 2026-03-03
---

Read the [caring for your wound](wound-care.md) leaflet.

More at [our site](https://lotus.example/home).

```
Ward 3, bed 12
```
""",
}

TRANSLATIONS = {
    "hi": {
        "Caring for your wound": "अपने घाव की देखभाल",
        "How to keep the wound clean after surgery.": "सर्जरी के बाद घाव को साफ़ कैसे रखें।",
        "The dressing": "पट्टी",
        "Keep the dressing **dry** for 48 hours.": "पट्टी को 48 घंटे तक **सूखा** रखें।",
        "Call 020 2612 3456 if the wound bleeds.": "घाव से ख़ून आए तो 020 2612 3456 पर फ़ोन करें।",
        "Pain medicines after surgery": "सर्जरी के बाद दर्द की दवाएँ",
        "Which tablets to take and how often.": "कौन-सी गोलियाँ लें और कितनी बार।",
        "Medicine": "दवा",
        "Dose": "ख़ुराक",
        "Paracetamol": "पैरासिटामोल",
        "500 mg": "500 mg",
        "Ibuprofen": "आइबुप्रोफ़ेन",
        "400 mg": "400 mg",
        "Do not take more than 4 g of paracetamol in 24 hours.":
            "24 घंटे में 4 g से ज़्यादा पैरासिटामोल न लें।",
        "Write to care@lotus.example with questions.": "सवाल हों तो care@lotus.example पर लिखें।",
        "Going home": "घर जाना",
        "What to do in the first weeks at home.": "घर पर पहले हफ़्तों में क्या करें।",
        "Read the [caring for your wound](wound-care.md) leaflet.":
            "[अपने घाव की देखभाल](wound-care.md) पर्चा पढ़ें।",
        "More at [our site](https://lotus.example/home).": "और जानकारी [हमारी साइट](https://lotus.example/home) पर।",
        "Lotus Spine Clinic": "लोटस स्पाइन क्लिनिक",
        "Pune": "पुणे",
    },
    "mr": {
        "Caring for your wound": "तुमच्या जखमेची काळजी",
        "How to keep the wound clean after surgery.": "शस्त्रक्रियेनंतर जखम स्वच्छ कशी ठेवावी.",
        "The dressing": "पट्टी",
        "Keep the dressing **dry** for 48 hours.": "पट्टी 48 तास **कोरडी** ठेवा.",
        "Call 020 2612 3456 if the wound bleeds.": "जखमेतून रक्त आल्यास 020 2612 3456 वर फोन करा.",
        "Pain medicines after surgery": "शस्त्रक्रियेनंतरची वेदनाशामक औषधे",
        "Which tablets to take and how often.": "कोणत्या गोळ्या आणि किती वेळा घ्याव्यात.",
        "Medicine": "औषध",
        "Dose": "मात्रा",
        "Paracetamol": "पॅरासिटामॉल",
        "500 mg": "500 mg",
        "Ibuprofen": "आयबुप्रोफेन",
        "400 mg": "400 mg",
        "Do not take more than 4 g of paracetamol in 24 hours.":
            "24 तासांत 4 g पेक्षा जास्त पॅरासिटामॉल घेऊ नका.",
        "Write to care@lotus.example with questions.": "प्रश्न असल्यास care@lotus.example वर लिहा.",
        "Going home": "घरी जाणे",
        "What to do in the first weeks at home.": "घरी पहिल्या आठवड्यांत काय करावे.",
        "Read the [caring for your wound](wound-care.md) leaflet.":
            "[तुमच्या जखमेची काळजी](wound-care.md) हे पत्रक वाचा.",
        "More at [our site](https://lotus.example/home).": "अधिक माहिती [आमच्या साइटवर](https://lotus.example/home).",
        "Lotus Spine Clinic": "लोटस स्पाइन क्लिनिक",
        "Pune": "पुणे",
    },
}


#: The interface strings of the templates (site domain), so the site catalog is complete.
INTERFACE = {
    "hi": {
        "Skip to the article": "लेख पर जाएँ",
        "Machine translation, not reviewed": "मशीनी अनुवाद, जाँचा नहीं गया",
        "This text was translated by a computer and has not yet been checked by the centre. Ask the "
        "centre if anything is unclear.": "इस पाठ का अनुवाद कंप्यूटर ने किया है और केंद्र ने अभी इसकी जाँच "
                                          "नहीं की है। कुछ भी साफ़ न हो तो केंद्र से पूछें।",
        "Call us": "हमें फ़ोन करें",
        "Languages": "भाषाएँ",
        "This information does not replace the advice of your doctor.":
            "यह जानकारी आपके डॉक्टर की सलाह की जगह नहीं लेती।",
        "Patient information": "मरीज़ों के लिए जानकारी",
        "Choose your language:": "अपनी भाषा चुनें:",
        "Articles": "लेख",
        "PDF": "PDF",
        "Page %(page)s of %(pages)s": "पृष्ठ %(page)s / %(pages)s",
        "Last reviewed: %(date)s": "पिछली समीक्षा: %(date)s",
        "Printable leaflet (PDF)": "छापने योग्य पर्चा (PDF)",
        "All articles": "सभी लेख",
    },
    "mr": {
        "Skip to the article": "लेखाकडे जा",
        "Machine translation, not reviewed": "यंत्र अनुवाद, तपासलेला नाही",
        "This text was translated by a computer and has not yet been checked by the centre. Ask the "
        "centre if anything is unclear.": "या मजकुराचा अनुवाद संगणकाने केला आहे आणि केंद्राने तो अजून "
                                          "तपासलेला नाही. काही अस्पष्ट असल्यास केंद्राला विचारा.",
        "Call us": "आम्हाला फोन करा",
        "Languages": "भाषा",
        "This information does not replace the advice of your doctor.":
            "ही माहिती तुमच्या डॉक्टरांच्या सल्ल्याची जागा घेत नाही.",
        "Patient information": "रुग्णांसाठी माहिती",
        "Choose your language:": "तुमची भाषा निवडा:",
        "Articles": "लेख",
        "PDF": "PDF",
        "Page %(page)s of %(pages)s": "पान %(page)s / %(pages)s",
        "Last reviewed: %(date)s": "शेवटचा आढावा: %(date)s",
        "Printable leaflet (PDF)": "छापण्यायोग्य पत्रक (PDF)",
        "All articles": "सर्व लेख",
    },
}
PLURAL = {"hi": ("%(count)s भाग का अनुवाद अभी नहीं हुआ है, वह अंग्रेज़ी में दिखाया गया है।",
                 "%(count)s भागों का अनुवाद अभी नहीं हुआ है, वे अंग्रेज़ी में दिखाए गए हैं।"),
          "mr": ("%(count)s भागाचा अनुवाद अजून झालेला नाही, तो इंग्रजीत दाखवला आहे.",
                 "%(count)s भागांचा अनुवाद अजून झालेला नाही, ते इंग्रजीत दाखवले आहेत.")}


def make_project(root: Path, langs: tuple[str, ...] = ("hi", "mr")) -> Path:
    """Write the project, extract it, create catalogs and review every entry we translate."""
    (root / "source" / "articles" / "images").mkdir(parents=True)
    (root / "source" / "site.toml").write_text(SITE, encoding="utf-8")
    (root / "source" / "articles" / "images" / "dressing.png").write_bytes(PNG)
    for slug, text in ARTICLES.items():
        (root / "source" / "articles" / f"{slug}.md").write_text(text, encoding="utf-8")
    extract.run(root)
    for lang in langs:
        init_catalogs(root, lang)
        for domain in [*ARTICLES, "site"]:
            set_entries(root, lang, domain, {**TRANSLATIONS[lang], **INTERFACE[lang]})
        path = catalog_path(root, lang, "site")
        catalog = read_catalog(path, root)
        for entry in active(catalog):
            if entry.msgid_plural:
                entry.msgstr_plural = {0: PLURAL[lang][0], 1: PLURAL[lang][1]}
        write_catalog(catalog, path)
    return root


def set_entries(root: Path, lang: str, domain: str, values: dict[str, str], flags: tuple[str, ...] = ()) -> None:
    """Set reviewed translations (msgid -> msgstr) in one catalog."""
    path = catalog_path(root, lang, domain)
    catalog = read_catalog(path, root)
    for entry in active(catalog):
        if entry.msgid in values:
            entry.msgstr = values[entry.msgid]
            entry.flags = [f for f in entry.flags if f != "fuzzy"] + list(flags)
    write_catalog(catalog, path)


def clear(root: Path, lang: str, domain: str) -> None:
    path = catalog_path(root, lang, domain)
    catalog = read_catalog(path, root)
    for entry in active(catalog):
        entry.msgstr = ""
    write_catalog(catalog, path)
