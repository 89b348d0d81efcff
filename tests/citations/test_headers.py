"""Header metadata of Vietnamese Party documents: issuer block, symbol, place and date, type, title, signer."""
import datetime as dt

from vntext.headers import compose_issuer, org_case, parse_header, sentence_case

PROVINCE = """ĐẢNG BỘ TỈNH THANH HÓA          ĐẢNG CỘNG SẢN VIỆT NAM
TỈNH ỦY                          Thanh Hóa, ngày 06 tháng 7 năm 2018
*
Số 09-HD/TU
HƯỚNG DẪN
về tổ chức sinh hoạt chuyên đề
của chi bộ trong Đảng bộ tỉnh
-----
Thực hiện Chỉ thị số 10-CT/TW ngày 30/3/2007 của Ban Bí thư, Ban Thường vụ Tỉnh ủy hướng dẫn như sau:
Nơi nhận:                     T/M BAN THƯỜNG VỤ
- Như trên,                   PHÓ BÍ THƯ
- Lưu VP.
                              (Đã ký)
                              Nguyễn Văn An
"""

CENTRAL = """BAN CHẤP HÀNH TRUNG ƯƠNG
*
Số: 10-CT/TW
ĐẢNG CỘNG SẢN VIỆT NAM
Hà Nội, ngày 30 tháng 3 năm 2007
CHỈ THỊ
CỦA BAN BÍ THƯ
VỀ NÂNG CAO CHẤT LƯỢNG SINH HOẠT CHI BỘ
Thời gian qua, sinh hoạt chi bộ đã có nhiều chuyển biến.
T/M BAN BÍ THƯ
TRẦN VĂN BÌNH
"""

LETTER = """TỈNH ỦY NGHỆ AN
BAN TUYÊN GIÁO
Số 45-CV/BTGTU
V/v hướng dẫn tuyên truyền kỷ niệm ngày thành lập Đảng
ĐẢNG CỘNG SẢN VIỆT NAM
Nghệ An, ngày 10 tháng 01 năm 2025
Kính gửi: các đảng bộ trực thuộc
"""


def test_provincial_guidance():
    h = parse_header(PROVINCE)
    assert h.issuer == "Tỉnh ủy Thanh Hóa"
    assert (h.symbol, h.kind, h.place, h.issued_on) == ("09-HD/TU", "HD", "Thanh Hóa", dt.date(2018, 7, 6))
    assert h.title == "Về tổ chức sinh hoạt chuyên đề của chi bộ trong Đảng bộ tỉnh"
    assert h.signer == "Nguyễn Văn An"
    assert h.missing == []


def test_central_directive_in_capitals():
    h = parse_header(CENTRAL)
    assert (h.issuer, h.symbol, h.kind) == ("Ban Chấp hành Trung ương", "10-CT/TW", "CT")
    assert h.title == "Về nâng cao chất lượng sinh hoạt chi bộ"
    assert h.signer == "Trần Văn Bình"


def test_letter_title_from_vv_and_body_of_a_committee():
    h = parse_header(LETTER)
    assert h.issuer == "Ban Tuyên giáo Tỉnh ủy Nghệ An"
    assert h.title == "Hướng dẫn tuyên truyền kỷ niệm ngày thành lập Đảng"
    assert h.kind == "CV" and h.missing == ["người ký"]


def test_an_article_headline_is_not_an_issuer():
    h = parse_header("CHI BỘ VĂN PHÒNG TỔ CHỨC SINH HOẠT CHUYÊN ĐỀ\nSáng nay, chi bộ đã họp.")
    assert h.issuer == "" and "cơ quan ban hành" in h.missing


def test_capitals_to_usual_spelling():
    assert org_case("BAN TỔ CHỨC TRUNG ƯƠNG") == "Ban Tổ chức Trung ương"
    assert compose_issuer(["ĐẢNG BỘ KHỐI CÁC CƠ QUAN TỈNH", "ĐẢNG ỦY KHỐI"]) == "Đảng ủy Khối các cơ quan tỉnh"
    assert compose_issuer(["ĐẢNG BỘ XÃ TÂN LẬP", "ĐẢNG ỦY"]) == "Đảng ủy xã Tân Lập"
    assert sentence_case("VỀ HỌC TẬP VÀ LÀM THEO TƯ TƯỞNG HỒ CHÍ MINH") == "Về học tập và làm theo tư tưởng Hồ Chí Minh"
