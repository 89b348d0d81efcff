"""The relevance set: queries over the demo corpus (portal/demo/library.jsonl) and their expected first result.

``expect`` names a document by symbol (``"12-HD/BTCTW@2022-10-18"`` when two share a symbol) or a guide,
pack or meeting by ``"title:<exact title>"``. ``forbid`` lists what must never appear for that viewer
(restricted or internal items, other cells' meetings). Viewers: ``anonymous``, ``member`` (a member of
Chi bộ Sở Tư pháp), ``staff`` (staff of Đảng bộ Khối Doanh nghiệp tỉnh).

Most cases count towards the set's MRR. A ``strict`` case must put ``expect`` first, and when ``exact`` is
given, that result's ``exact`` flag must be that value (numbers typed compactly, with another issuer, with a
year or date; question words; a replaced document below its replacement).
"""
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Case:
    query: str
    expect: str | None
    group: str
    who: str = "anonymous"
    forbid: tuple = field(default_factory=tuple)
    strict: bool = False
    exact: bool | None = None


PRIVATE = ("04-NQ/CB", "125-TB/ĐUK", "45-BC/ĐUK", "31-KH/ĐUK",
           "title:Chuyên đề quý I/2027: Chuẩn mực đạo đức cách mạng của đảng viên doanh nghiệp")

CASES = [
    # With and without diacritics
    Case("nâng cao chất lượng sinh hoạt chi bộ trong tình hình mới", "50-CT/TW", "diacritics"),
    Case("nang cao chat luong sinh hoat chi bo trong tinh hinh moi", "50-CT/TW", "no diacritics"),
    Case("những điều đảng viên không được làm", "37-QĐi/TW", "diacritics"),
    Case("nhung dieu dang vien khong duoc lam", "37-QĐi/TW", "no diacritics"),
    Case("chuẩn mực đạo đức cách mạng", "144-QĐ/TW", "diacritics", forbid=PRIVATE),
    Case("chuan muc dao duc cach mang cua can bo dang vien", "144-QĐ/TW", "no diacritics", forbid=PRIVATE),
    Case("quy định trách nhiệm nêu gương của cán bộ đảng viên", "08-QĐi/TW", "diacritics"),
    Case("quy dinh trach nhiem neu guong cua can bo dang vien", "08-QĐi/TW", "no diacritics"),
    Case("luật phòng chống tham nhũng", "36/2018/QH14", "diacritics"),
    Case("luat phong chong tham nhung", "36/2018/QH14", "no diacritics"),
    Case("công tác văn thư", "30/2020/NĐ-CP", "diacritics"),
    Case("cong tac van thu", "30/2020/NĐ-CP", "no diacritics"),
    Case("đột phá phát triển khoa học công nghệ", "57-NQ/TW", "diacritics"),
    Case("dot pha phat trien khoa hoc cong nghe doi moi sang tao", "57-NQ/TW", "no diacritics"),
    Case("chuyển đổi số tỉnh Hà Tĩnh", "16-NQ/TU", "diacritics"),
    Case("bao ve nguoi phat hien to giac tham nhung", "27-CT/TW", "no diacritics"),
    Case("kiểm tra giám sát và kỷ luật của Đảng", "22-QĐ/TW", "diacritics"),
    Case("khuyen khich bao ve can bo nang dong sang tao", "14-KL/TW", "no diacritics"),
    Case("quy định thi hành điều lệ đảng", "24-QĐ/TW", "diacritics"),
    Case("huong dan cu the thi hanh dieu le dang", "01-HD/TW", "no diacritics"),
    # Document numbers typed sloppily
    Case("10-CT/TW", "10-CT/TW", "number"),
    Case("10 ct tw", "10-CT/TW", "number"),
    Case("35-nq/tw", "35-NQ/TW", "number"),
    Case("1193-QD/TU", "1193-QĐ/TU", "number"),
    Case("1193 qđ tu", "1193-QĐ/TU", "number"),
    Case("08 QĐi TW", "08-QĐi/TW", "number"),
    Case("12 - HD/BTCTW", "12-HD/BTCTW@2022-10-18", "number"),
    Case("12-hd-btctw", "12-HD/BTCTW@2022-10-18", "number"),
    Case("30/2020/nd-cp", "30/2020/NĐ-CP", "number"),
    Case("36/2018/QH14", "36/2018/QH14", "number"),
    Case("42-HD/BTCTW", "42-HD/BTCTW", "number"),
    # Short forms
    Case("Chỉ thị 05", "05-CT/TW", "short form"),
    Case("chi thi 50", "50-CT/TW", "short form"),
    Case("nghi quyet 35", "35-NQ/TW", "short form"),
    Case("Nghị quyết số 57", "57-NQ/TW", "short form"),
    Case("KL 21", "21-KL/TW", "short form"),
    Case("Hướng dẫn 12 của Trung ương", "12-HD/BTCTW@2022-10-18", "short form"),
    Case("quy định 37", "37-QĐi/TW", "short form"),
    Case("kế hoạch 215", "215-KH/TU", "short form"),
    # Phrases
    Case("sinh hoạt chuyên đề năm 2026 chi bộ doanh nghiệp", "03-HD/ĐUK", "phrase"),
    Case("đấu tranh phản bác các quan điểm sai trái thù địch", "35-NQ/TW", "phrase"),
    Case("thực hành tiết kiệm chống lãng phí trong doanh nghiệp nhà nước", "08-CT/TU", "phrase", forbid=PRIVATE),
    Case("đẩy mạnh học tập và làm theo tư tưởng đạo đức phong cách Hồ Chí Minh", "05-CT/TW", "phrase"),
    Case("chuyển đổi số trong hoạt động của chi bộ",
         "title:Tài liệu sinh hoạt chuyên đề: Chuyển đổi số trong hoạt động của chi bộ", "phrase"),
    # Whole questions
    Case("Đảng viên không được làm những việc gì?", "37-QĐi/TW", "question"),
    Case("Buổi sinh hoạt chi bộ được chấm bao nhiêu điểm thì xếp loại tốt?", "42-HD/BTCTW", "question"),
    Case("Sinh hoạt chi bộ thường kỳ phải kéo dài ít nhất bao nhiêu phút?", "50-CT/TW", "question"),
    Case("Người phát hiện, tố giác tham nhũng được bảo vệ như thế nào?", "27-CT/TW", "question"),
    Case("Hai hướng dẫn cùng số hiệu 12-HD/BTCTW khác nhau ở chỗ nào?", "12-HD/BTCTW@2022-10-18", "question"),
    Case("Tỉnh Hà Tĩnh đặt mục tiêu chuyển đổi số đến năm 2030 ra sao?", "16-NQ/TU", "question"),
    Case("cán bộ đảng viên có trách nhiệm nêu gương như thế nào", "08-QĐi/TW", "question"),
    # Question words never decide the ranking: the guidance on thematic meetings, as for "sinh hoạt chuyên đề"
    Case("sinh hoạt chuyên đề là gì", "09-HD/ĐUK", "question", strict=True),
    Case("sinh hoat chuyen de la gi", "09-HD/ĐUK", "question", strict=True),
    Case("Sinh hoạt chuyên đề là gì?", "09-HD/ĐUK", "question", strict=True),
    # Numbers typed compactly or glued, with the issuer part, with a year or a date
    Case("CT05", "05-CT/TW", "number", strict=True, exact=True),
    Case("nq35", "35-NQ/TW", "number", strict=True, exact=True),
    Case("35NQ/TW", "35-NQ/TW", "number", strict=True, exact=True),
    Case("12HD/BTCTW", "12-HD/BTCTW@2022-10-18", "number", strict=True, exact=True),
    Case("hd 12 btctw", "12-HD/BTCTW@2022-10-18", "number", strict=True, exact=True),
    Case("35-NQ/TU", "35-NQ/TW", "number", strict=True, exact=False),
    Case("12-HD/ĐUK", "12-HD/BTCTW@2022-10-18", "number", strict=True, exact=False),
    Case("04-NQ/CB", "04-NQ/TW", "number", strict=True, exact=False, forbid=PRIVATE),
    Case("04-NQ/CB", "04-NQ/CB", "number", who="member", strict=True, exact=True),
    Case("12-HD/BTCTW 2018", "12-HD/BTCTW@2018-07-06", "number", strict=True, exact=True),
    Case("12-HD/BTCTW ngày 06/7/2018", "12-HD/BTCTW@2018-07-06", "number", strict=True, exact=True),
    # Validity: the replacement before the document it replaces, for the same words
    Case("hướng dẫn nâng cao chất lượng sinh hoạt chi bộ", "12-HD/BTCTW@2022-10-18", "validity", strict=True),
    # Restricted items: never shown to those who may not see them, first for those who may
    Case("04-NQ/CB", None, "restricted", forbid=PRIVATE),
    Case("nghị quyết chi bộ sở tư pháp thực hành tiết kiệm", None, "restricted", forbid=PRIVATE),
    Case("thông báo kết luận kiểm tra sinh hoạt chi bộ sáu tháng đầu năm 2026", None, "restricted", forbid=PRIVATE),
    Case("báo cáo sơ kết hướng dẫn 09-HD/ĐUK", "09-HD/ĐUK", "restricted", forbid=PRIVATE),
    Case("04-NQ/CB", "04-NQ/CB", "restricted", who="member"),
    Case("báo cáo sơ kết hướng dẫn 09-HD/ĐUK", "45-BC/ĐUK", "restricted", who="member"),
    Case("gói chuyên đề chuẩn mực đạo đức cách mạng của đảng viên doanh nghiệp",
         "title:Chuyên đề quý I/2027: Chuẩn mực đạo đức cách mạng của đảng viên doanh nghiệp", "restricted",
         who="staff"),
    Case("số hóa sổ biên bản từ năm 2024",
         "title:Sinh hoạt chuyên đề quý IV/2026: Chuyển đổi số trong hoạt động của chi bộ", "restricted",
         who="member"),
]
