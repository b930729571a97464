"""Names and document numbers made comparable across scripts and transliteration schemes.

Central Asian registers spell one Cyrillic name in many Latin ways: Юлдашев is Iuldashev in an ICAO 9303
passport, Yuldashev in MVD-782/BGN style, Ходжаев is Khodzhaev (ICAO), Xodjaev (Uzbek Latin) or Hodjaev
(Telegram style). Record linkage compares *keys* that fold these variants together, never the raw text:

- ``to_latin``: Cyrillic (Russian, Kazakh, Tajik, Uzbek letters) to ICAO 9303 Latin; Latin unchanged.
- ``name_key``: a phonetic skeleton: lower case, letters only, the scheme-dependent spellings folded
  (kh/x/h -> h, zh/dzh/dj/j -> j, ts/tc/c -> s, yu/iu -> u, ya/ia -> a, ye/ie/yo -> e, y -> i)
  and doubled letters single. Keys of one name in different schemes are equal or one letter apart.
- ``surname_stem``: the key without the family-name suffix (-ov/-ev/-ova/-eva, Tajik -zoda/-zod,
  -zade), so Karimov, Karimova and Karimzoda share the stem ``karim``.
- ``clean_document``: a document or plate number with Cyrillic look-alike letters (А, В, Е, К, М, Н,
  О, Р, С, Т, Х, У) replaced by the Latin letters they imitate, spaces removed, upper case, and the
  letter O read as zero where digits are expected (after the two-letter country code).

Reference: ICAO Doc 9303, Part 3, section 6 (transliteration of Cyrillic); GOST R 52535.1-2006;
MVD order 782 (2013); the Uzbek Latin alphabet of 1995. Christen, P. (2012), *Data Matching*,
Springer, ch. 4 (data cleaning and standardisation).
"""

from __future__ import annotations

import re
import unicodedata

import iuliia

# Letters of Kazakh, Tajik and Uzbek Cyrillic that Russian schemes do not cover, to their usual Latin.
_EXTRA = str.maketrans({"қ": "k", "Қ": "K", "ғ": "g", "Ғ": "G", "ү": "u", "Ү": "U", "ұ": "u", "Ұ": "U",
                        "ң": "n", "Ң": "N", "ө": "o", "Ө": "O", "ә": "a", "Ә": "A", "і": "i", "І": "I",
                        "һ": "h", "Һ": "H", "ҳ": "h", "Ҳ": "H", "ӯ": "u", "Ӯ": "U", "ӣ": "i", "Ӣ": "I",
                        "ҷ": "j", "Ҷ": "J", "ў": "u", "Ў": "U"})
# Letters with diacritics of the scholarly schemes (GOST 7.79), spelled out before accents are dropped.
_DIACRITICS = str.maketrans({"š": "sh", "ž": "zh", "č": "ch", "ŝ": "shch", "û": "yu", "â": "ya", "ë": "yo",
                             "è": "e"})
# Cyrillic capitals that look like Latin ones.
_LOOKALIKE = str.maketrans("АВЕКМНОРСТХУаеорсху", "ABEKMHOPCTXYaeopcxy")
# Folding rules, applied in this order (longer spellings first).
_FOLDS = (("dzh", "j"), ("dj", "j"), ("zh", "j"), ("kh", "h"), ("x", "h"), ("tc", "s"), ("ts", "s"),
          ("shch", "sh"), ("sch", "sh"), ("ch", "\x01"), ("c", "s"), ("yu", "u"), ("iu", "u"), ("ya", "a"),
          ("ia", "a"), ("yo", "e"), ("ye", "e"), ("ie", "e"), ("y", "i"), ("q", "k"), ("w", "v"),
          ("'", ""), ("ʼ", ""), ("ʻ", ""), ("\x01", "ch"))
_SUFFIXES = ("zoda", "zade", "zod", "ova", "eva", "ov", "ev")
_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def to_latin(text: str) -> str:
    """Cyrillic text in ICAO 9303 Latin (Kazakh, Tajik and Uzbek letters included); Latin text unchanged.

    >>> to_latin("Юлдашев Фарход")
    'Iuldashev Farkhod'
    """
    if not isinstance(text, str):
        return ""
    if not _CYRILLIC.search(text):
        return text
    return iuliia.ICAO_DOC_9303.translate(text.translate(_EXTRA))


def name_key(text: str) -> str:
    """The phonetic skeleton of a name (one word or several): equal for most spellings of one name.

    >>> name_key("Khodzhaev"), name_key("Xodjaev"), name_key("Hodjaev"), name_key("Ходжаев")
    ('hojaev', 'hojaev', 'hojaev', 'hojaev')
    """
    latin = unicodedata.normalize("NFC", to_latin(text)).lower().translate(_DIACRITICS)
    latin = unicodedata.normalize("NFKD", latin).encode("ascii", "ignore").decode()
    latin = re.sub(r"[^a-z'ʼʻ ]", "", latin)
    for old, new in _FOLDS:
        latin = latin.replace(old, new)
    latin = re.sub(r"(.)\1+", r"\1", latin)
    return " ".join(latin.split())


def surname_stem(text: str) -> str:
    """The name key of a surname without its family-name suffix (-ov, -ev, -ova, -eva, -zoda, -zod, -zade).

    >>> surname_stem("Karimov"), surname_stem("KARIMOVA"), surname_stem("Karimzoda"), surname_stem("Kim")
    ('karim', 'karim', 'karim', 'kim')
    """
    key = name_key(text).replace(" ", "")
    for suffix in _SUFFIXES:
        if key.endswith(suffix) and len(key) - len(suffix) >= 3:
            return key[: -len(suffix)]
    return key


def clean_document(text: str) -> str:
    """A document number or plate in plain Latin capitals and digits: look-alikes folded, spaces removed,
    the letter O read as zero after the two-letter country code when the rest should be digits.

    >>> clean_document("ТJ 0123456"), clean_document("KZ1O23456")
    ('TJ0123456', 'KZ1023456')
    """
    if not isinstance(text, str):
        return ""
    plain = re.sub(r"\s+", "", text.translate(_LOOKALIKE)).upper()
    head, tail = plain[:2], plain[2:]
    if head.isalpha() and re.fullmatch(r"[0-9O]+", tail or "-"):
        tail = tail.replace("O", "0")
    return head + tail


__all__ = ["clean_document", "name_key", "surname_stem", "to_latin"]
