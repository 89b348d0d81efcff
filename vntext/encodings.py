"""Legacy Vietnamese encodings: detect TCVN3 (ABC), VNI (Windows) and Windows-1258 and convert to NFC.

Committees kept their files in three pre-Unicode schemes:

* **TCVN3 / ABC** (TCVN 5712:1993, VN3, fonts ``.VnTime``): one byte per letter, lower-case letters
  only for the toned vowels — capitals were drawn by a separate font (``.VnTimeH``) from the *same*
  codes, so the case of toned capitals is lost in the bytes. We restore it inside words that are
  otherwise all capitals ("CH\xd8 TH\xde" → "CHỈ THỊ").
* **VNI Windows** (fonts ``VNI-Times``): an ASCII base letter followed by a mark byte ("a" + "ù" → "á",
  "a" + "á" → "ấ"); ``ñ`` is đ, ``ô`` ơ, ``ö`` ư, ``ì í æ ó ò`` the toned i's, ``î`` ỵ; capitals use the
  upper-case mark bytes. The bytes are read as Windows-1252 first, as Windows did.
* **Windows-1258**: base letters plus *combining* tone marks (decomposed); Python's ``cp1258`` codec
  decodes it and NFC composes it. Unicode text saved decomposed (NFD) is simply NFC-normalised.

Detection decodes the bytes every way and keeps the reading whose words look most like Vietnamese
syllables (:func:`vietnamese_score`). Text that already went through a wrong decoding — a DOCX or PDF
whose runs use a ``.VnTime`` font show "Ch\xb8nh tr\xd7" — is repaired by :func:`repair_text`.
The tables were written from the published code charts and are checked by round-trip tests on a
sentence with every vowel and tone (tests/citations/test_encodings.py).
"""
from __future__ import annotations

import re
import unicodedata

# --- TCVN3 (ABC) -------------------------------------------------------------------------------
TCVN3_TO_UNICODE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}
UNICODE_TO_TCVN3: dict[str, int] = {v: k for k, v in TCVN3_TO_UNICODE.items()}

# --- VNI Windows ---------------------------------------------------------------------------------
_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT = "\u0300", "\u0301", "\u0309", "\u0303", "\u0323"
_CIRC, _BREVE = "\u0302", "\u0306"
# Mark characters (as Windows-1252 shows the bytes) → (modifier, tone). Upper-case twins follow.
VNI_MARKS: dict[str, tuple[str, str]] = {
    "ø": ("", _GRAVE), "ù": ("", _ACUTE), "û": ("", _HOOK), "õ": ("", _TILDE), "ï": ("", _DOT),
    "â": (_CIRC, ""), "à": (_CIRC, _GRAVE), "á": (_CIRC, _ACUTE), "å": (_CIRC, _HOOK), "ã": (_CIRC, _TILDE),
    "ä": (_CIRC, _DOT),
    "ê": (_BREVE, ""), "è": (_BREVE, _GRAVE), "é": (_BREVE, _ACUTE), "ú": (_BREVE, _HOOK), "ü": (_BREVE, _TILDE),
    "ë": (_BREVE, _DOT),
}
VNI_MARKS.update({k.upper(): v for k, v in list(VNI_MARKS.items())})
# Single characters that are whole letters in VNI.
VNI_LETTERS: dict[str, str] = {
    "ñ": "đ", "Ñ": "Đ", "ô": "ơ", "Ô": "Ơ", "ö": "ư", "Ö": "Ư",
    "ì": "ì", "í": "í", "æ": "ỉ", "ó": "ĩ", "ò": "ị", "Ì": "Ì", "Í": "Í", "Æ": "Ỉ", "Ó": "Ĩ", "Ò": "Ị",
    "î": "ỵ", "Î": "Ỵ",
}
_VNI_BASES_CIRC = set("aeoAEO")
_VNI_BASES_BREVE = set("aA")
_VNI_BASES_TONE = set("aeouyAEOUYơưƠƯ")

_TONES = {_GRAVE, _ACUTE, _HOOK, _TILDE, _DOT}
VIET_LOWER = "àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
VIET_CHARS = frozenset(VIET_LOWER + VIET_LOWER.upper())
_VIET_ONLY = frozenset(c for c in VIET_CHARS if ord(c) > 0xFF)  # never produced by a Latin-1 reading


def decode_vni_text(s: str) -> str:
    """VNI as shown by Windows-1252 → Unicode NFC."""
    out: list[str] = []
    i, n = 0, len(s)
    while i < n:
        c = s[i]
        base = VNI_LETTERS.get(c)
        if base is None and c not in "aeouyAEOUY":
            out.append(c)
            i += 1
            continue
        base = base or c
        mods = ""
        j = i + 1
        if j < n and s[j] in VNI_MARKS:
            mod, tone = VNI_MARKS[s[j]]
            ok = ((mod == _CIRC and base in _VNI_BASES_CIRC) or (mod == _BREVE and base in _VNI_BASES_BREVE)
                  or (not mod and base in _VNI_BASES_TONE))
            if ok:
                mods = mod + tone
                j += 1
        out.append(unicodedata.normalize("NFC", base + mods))
        i = j
    return unicodedata.normalize("NFC", "".join(out))


def _build_vni_encoder() -> dict[str, str]:
    enc: dict[str, str] = {}
    for letter, uni in VNI_LETTERS.items():
        enc.setdefault(uni, letter)
    for base in "aeouyAEOUY" + "ôöÔÖ":
        for mark in VNI_MARKS:
            if (base.islower() != mark.islower()) and mark.isalpha():
                continue
            uni = decode_vni_text(base + mark)
            if len(uni) == 1:
                enc.setdefault(uni, base + mark)
    return enc


_VNI_ENCODE = _build_vni_encoder()


def encode_vni(text: str) -> bytes:
    """Unicode → VNI Windows bytes (used to build test fixtures)."""
    out = "".join(_VNI_ENCODE.get(c, c) for c in unicodedata.normalize("NFC", text))
    return out.encode("cp1252")


def encode_tcvn3(text: str) -> bytes:
    """Unicode → TCVN3 bytes; toned capitals are written with the lower-case codes, as .VnTimeH did."""
    data = bytearray()
    for c in unicodedata.normalize("NFC", text):
        if c in UNICODE_TO_TCVN3:
            data.append(UNICODE_TO_TCVN3[c])
        elif c.lower() in UNICODE_TO_TCVN3 and c not in "ĂÂÊÔƠƯĐ":
            data.append(UNICODE_TO_TCVN3[c.lower()])
        else:
            data += c.encode("cp1252")
    return bytes(data)


def _split_tone(c: str) -> tuple[str, str]:
    """'ấ' → ('â', '\u0301'): letter with its vowel modifier, and its tone mark."""
    decomposed = unicodedata.normalize("NFD", c)
    tone = "".join(m for m in decomposed if m in _TONES)
    base = unicodedata.normalize("NFC", "".join(m for m in decomposed if m not in _TONES))
    return base, tone


def encode_cp1258(text: str) -> bytes:
    """Unicode → Windows-1258 with decomposed tones (how Vietnamese Windows stored text)."""
    out = bytearray()
    for c in unicodedata.normalize("NFC", text):
        try:
            base, tone = _split_tone(c)
            out += (base + tone).encode("cp1258")
        except UnicodeEncodeError:
            out += b"?"
    return bytes(out)


def decode_tcvn3_bytes(data: bytes, capitals: bool | None = None) -> str:
    """TCVN3 bytes → Unicode. ``capitals``: None → guess where the case of toned letters was lost (plain
    files: :func:`restore_capitals`); False → toned letters are lower-case (a run in a normal font such as
    ``.VnTime``, whose capitals are written in an "H" font); True → everything in capitals (a ``.VnTimeH`` run)."""
    chars = []
    for b in data:
        if b < 0x80:
            chars.append(chr(b))
        elif b in TCVN3_TO_UNICODE:
            chars.append(TCVN3_TO_UNICODE[b])
        else:
            chars.append(bytes([b]).decode("cp1252", errors="replace"))
    text = "".join(chars)
    if capitals is None:
        return restore_capitals(text)
    return unicodedata.normalize("NFC", text.upper() if capitals else text)


def decode_tcvn3_text(s: str, capitals: bool | None = None) -> str:
    """TCVN3 as shown by Windows-1252/Latin-1 (e.g. text of a .VnTime run) → Unicode (``capitals``: see
    :func:`decode_tcvn3_bytes`)."""
    return decode_tcvn3_bytes(_to_bytes(s), capitals)


def _to_bytes(s: str) -> bytes:
    out = bytearray()
    for c in s:
        o = ord(c)
        if o < 0x100:
            out.append(o)
        else:
            try:
                out += c.encode("cp1252")
            except UnicodeEncodeError:
                out += c.encode("utf-8")  # not a legacy glyph; keep it recognisably foreign
    return bytes(out)


_WORDISH = re.compile(r"[^\W\d_]+")


_CASED = set("ĂÂÊÔƠƯĐăâêôơưđ")  # letters TCVN3 writes with their own capital codes


def _informative(word: str) -> list[str]:
    """Letters whose case survived TCVN3 (ASCII and ă â ê ô ơ ư đ), not the toned vowels."""
    return [c for c in word if c.isalpha() and (c.isascii() or c in _CASED)]


def restore_capitals(text: str) -> str:
    """Upper-case toned letters where TCVN3 lost their case.

    A word is in capitals when its case-carrying letters are all capitals and there are two of them
    ("CHỉ" → "CHỈ"), or a capital follows a toned letter ("ủY" → "ỦY"); a word with a single leading
    capital ("Hà", "HÀ"?) follows its neighbours in the line, and a line of capitals makes every word so.
    """
    out_lines = []
    for line in unicodedata.normalize("NFC", text).split("\n"):
        info = _informative(line)
        shouting = len(info) >= 4 and sum(1 for c in info if c.isupper()) >= 0.8 * len(info)
        words = list(_WORDISH.finditer(line))
        states = [_case_state(m.group(0), shouting) for m in words]
        for i, state in enumerate(states):
            if state == "?":
                left = next((states[j] for j in range(i - 1, -1, -1) if states[j] != "?"), "")
                right = next((states[j] for j in range(i + 1, len(states)) if states[j] != "?"), "")
                states[i] = "U" if "U" in (left, right) and "l" not in (left, right) else "l"
        pieces, pos = [], 0
        for m, state in zip(words, states):
            pieces.append(line[pos:m.start()])
            pieces.append(m.group(0).upper() if state == "U" else m.group(0))
            pos = m.end()
        pieces.append(line[pos:])
        out_lines.append("".join(pieces))
    return "\n".join(out_lines)


def _case_state(word: str, shouting: bool) -> str:
    """'U' capitals, 'l' ordinary, '?' cannot tell (one leading capital, then only toned letters)."""
    letters = [c for c in word if c.isalpha()]
    info = [c for c in letters if c.isascii() or c in _CASED]
    if any(c.islower() for c in info):
        return "l"
    if not info:
        return "U" if shouting else "l"
    if shouting or len(info) >= 2:
        return "U"
    first_info = letters.index(info[0])
    if first_info > 0:
        return "U"  # "ủY": a capital after a toned letter
    if len(letters) == 1:
        return "l"
    return "?"


# --- scoring ------------------------------------------------------------------------------------
_ONSET = r"(?:ngh|ng|nh|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])?"
_VOWELS = ("a e i o u y ai ao au ay eo eu ia ie iu oa oe oi oo ua ue ui uo uu uy ye ya "
           "oai oao oay oeo uai uay uoi uou uya uye uyu ieu yeu uay uau").split()
_CODA = r"(?:ch|ng|nh|[cmnpt])?"
_SYLLABLE = re.compile(rf"^{_ONSET}(?:{'|'.join(sorted(set(_VOWELS), key=len, reverse=True))}){_CODA}$")
_WEIRD = frozenset(chr(c) for c in range(0x80, 0x100)) - VIET_CHARS - set("\u00a0«»“”‘’–—…·°±²³×÷")
_CONTROL = frozenset(chr(c) for c in range(0x00, 0x20)) - set("\t\n\r\f\v")


def _plain(word: str) -> str:
    d = unicodedata.normalize("NFD", word.lower().replace("đ", "d"))
    return "".join(c for c in d if not unicodedata.combining(c))


def vietnamese_score(text: str) -> int:
    """Higher when words look like Vietnamese syllables; strange Latin-1 symbols and two tones count against."""
    good = bad = 0
    for w in _WORDISH.findall(text):
        if w.isascii():
            continue
        if any(c not in VIET_CHARS and not c.isascii() for c in w):
            bad += 1
            continue
        tones = sum(1 for c in unicodedata.normalize("NFD", w) if c in _TONES)
        if tones > 1 or not _SYLLABLE.match(_plain(w)):
            bad += 1
        else:
            good += 1
    weird = sum(1 for c in text if c in _WEIRD or c in _CONTROL or c == "\ufffd")
    return good - 3 * bad - 2 * weird


# --- detection ------------------------------------------------------------------------------------
def detect_and_decode(data: bytes, *, nfc: bool = True) -> tuple[str, str]:
    """Bytes of a text file → (Unicode text, encoding name). Never raises on odd bytes.

    With ``nfc=False`` text that needed no conversion (UTF-8, Windows-1258) keeps its own normalisation
    form, so offsets computed on it index the file as a reader decodes it (``extract_citations``).
    """
    norm = (lambda t: unicodedata.normalize("NFC", t)) if nfc else (lambda t: t)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    elif data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return norm(data.decode("utf-16", errors="replace")), "utf-16"
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        fixed, legacy = repair_text(text)
        return (fixed, f"utf-8+{legacy}") if legacy else (norm(text), "utf-8")
    candidates = {
        "tcvn3": decode_tcvn3_bytes(data),
        "vni": decode_vni_text(data.decode("cp1252", errors="replace")),
        "windows-1258": unicodedata.normalize("NFC", data.decode("cp1258", errors="replace")),
        "windows-1252": data.decode("cp1252", errors="replace"),
    }
    best = max(candidates, key=lambda k: (vietnamese_score(candidates[k]), k == "windows-1258"))
    if best == "windows-1258" and not nfc:
        return data.decode("cp1258", errors="replace"), best
    return candidates[best], best


def repair_text(text: str) -> tuple[str, str]:
    """Unicode text that may carry legacy glyph codes (TCVN3/VNI read as Latin-1) → (NFC text, scheme|'')."""
    text = unicodedata.normalize("NFC", text or "")
    if not any(0x80 <= ord(c) <= 0xFF for c in text):
        return text, ""
    viet_only = sum(1 for c in text if c in _VIET_ONLY)
    legacy_glyphs = sum(1 for c in text if c in _WEIRD)
    if viet_only and viet_only >= legacy_glyphs:
        return text, ""  # already Unicode Vietnamese
    current = vietnamese_score(text)
    options = {"tcvn3": decode_tcvn3_text(text), "vni": decode_vni_text(text)}
    best = max(options, key=lambda k: vietnamese_score(options[k]))
    if vietnamese_score(options[best]) > current + 2:
        return options[best], best
    return text, ""


def tcvn3_capital_font(font_name: str) -> bool:
    """Whether a TCVN3 font draws only capitals: the "H" fonts (``.VnTimeH``, ``.VnArialH``, ``.VnArial NarrowH``)."""
    return (font_name or "").strip().lower().endswith("h")


def convert_run(text: str, font_name: str) -> str:
    """A DOCX run in a legacy font: '.VnTime…' → TCVN3, 'VNI-…' → VNI; other fonts unchanged.

    The font says the case of TCVN3's toned letters, which the bytes cannot: a normal font (``.VnTime``) writes
    them lower-case — "Sè 88-HD/§UK" is "Số 88-HD/ĐUK", never upper-cased by a guess from the capitals around
    it — and an "H" font (``.VnTimeH``) shows every letter as a capital.
    """
    name = (font_name or "").strip().lower()
    if name.startswith(".vn") or name.startswith("vn") and not name.startswith("vni"):
        return decode_tcvn3_text(text, capitals=tcvn3_capital_font(name))
    if name.startswith("vni"):
        return decode_vni_text(text)
    return text
