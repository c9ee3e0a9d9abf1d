"""Word lists the rules lean on: countries and their other names, groups,
news agencies, titles and roles, verbs of speaking."""

from __future__ import annotations

import functools
import re
import unicodedata

# Canonical name | other names | ... ; demonyms after "/".
_COUNTRIES = """
Afghanistan / Afghan
Albania / Albanian
Algeria / Algerian
Andorra / Andorran
Angola / Angolan
Argentina / Argentine|Argentinian
Armenia / Armenian
Australia / Australian
Austria / Austrian
Azerbaijan / Azerbaijani
Bahamas|The Bahamas / Bahamian
Bahrain / Bahraini
Bangladesh / Bangladeshi
Barbados / Barbadian
Belarus / Belarusian
Belgium / Belgian
Belize / Belizean
Benin / Beninese
Bhutan / Bhutanese
Bolivia / Bolivian
Bosnia and Herzegovina|Bosnia / Bosnian
Botswana / Botswanan
Brazil / Brazilian
Brunei / Bruneian
Bulgaria / Bulgarian
Burkina Faso / Burkinabe
Burundi / Burundian
Cambodia / Cambodian
Cameroon / Cameroonian
Canada / Canadian
Cape Verde / Cape Verdean
Central African Republic|CAR / Central African
Chad / Chadian
Chile / Chilean
China|People's Republic of China|PRC|Beijing / Chinese
Colombia / Colombian
Comoros / Comoran
Democratic Republic of the Congo|DR Congo|DRC|Congo-Kinshasa / Congolese
Republic of the Congo|Congo-Brazzaville|Congo /
Costa Rica / Costa Rican
Croatia / Croatian
Cuba / Cuban
Cyprus / Cypriot
Czech Republic|Czechia / Czech
Denmark / Danish
Djibouti / Djiboutian
Dominican Republic / Dominican
Ecuador / Ecuadorian
Egypt / Egyptian
El Salvador / Salvadoran
Equatorial Guinea / Equatorial Guinean
Eritrea / Eritrean
Estonia / Estonian
Eswatini|Swaziland / Swazi
Ethiopia / Ethiopian
Fiji / Fijian
Finland / Finnish
France / French
Gabon / Gabonese
Gambia|The Gambia / Gambian
Georgia / Georgian
Germany|West Germany / German
Ghana / Ghanaian
Greece / Greek
Guatemala / Guatemalan
Guinea / Guinean
Guinea-Bissau /
Guyana / Guyanese
Haiti / Haitian
Honduras / Honduran
Hungary / Hungarian
Iceland / Icelandic
India / Indian
Indonesia / Indonesian
Iran|Islamic Republic of Iran / Iranian
Iraq / Iraqi
Ireland|Republic of Ireland / Irish
Israel / Israeli
Italy / Italian
Ivory Coast|Côte d'Ivoire|Cote d'Ivoire / Ivorian
Jamaica / Jamaican
Japan / Japanese
Jordan / Jordanian
Kazakhstan / Kazakh
Kenya / Kenyan
Kosovo / Kosovar
Kuwait / Kuwaiti
Kyrgyzstan / Kyrgyz
Laos / Laotian
Latvia / Latvian
Lebanon / Lebanese
Lesotho / Basotho
Liberia / Liberian
Libya / Libyan
Liechtenstein /
Lithuania / Lithuanian
Luxembourg /
Madagascar / Malagasy
Malawi / Malawian
Malaysia / Malaysian
Maldives / Maldivian
Mali / Malian
Malta / Maltese
Mauritania / Mauritanian
Mauritius / Mauritian
Mexico / Mexican
Moldova / Moldovan
Monaco / Monegasque
Mongolia / Mongolian
Montenegro / Montenegrin
Morocco / Moroccan
Mozambique / Mozambican
Myanmar|Burma / Burmese
Namibia / Namibian
Nepal / Nepalese|Nepali
Netherlands|Holland|The Netherlands / Dutch
New Zealand / New Zealander
Nicaragua / Nicaraguan
Niger / Nigerien
Nigeria / Nigerian
North Korea|Democratic People's Republic of Korea|DPRK|Pyongyang / North Korean
North Macedonia|Macedonia / Macedonian
Norway / Norwegian
Oman / Omani
Pakistan / Pakistani
Palestine|State of Palestine|Palestinian territories / Palestinian
Panama / Panamanian
Papua New Guinea /
Paraguay / Paraguayan
Peru / Peruvian
Philippines|The Philippines / Filipino|Philippine
Poland / Polish
Portugal / Portuguese
Qatar|Doha / Qatari
Romania / Romanian
Russia|Russian Federation|Moscow|Kremlin / Russian
Rwanda / Rwandan
Saudi Arabia|Riyadh / Saudi
Senegal / Senegalese
Serbia / Serbian
Sierra Leone / Sierra Leonean
Singapore / Singaporean
Slovakia / Slovak
Slovenia / Slovenian
Somalia / Somali
South Africa / South African
South Korea|Republic of Korea|Seoul / South Korean
South Sudan / South Sudanese
Spain / Spanish
Sri Lanka / Sri Lankan
Sudan / Sudanese
Suriname / Surinamese
Sweden / Swedish
Switzerland / Swiss
Syria / Syrian
Taiwan|Republic of China|Taipei / Taiwanese
Tajikistan / Tajik
Tanzania / Tanzanian
Thailand / Thai
Togo / Togolese
Trinidad and Tobago /
Tunisia / Tunisian
Turkey|Türkiye|Turkiye|Ankara / Turkish
Turkmenistan / Turkmen
Uganda / Ugandan
Ukraine|Kyiv|Kiev / Ukrainian
United Arab Emirates|UAE|U.A.E.|Emirates / Emirati
United Kingdom|UK|U.K.|Britain|Great Britain|the UK|the United Kingdom / British
United States|US|U.S.|USA|U.S.A.|America|United States of America|Washington / American
Uruguay / Uruguayan
Uzbekistan / Uzbek
Vatican|Vatican City|Holy See /
Venezuela / Venezuelan
Vietnam|Viet Nam / Vietnamese
Yemen / Yemeni
Zambia / Zambian
Zimbabwe / Zimbabwean
Soviet Union|USSR|U.S.S.R. / Soviet
"""

# Capitals stand for their governments only as speakers ("Moscow said"), so
# they are aliases above; here is the list that is also a city.
CAPITAL_ALIASES = {
    "beijing", "pyongyang", "doha", "moscow", "kremlin", "riyadh", "seoul", "taipei",
    "ankara", "kyiv", "kiev", "washington",
}  # fmt: skip

# Armed, political and militant groups: kind "group" rather than "organisation".
GROUPS = {
    "hamas", "hezbollah", "hizbollah", "houthis", "houthi", "houthi rebels", "ansar allah",
    "islamic jihad", "palestinian islamic jihad", "taliban", "the taliban", "islamic state",
    "isis", "isil", "is", "daesh", "al-qaeda", "al qaeda", "al-qaida", "al-shabaab",
    "al shabaab", "boko haram", "wagner", "wagner group", "fatah", "plo", "pkk", "ypg", "sdf",
    "hts", "hayat tahrir al-sham", "ira", "eta", "farc", "m23", "rsf",
    "rapid support forces", "proud boys", "muslim brotherhood", "al-aqsa martyrs brigades",
    "qassam brigades", "al-qassam brigades", "kataib hezbollah", "janjaweed",
}  # fmt: skip

# Agencies and photo services: credited, never actors.
AGENCIES = {
    "ap", "associated press", "the associated press", "reuters", "afp", "agence france-presse",
    "agence france presse", "pa", "pa media", "pa wire", "press association", "getty",
    "getty images", "epa", "epa-efe", "efe", "dpa", "ansa", "xinhua", "anadolu",
    "anadolu agency", "upi", "shutterstock", "alamy", "bloomberg", "pool", "pool/ap",
    "ap photo", "reuters/alamy", "sipa", "abaca", "rex", "rex features", "tass", "kyodo",
    "yonhap", "wafa", "aap", "cp", "the canadian press", "nurphoto", "zuma", "zuma press",
    "sopa images", "lightrocket",
}  # fmt: skip

HONORIFICS = {
    "mr", "mrs", "ms", "miss", "mx", "dr", "prof", "professor", "sir", "dame", "lord", "lady",
    "rev", "reverend", "father", "rabbi", "imam", "sheikh", "sheik", "st", "saint",
    "president", "vice-president", "vice", "prime", "minister", "pm", "premier", "chancellor",
    "secretary", "general", "gen", "lt", "lieutenant", "col", "colonel", "maj", "major",
    "capt", "captain", "sgt", "sergeant", "adm", "admiral", "cmdr", "commander", "brig",
    "brigadier", "marshal", "sen", "senator", "rep", "representative", "congressman",
    "congresswoman", "gov", "governor", "mayor", "judge", "justice", "king", "queen",
    "prince", "princess", "emir", "crown", "pope", "cardinal", "archbishop", "bishop",
    "ambassador", "chief", "speaker", "leader", "deputy", "foreign", "defence", "defense",
    "interior", "finance", "health", "state", "mp", "mep", "ceo", "chairman", "chairwoman",
    "spokesman", "spokeswoman", "spokesperson", "detective", "inspector", "officer",
    "supt", "superintendent", "coach", "manager", "the", "former", "late", "then",
}  # fmt: skip

# Nouns that make a phrase a role ("US secretary of state", "Israel's ceremonial president").
ROLE_WORDS = {
    "president", "vice-president", "prime", "minister", "premier", "chancellor", "secretary",
    "spokesman", "spokeswoman", "spokesperson", "leader", "chief", "head", "director",
    "ambassador", "envoy", "general", "commander", "king", "queen", "prince", "princess",
    "emir", "sheikh", "senator", "governor", "mayor", "chairman", "chairwoman", "chair",
    "ceo", "executive", "officer", "official", "adviser", "advisor", "negotiator", "diplomat",
    "judge", "justice", "attorney", "lawyer", "prosecutor", "representative", "congressman",
    "congresswoman", "lawmaker", "legislator", "mp", "mep", "speaker", "founder", "owner",
    "analyst", "economist", "professor", "researcher", "scientist", "expert", "doctor",
    "surgeon", "nurse", "reporter", "journalist", "editor", "correspondent", "author",
    "writer", "columnist", "pope", "cardinal", "archbishop", "bishop", "rabbi", "imam",
    "cleric", "candidate", "nominee", "member", "deputy", "coordinator", "administrator",
    "commissioner", "inspector", "detective", "colonel", "major", "captain", "lieutenant",
    "sergeant", "admiral", "marshal", "brigadier", "manager", "coach", "player", "partner",
    "president-elect", "monarch", "ruler", "dictator", "militant", "activist",
    "campaigner", "organiser", "organizer", "strategist", "aide", "staffer", "counsel",
    "treasurer", "governor-general", "mediator", "cfo", "coo", "superintendent", "sheriff",
    "councillor", "councilor", "magistrate", "defendant",
    "witness", "resident", "survivor", "victim", "father", "mother", "son", "daughter",
    "wife", "husband", "brother", "sister", "uncle", "aunt", "student", "teacher",
    "farmer", "worker", "host", "presenter", "actor", "actress",
    "singer", "musician", "star", "champion", "pilot", "soldier", "medic",
}  # fmt: skip

# Nouns that stand for a country's government when a demonym qualifies them:
# "Israeli officials said" is Israel speaking.
OFFICIAL_NOUNS = {
    "official", "officials", "government", "authorities", "authority", "military", "army",
    "forces", "troops", "navy", "ministry", "negotiators", "diplomats", "sources",
    "spokesman", "spokeswoman", "spokesperson", "leaders", "leadership", "cabinet",
    "administration", "embassy", "delegation", "police", "security forces",
}  # fmt: skip

# Verbs (lemmas) whose subject is a source and whose complement is what they said.
SPEECH_VERBS = {
    "say", "tell", "add", "announce", "state", "claim", "insist", "warn", "argue", "confirm",
    "deny", "report", "note", "explain", "suggest", "declare", "assert", "allege", "accuse",
    "acknowledge", "admit", "stress", "emphasise", "emphasize", "reiterate", "repeat",
    "indicate", "reveal", "disclose", "predict", "estimate", "promise", "pledge", "vow",
    "urge", "write", "tweet", "post", "reply", "respond", "answer", "recall", "maintain",
    "contend", "concede", "mention", "observe", "remark", "comment", "caution", "testify",
    "affirm", "proclaim", "complain", "charge", "forecast", "boast", "demand", "threaten",
    "conclude", "point", "describe", "call", "ask", "agree", "assure", "inform", "brief",
    "signal", "hint", "speculate", "counter", "quip", "joke", "shout",
    "cry", "whisper", "believe", "think", "fear", "hope", "expect", "feel", "worry",
    "know", "understand", "propose", "recommend", "order", "instruct", "advise",
    "guarantee", "rule", "find", "show", "project", "question", "dispute",
}  # fmt: skip

# Verbs of speaking that take no clause but still say something: "called
# Clinton a disgrace", "called for a ceasefire", "accused Israel of …".
NONCLAUSAL_SPEECH_VERBS = {
    "call", "describe", "accuse", "ask", "speak", "mention", "demand", "urge", "warn",
    "criticise", "criticize", "praise", "condemn", "denounce", "dismiss", "blame", "label",
    "brand", "defend", "respond", "reply", "comment", "announce", "confirm", "deny", "reveal",
    "disclose", "acknowledge", "admit", "promise", "pledge", "vow", "tweet", "write", "note",
    "cite", "suggest", "propose", "recommend", "point", "slam", "blast", "question", "discuss",
    "charge", "tout", "hail", "decry", "lament", "applaud",
}  # fmt: skip

# The core verbs of speaking: enough on their own; the rest of SPEECH_VERBS need
# a clausal complement to count ("she hopes that ...", not "she hopes so").
CORE_SPEECH_VERBS = {
    "say", "tell", "add", "announce", "state", "claim", "insist", "warn", "argue", "confirm",
    "deny", "report", "note", "explain", "declare", "assert", "allege", "acknowledge",
    "admit", "stress", "reiterate", "reveal", "write", "tweet", "reply", "respond",
    "recall", "maintain", "contend", "concede", "caution", "testify", "affirm", "complain",
    "predict", "estimate", "promise", "pledge", "vow", "urge", "emphasise", "emphasize",
}  # fmt: skip

# Verbs that make a figure's subject: "27,000 Palestinians killed".
COUNTING_VERBS = {
    "kill": "killed", "wound": "wounded", "injure": "injured", "hurt": "hurt",
    "abduct": "abducted", "kidnap": "kidnapped", "take": "taken", "hold": "held",
    "displace": "displaced", "arrest": "arrested", "detain": "detained", "release": "released",
    "free": "freed", "evacuate": "evacuated", "imprison": "imprisoned", "jail": "jailed",
    "rescue": "rescued", "execute": "executed", "capture": "captured", "die": "dead",
    "flee": "fled", "deport": "deported", "sentence": "sentenced", "infect": "infected",
    "vaccinate": "vaccinated", "evict": "evicted", "strand": "stranded", "miss": "missing",
    "destroy": "destroyed", "damage": "damaged", "lose": "lost", "sell": "sold",
    "employ": "employed", "hire": "hired", "fire": "fired", "lay": "laid off",
    "starve": "starving", "raise": "raised", "spend": "spent", "pay": "paid",
    "allocate": "allocated", "pledge": "pledged", "donate": "donated", "send": "sent",
    "deploy": "deployed", "launch": "launched", "shoot": "shot",
    "strike": "struck", "push": "pushed",
}  # fmt: skip


@functools.lru_cache(maxsize=2**16)
def fold(text: str) -> str:
    """A key for comparing names: case, accents, punctuation and a leading
    'the' ignored. "the U.S." and "US" fold to the same key. Remembered: the
    same few thousand names are folded over and over while seeding."""
    text = unicodedata.normalize("NFKD", text)
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("’", "'").lower()
    text = re.sub(r"^(the)\s+", "", text.strip())
    text = re.sub(r"'s$", "", text)
    text = re.sub(r"[.\u2019']", "", text)
    text = re.sub(r"[^\w]+", " ", text)
    return " ".join(text.split())


def _load_countries():
    names, demonyms = {}, {}
    for line in _COUNTRIES.strip().splitlines():
        forms, _, nationalities = line.partition("/")
        forms = [f.strip() for f in forms.split("|") if f.strip()]
        canonical = forms[0]
        for form in forms:
            names[fold(form)] = canonical
        for demonym in nationalities.split("|"):
            if demonym.strip():
                demonyms[fold(demonym)] = canonical
    return names, demonyms


COUNTRY_NAMES, DEMONYMS = _load_countries()
