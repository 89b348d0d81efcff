"""Legacy Vietnamese encodings: every vowel with every tone survives TCVN3, VNI and Windows-1258."""
import unicodedata

import pytest

from vntext.encodings import (decode_tcvn3_bytes, decode_tcvn3_text, decode_vni_text, detect_and_decode, encode_cp1258,
                              encode_tcvn3, encode_vni, repair_text)

VOWELS = "a ă â e ê i o ô ơ u ư y".split()
TONED = [unicodedata.normalize("NFC", v + t) for v in VOWELS for t in ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")]
EVERY_COMBINATION = " ".join(TONED) + " đ"
SENTENCE = ("Thực hiện Chỉ thị số 05-CT/TW, chi bộ tổ chức sinh hoạt chuyên đề về học tập và làm theo tư tưởng, "
            "đạo đức, phong cách Hồ Chí Minh; đồng chí Bí thư nhấn mạnh trách nhiệm nêu gương của người đứng đầu.")
HEADER_CAPS = "ĐẢNG BỘ TỈNH THANH HÓA — HƯỚNG DẪN VỀ TỔ CHỨC SINH HOẠT CHUYÊN ĐỀ CỦA CHI BỘ"


def test_every_vowel_and_tone_is_listed():
    assert len(TONED) == 72
    assert len(set(TONED)) == 72


@pytest.mark.parametrize("text", [EVERY_COMBINATION, EVERY_COMBINATION.upper(), SENTENCE])
def test_vni_round_trip(text):
    assert decode_vni_text(encode_vni(text).decode("cp1252")) == text


@pytest.mark.parametrize("text", [EVERY_COMBINATION, SENTENCE, HEADER_CAPS])
def test_tcvn3_round_trip(text):
    assert decode_tcvn3_bytes(encode_tcvn3(text)) == text


def test_tcvn3_restores_capitals_in_capital_words():
    # .VnTimeH capitals share the lower-case codes; whole-capital words get their case back.
    assert decode_tcvn3_bytes(encode_tcvn3("CHỈ THỊ SỐ 10")) == "CHỈ THỊ SỐ 10"
    assert decode_tcvn3_bytes(encode_tcvn3("Hà Nội")) == "Hà Nội"


@pytest.mark.parametrize("text", [EVERY_COMBINATION, EVERY_COMBINATION.upper(), SENTENCE])
def test_cp1258_round_trip(text):
    assert unicodedata.normalize("NFC", encode_cp1258(text).decode("cp1258")) == text


def test_known_byte_values():
    assert encode_tcvn3("Đường lối") == b"\xa7\xad\xeang l\xe8i"
    assert encode_vni("Đường lối") == "Ñöôøng loái".encode("cp1252")


@pytest.mark.parametrize("encoder,name", [(encode_tcvn3, "tcvn3"), (encode_vni, "vni"), (encode_cp1258, "windows-1258"),
                                          (lambda t: t.encode("utf-8"), "utf-8"),
                                          (lambda t: unicodedata.normalize("NFD", t).encode("utf-8"), "utf-8")])
def test_detection(encoder, name):
    text, detected = detect_and_decode(encoder(SENTENCE))
    assert detected == name
    assert text == SENTENCE


def test_repair_text_of_a_legacy_font_run():
    shown = encode_tcvn3(SENTENCE).decode("latin-1")  # what a .VnTime run looks like in a DOCX
    assert repair_text(shown) == (SENTENCE, "tcvn3")
    assert decode_tcvn3_text(shown) == SENTENCE
    shown_vni = encode_vni(SENTENCE).decode("cp1252")
    assert repair_text(shown_vni) == (SENTENCE, "vni")


@pytest.mark.parametrize("text", [SENTENCE, "Cà phê sữa", "Hà", "Résumé café", "plain ASCII"])
def test_repair_leaves_unicode_alone(text):
    assert repair_text(text) == (text, "")


def test_a_normal_tcvn3_font_keeps_toned_letters_lower_case():
    """Issue 18: "Sè 88-HD/§UK" in .VnTime is "Số 88-HD/ĐUK" — the capitals of the number must not make the run
    look like a line of capitals; an "H" font (.VnTimeH) draws every letter as a capital."""
    from vntext.encodings import convert_run

    raw = encode_tcvn3("Số 88-HD/ĐUK").decode("latin-1")
    assert convert_run(raw, ".VnTime") == "Số 88-HD/ĐUK"
    assert convert_run(raw, ".VnArial") == "Số 88-HD/ĐUK"
    assert convert_run(raw, ".VnTimeH") == "SỐ 88-HD/ĐUK"
    assert convert_run(encode_tcvn3("chỉ thị số 10").decode("latin-1"), ".VnArial NarrowH") == "CHỈ THỊ SỐ 10"
