"""Officials: who holds which position, from the patterns of Vietnamese news writing."""
import json
from pathlib import Path

from vnpolitics.officials import Official, Position, extract_officials, find_person_names

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "haiphong-2024-06-15.txt"


def positions(text, **kw):
    return {o.name: [(p.title, p.organization) for p in o.positions] for o in extract_officials(text, **kw)}


def test_sample_official_and_short_mention():
    text = SAMPLE.read_text(encoding="utf-8")
    (kien,) = extract_officials(text)
    assert kien.name == "Lê Trung Kiên"
    assert kien.honorific == "ông"
    assert [(p.title, p.organization) for p in kien.positions] == [("Trưởng Ban", "Ban Quản lý Khu kinh tế Hải Phòng")]
    s, e = kien.positions[0].span
    assert text[s:e] == "Trưởng Ban Quản lý Khu kinh tế Hải Phòng"
    mentions = [text[s:e] for s, e in kien.mentions]
    assert mentions == ["Lê Trung Kiên", "Kiên", "Lê Trung Kiên"]  # "Ông Kiên" linked to him
    record = kien.to_dict()
    assert record["name_span"] == [text.index("Lê Trung Kiên"), text.index("Lê Trung Kiên") + 13]
    assert record["positions"][0]["organization"] == "Ban Quản lý Khu kinh tế Hải Phòng"


def test_apposition_chain_gives_two_positions():
    text = "Dự hội nghị có đồng chí Nguyễn Tuấn Anh, Phó Bí thư Tỉnh ủy, Chủ tịch UBND tỉnh."
    assert positions(text) == {"Nguyễn Tuấn Anh": [("Phó Bí thư", "Tỉnh ủy"), ("Chủ tịch", "UBND tỉnh")]}


def test_title_before_name_and_dash():
    text = ("Tại hội nghị ông Mai Văn Chính - Phó trưởng ban Tổ chức Trung ương đã công bố quyết định. "
            "Thay mặt lãnh đạo Bộ Xây dựng, Bộ trưởng Phạm Hồng Hà đã chúc mừng. "
            "Phó trưởng ban Thường trực Ban Tổ chức Trung ương Nguyễn Thanh Bình trao quyết định.")
    assert positions(text) == {
        "Mai Văn Chính": [("Phó trưởng ban", "ban Tổ chức Trung ương")],
        "Phạm Hồng Hà": [("Bộ trưởng", None)],
        "Nguyễn Thanh Bình": [("Phó trưởng ban Thường trực", "Ban Tổ chức Trung ương")],
    }


def test_list_header_applies_to_each_entry():
    text = ("Dự hội nghị, có các đồng chí Ủy viên Bộ Chính trị: Nguyễn Thiện Nhân, Chủ tịch Ủy ban T.Ư MTTQ "
            "Việt Nam, Bí thư Thành ủy TP Hồ Chí Minh; Phạm Minh Chính, Bí thư T.Ư Đảng, Trưởng Ban Tổ chức "
            "T.Ư; các Phó Thủ tướng: Vương Đình Huệ, Phạm Bình Minh, Vũ Đức Đam; Phó Chủ tịch Quốc hội Uông Chu Lưu.")
    found = positions(text)
    assert found["Nguyễn Thiện Nhân"] == [("Ủy viên", "Bộ Chính trị"), ("Chủ tịch", "Ủy ban T.Ư MTTQ Việt Nam"),
                                          ("Bí thư", "Thành ủy TP Hồ Chí Minh")]
    assert found["Phạm Minh Chính"] == [("Ủy viên", "Bộ Chính trị"), ("Bí thư", "T.Ư Đảng"),
                                        ("Trưởng Ban", "Ban Tổ chức T.Ư")]
    for name in ("Vương Đình Huệ", "Phạm Bình Minh", "Vũ Đức Đam"):
        assert found[name] == [("Phó Thủ tướng", None)]
    assert found["Uông Chu Lưu"] == [("Phó Chủ tịch", "Quốc hội")]  # the header ended at ";"


def test_former_positions_and_ministry_short_names():
    text = ("Riêng đối với đồng chí Nguyễn Côn, nguyên Bí thư Trung ương Đảng, nguyên Phó Thủ tướng Chính phủ, "
            "nguyên Trưởng Ban Kinh tế Trung ương. Ông Trần Văn Hiếu, Thứ trưởng Tài chính, có mặt.")
    assert positions(text) == {
        "Nguyễn Côn": [("nguyên Bí thư", "Trung ương Đảng"), ("nguyên Phó Thủ tướng", "Chính phủ"),
                       ("nguyên Trưởng Ban", "Ban Kinh tế Trung ương")],
        "Trần Văn Hiếu": [("Thứ trưởng", "Bộ Tài chính")],
    }


def test_central_committee_alone_and_kiem():
    text = ("Ba Phó ban kiêm nhiệm gồm: ông Trần Tuấn Anh, Ủy viên Trung ương, Bộ trưởng Công Thương. "
            "Giới thiệu ông Trần Thanh Mẫn, Phó Bí thư Đảng đoàn, Phó Chủ tịch kiêm Tổng Thư ký Ủy ban T.Ư MTTQ Việt Nam.")
    assert positions(text) == {
        "Trần Tuấn Anh": [("Ủy viên", "Trung ương"), ("Bộ trưởng", "Bộ Công Thương")],
        "Trần Thanh Mẫn": [("Phó Bí thư", "Đảng đoàn"), ("Phó Chủ tịch", "Ủy ban T.Ư MTTQ Việt Nam"),
                           ("Tổng Thư ký", "Ủy ban T.Ư MTTQ Việt Nam")],
    }


def test_header_list_continues_after_a_semicolon_and_one_word_honorifics():
    text = ("Dự cuộc làm việc có các đồng chí Phó Bí thư Tỉnh ủy: Nguyễn Xuân Đường – Chủ tịch UBND tỉnh; "
            "Lê Quang Huy, Nguyễn Văn Thông cùng các đồng chí trong Ban thường vụ Tỉnh ủy. "
            "ĐB Trần Đăng Ninh, Phó Bí thư Tỉnh ủy Hòa Bình nói.")
    assert positions(text) == {
        "Nguyễn Xuân Đường": [("Phó Bí thư", "Tỉnh ủy"), ("Chủ tịch", "UBND tỉnh")],
        "Lê Quang Huy": [("Phó Bí thư", "Tỉnh ủy")],
        "Nguyễn Văn Thông": [("Phó Bí thư", "Tỉnh ủy")],
        "Trần Đăng Ninh": [("Phó Bí thư", "Tỉnh ủy Hòa Bình")],
    }


def test_a_bare_title_gives_way_to_the_same_title_with_its_organ():
    text = "Thủ tướng Nguyễn Xuân Phúc phát biểu. Thủ tướng Chính phủ Nguyễn Xuân Phúc nhấn mạnh."
    assert positions(text) == {"Nguyễn Xuân Phúc": [("Thủ tướng", "Chính phủ")]}


def test_positions_outside_organs_are_not_official():
    text = "đồng chí Trương Quý Dương, Bí thư Đảng ủy, Giám đốc Bệnh viện Đa khoa tỉnh Hòa Bình."
    assert positions(text) == {"Trương Quý Dương": [("Bí thư", "Đảng ủy")]}


def test_a_birth_date_between_name_and_apposition():
    text = ("1. Ông Lê Hồng Quang, sinh ngày 23 tháng 11 năm 1968, Ủy viên Ban Chấp hành Trung ương Đảng, Phó "
            "Bí thư Thường trực Tỉnh ủy Tiền Giang. 2. Ông Nguyễn Văn Tiến, sinh ngày 18 tháng 7 năm 1966, Thẩm "
            "phán cao cấp, Phó Chánh án Tòa án nhân dân cấp cao tại Hà Nội.")
    assert positions(text) == {
        "Lê Hồng Quang": [("Ủy viên", "Ban Chấp hành Trung ương Đảng"), ("Phó Bí thư Thường trực", "Tỉnh ủy Tiền Giang")],
        "Nguyễn Văn Tiến": [("Thẩm phán cao cấp", None), ("Phó Chánh án", "Tòa án nhân dân cấp cao tại Hà Nội")]}


def test_foreign_leaders_named_in_sino_vietnamese_are_not_officials():
    text = ("Chủ tịch nước Trần Đại Quang hội kiến Thủ tướng Trung Quốc Lý Khắc Cường. Theo TTXVN, Thủ tướng "
            "Lý Khắc Cường khẳng định sự phát triển ổn định của hai nước là cơ hội của nhau.")
    assert positions(text) == {"Trần Đại Quang": [("Chủ tịch nước", None)]}


def test_bank_heads_and_former_provinces_are_not_officials():
    assert positions("Cơ quan Cảnh sát điều tra (Bộ Công an) vừa đề nghị truy tố Phạm Công Danh (nguyên Chủ "
                     "tịch Ngân hàng Xây Dựng – VNCB, nguyên Tổng giám đốc Tập đoàn Thiên Thanh) và 23 đồng phạm") == {}
    assert positions("ông Lê Minh Hưng, Thống đốc Ngân hàng Nhà nước cho biết") == {
        "Lê Minh Hưng": [("Thống đốc", "Ngân hàng Nhà nước")]}
    # "Hà Sơn Bình" is a former province, not a person
    assert positions("giao theo quyết định 113 của Thủ tướng và 386 của Chủ tịch Hà Sơn Bình thì trong kết luận") == {}


def test_company_heads_and_names_running_into_the_next_sentence():
    assert positions("Công ty Nam Triệu, do ông Bùi Hữu Hùng, Phó Tổng Giám đốc, làm đại diện") == {}
    assert positions("TS Nguyễn Văn Long, Chủ tịch hội đồng trường ĐH Giao thông Vận tải, cho hay") == {}
    assert positions("” Phó Chủ tịch UBND huyện Mộ Đức Vũ Nhân Bên cạnh đó, việc chuyển đổi") == {
        "Vũ Nhân": [("Phó Chủ tịch", "UBND huyện Mộ Đức")]}
    assert positions("Thứ trưởng Bộ NN&PTNT Trần Thanh Nam Kết luận Hội nghị") == {
        "Trần Thanh Nam": [("Thứ trưởng", "Bộ NN&PTNT")]}
    assert positions("bị cáo Đặng Thị Ngợi (nguyên Giám đốc xí nghiệp kinh doanh chế biến thủy sản)") == {}
    assert positions("Trần Văn Hoàng (SN 1975), Giám đốc chi nhánh Văn phòng đăng ký đất đai tại Phú Quốc") == {}
    # batch 35: a body known by an acronym in the chain does not end it ...
    assert positions("ông Vũ Nhữ Thăng, Chủ tịch SFOM, Vụ trưởng Vụ Hợp tác Quốc tế (Bộ Tài chính) cho biết") == {
        "Vũ Nhữ Thăng": [("Vụ trưởng", "Vụ Hợp tác Quốc tế")]}
    # ... nor does it give the title before a name a holder
    assert positions("Chủ tịch kiêm Tổng giám đốc VNG Lê Hồng Minh và Phó chủ tịch sàn chứng khoán") == {}
    assert positions("Ông Võ Văn Hoan, Chánh VP UBND TP.HCM cho biết") == {
        "Võ Văn Hoan": [("Chánh VP", "VP UBND TP.HCM")]}
    # batch 36: a fishermen's union is no organ
    assert positions("Ông Nguyễn Văn Tính, Chủ tịch Nghiệp đoàn Nghề cá phường Vĩnh Thọ, thành phố Nha Trang chia sẻ") == {}
    assert positions("chào xã giao Tổng Bí Thư Nguyễn Phú Trọng, Chủ tịch nước Trần Đại Quang") == {
        "Nguyễn Phú Trọng": [("Tổng Bí Thư", None)], "Trần Đại Quang": [("Chủ tịch nước", None)]}
    # batch 37: "Bộ trưởng các Bộ" names no one; a caption glued to the next sentence
    assert positions("Quốc hội đã nghe Phó Thủ tướng Thường trực Chính phủ Trương Hòa Bình, Bộ trưởng các Bộ: Y tế") == {
        "Trương Hòa Bình": [("Phó Thủ tướng Thường trực", "Chính phủ")]}
    assert positions("Bộ Trưởng Bộ Kế hoạch và Đầu tư Nguyễn Chí Dũng; Bộ trưởng Bộ GD-ĐT Phùng Xuân Nhạ Ngành giáo dục") == {
        "Nguyễn Chí Dũng": [("Bộ Trưởng", "Bộ Kế hoạch và Đầu tư")], "Phùng Xuân Nhạ": [("Bộ trưởng", "Bộ GD-ĐT")]}
    # batch 38: a dash glued to the name; "Trợ lý Bộ trưởng" with the ministry's name; "NHNN Chi nhánh"
    assert positions("Tại buổi gặp mặt, ông Huỳnh Đức Thơ-Chủ tịch UBND thành phố Đà Nẵng cũng thừa nhận") == {
        "Huỳnh Đức Thơ": [("Chủ tịch", "UBND thành phố Đà Nẵng")]}
    assert positions("Theo Trợ lý Bộ trưởng Ngoại giao Phạm Sanh Châu, Cơ chế") == {
        "Phạm Sanh Châu": [("Trợ lý Bộ trưởng", "Bộ Ngoại giao")]}
    assert positions("ông Nguyễn Hoàng Minh, Phó Giám đốc NHNN Chi nhánh TP.HCM, cho biết") == {
        "Nguyễn Hoàng Minh": [("Phó Giám đốc", "NHNN Chi nhánh TP.HCM")]}
    # batch 34: a power company ("điện lực Hai Bà Trưng") is no organ
    assert positions("Sáng nay, ông Lương Văn Quý, Giám đốc điện lực Hai Bà Trưng cho biết") == {}


def test_a_title_with_its_organ_then_a_comma_and_the_named_person():
    assert positions("vụ việc triệu tập Giám đốc Sở Kế hoạch và Đầu tư tỉnh Yên Bái, ông Vũ Xuân Sáng do liên "
                     "quan") == {"Vũ Xuân Sáng": [("Giám đốc", "Sở Kế hoạch và Đầu tư tỉnh Yên Bái")]}
    # ... but not after a predicate or a class
    assert positions("Trong phát biểu nhậm chức Bí thư Thành ủy TP.HCM, ông Nguyễn Thiện Nhân nói") == {}
    assert positions("thay lời Chủ tịch quận, ông Đặng Công Chúng, Chánh văn phòng HĐND&UBND đã ký") == {
        "Đặng Công Chúng": [("Chánh văn phòng", "văn phòng HĐND&UBND")]}
    assert positions("rồi mấy ông Bộ trưởng, Thứ trưởng Tài nguyên - Môi trường, ông Võ Kim Cự, nguyên Bí thư Hà "
                     "Tĩnh cũng thôi") == {"Võ Kim Cự": [("nguyên Bí thư", "Hà Tĩnh")]}


def test_batch_25_forms():
    # "thừa ủy quyền Thủ tướng" is on behalf of the Prime Minister, not "Quyền Thủ tướng"
    assert positions("Thừa ủy quyền Thủ tướng Chính phủ, Bộ trưởng Bộ Tài chính Đinh Tiến Dũng trình bày trước "
                     "Quốc hội") == {"Đinh Tiến Dũng": [("Bộ trưởng", "Bộ Tài chính")]}
    assert positions("TTND Nguyễn Xuân Hướng, nguyên Chủ tịch Hội Đông Y Việt Nam khẳng định") == {
        "Nguyễn Xuân Hướng": [("nguyên Chủ tịch", "Hội Đông Y Việt Nam")]}
    assert positions("PGS.TS A, Đại học Quốc gia Hà Nội, Chủ tịch Hội Thiên nhiên và môi trường biển Việt Nam") == {}
    assert positions("Tổng Giám đốc Lê Kim Thành nói PMU Đường sắt nhiều đổi thay") == {}
    text = ("thi hành kỷ luật đồng chí Đinh La Thăng, Ủy viên Bộ Chính trị, Bí thư Thành ủy TP.HCM, nguyên Bí thư Đảng "
            "ủy, nguyên Chủ tịch Hội đồng thành viên Tập đoàn Dầu khí quốc gia Việt Nam và nghe đồng chí Đinh La Thăng "
            "phát biểu ý kiến")
    assert positions(text) == {"Đinh La Thăng": [("Ủy viên", "Bộ Chính trị"), ("Bí thư", "Thành ủy TP.HCM"),
                                                 ("nguyên Bí thư", "Đảng ủy")]}


def test_foreign_names_and_councils_outside_the_organs():
    assert positions("Chủ tịch Quốc hội Nguyễn Thị Kim Ngân cũng đã gửi điện mừng tới ông Michael Pence, Chủ tịch "
                     "Thượng viện và ông Paul Ryan, Chủ tịch Hạ viện Hoa Kỳ.") == {
        "Nguyễn Thị Kim Ngân": [("Chủ tịch", "Quốc hội")]}
    assert positions("GS.TS Phạm Quang Minh, Chủ tịch Hội đồng Khoa học Chương trình Nghiên cứu Internet và Xã hội, "
                     "Hiệu trưởng ĐH Khoa học") == {}


def test_batch_29_forms():
    assert positions("Báo cáo với Tổ công tác Thủ tướng Chính phủ, Chủ tịch Tập đoàn Dệt may Việt Nam Trần Quang "
                     "Nghị cam kết") == {}
    assert positions("Trang tin của Bộ Tư lệnh Thái Bình Dương Mỹ ngày 8/6 cho biết") == {}


def test_stop_words_inside_names():
    assert positions("nhờ đặt mìn nhà Giám đốc Công an tỉnh Thái Nguyên Nguyễn Như Tuấn, nhưng bị từ chối.") == {
        "Nguyễn Như Tuấn": [("Giám đốc", "Công an tỉnh Thái Nguyên")]}
    assert positions("Thiếu tướng Từ Hồng Sơn, Giám đốc Công an tỉnh Quảng Bình đã tặng hoa") == {
        "Từ Hồng Sơn": [("Giám đốc", "Công an tỉnh Quảng Bình")]}
    assert positions("ông Bùi Xuân Hòa, Giám đốc điều hành CLB SHB Đà Nẵng cũng") == {}


def test_a_person_without_position_is_not_an_official():
    assert extract_officials("Tổng Bí thư đến thăm bà Nông Thị Mọn, hộ nghèo ở xã Sĩ Bình.") == []


def test_short_title_mention_links_to_the_only_holder():
    text = ("Ông Nguyễn Văn A, Bí thư Tỉnh ủy Yên Bái, dự hội nghị. Phát biểu tại hội nghị, "
            "đồng chí Bí thư đề nghị các cấp ủy quán triệt.")
    (official,) = extract_officials(text)
    assert [text[s:e] for s, e in official.mentions] == ["Nguyễn Văn A", "Bí thư"]


def test_person_spans_from_a_model_are_used():
    text = "Bộ trưởng Thongloun Sisoulith cho biết."  # no Vietnamese family name: not by rule
    assert extract_officials(text) == []
    s = text.index("Thongloun")
    assert positions(text, persons=[(s, s + len("Thongloun Sisoulith"))]) == {"Thongloun Sisoulith": [("Bộ trưởng", None)]}


def test_names_by_rule():
    text = "Thay mặt lãnh đạo Bộ Xây dựng, Bộ trưởng Phạm Hồng Hà đã chúc mừng đồng chí Đỗ Đức Duy."
    assert [(text[s:e], h) for s, e, h in find_person_names(text)] == [("Phạm Hồng Hà", None), ("Đỗ Đức Duy", "đồng chí")]


def test_to_dict_matches_the_schema():
    official = Official("Lê Trung Kiên", (10, 23), "Ông", [Position("Trưởng Ban", "Ban Quản lý", (25, 40))], [(10, 23)])
    assert json.loads(json.dumps(official.to_dict())) == {
        "name": "Lê Trung Kiên", "name_span": [10, 23], "honorific": "Ông",
        "positions": [{"title": "Trưởng Ban", "organization": "Ban Quản lý", "span": [25, 40]}],
        "mentions": [[10, 23]],
    }


# --- patterns found missing by the held-out batches (real sentences of news-2017) ------------


def test_positions_joined_by_dong_thoi_la():
    text = ("Phó Giám đốc Sở Y tế Hòa Bình, đồng thời là đại biểu Quốc hội bà Bùi Thu Hằng làm Chủ tịch "
            "hội đồng thay vì ông Trần Quang Khánh, Giám đốc Sở Y tế như Bộ Y tế yêu cầu trước đó.")
    assert positions(text) == {
        "Bùi Thu Hằng": [("Phó Giám đốc", "Sở Y tế Hòa Bình"), ("đại biểu Quốc hội", None)],
        "Trần Quang Khánh": [("Giám đốc", "Sở Y tế")],
    }
    text = "Ông Nguyễn Văn Sơn, Giám đốc Sở Nội vụ, đồng thời là Tỉnh ủy viên cho biết như vậy."
    assert positions(text) == {"Nguyễn Văn Sơn": [("Giám đốc", "Sở Nội vụ"), ("Tỉnh ủy viên", None)]}


def test_title_joined_by_a_dash_before_the_name_shares_the_organ():
    text = "Thứ trưởng - Tổng Giám đốc BHXH VN Nguyễn Thị Minh cho biết."
    assert positions(text) == {"Nguyễn Thị Minh": [("Thứ trưởng", "BHXH VN"), ("Tổng Giám đốc", "BHXH VN")]}


def test_party_title_does_not_share_a_state_organ():
    text = "Phát biểu tại hội nghị, ông Nguyễn Văn Hải, Bí thư kiêm Chủ tịch UBND quận Nam Từ Liêm cho biết."
    assert positions(text) == {"Nguyễn Văn Hải": [("Bí thư", None), ("Chủ tịch", "UBND quận Nam Từ Liêm")]}


def test_lowercase_title_joined_by_kiem():
    text = ("giới thiệu ông Trần Thanh Mẫn, Phó bí thư Đảng đoàn, Phó chủ tịch kiêm Tổng thư ký "
            "UB Trung ương MTTQ Việt Nam để hiệp thương giữ chức Chủ tịch.")
    assert positions(text) == {"Trần Thanh Mẫn": [
        ("Phó bí thư", "Đảng đoàn"), ("Phó chủ tịch", "UB Trung ương MTTQ Việt Nam"),
        ("Tổng thư ký", "UB Trung ương MTTQ Việt Nam")]}


def test_distributive_brackets():
    text = ("Chủ tịch UBND tỉnh Đồng Tháp đã giao nhiệm vụ xác minh nội dung tố cáo ông Phan Văn Thương "
            "(Chủ tịch) và ông Đặng Văn Nang (Phó Chủ tịch) UBND TP Cao Lãnh.")
    assert positions(text) == {
        "Phan Văn Thương": [("Chủ tịch", "UBND TP Cao Lãnh")],
        "Đặng Văn Nang": [("Phó Chủ tịch", "UBND TP Cao Lãnh")],
    }


def test_bare_titles_of_a_hospital_are_not_official():
    text = ("sai phạm nghiêm trọng của ông Trần Văn Minh – Phó Giám đốc, Phó Bí thư Đảng bộ, Bí thư "
            "Chi bộ khoa Sản bệnh viện Đa khoa huyện Thường Xuân.")
    assert positions(text) == {"Trần Văn Minh": [("Phó Bí thư", "Đảng bộ"), ("Bí thư", "Chi bộ khoa Sản")]}


def test_country_between_title_and_name():
    text = ("Tới dự có Chủ tịch nước Cộng hòa Xã hội Chủ nghĩa Việt Nam Trần Đại Quang; Chủ tịch Quốc hội "
            "Nguyễn Thị Kim Ngân.")
    assert positions(text) == {"Trần Đại Quang": [("Chủ tịch nước", None)],
                               "Nguyễn Thị Kim Ngân": [("Chủ tịch", "Quốc hội")]}


def test_bare_deputy_title_in_apposition_and_a_name_ending_in_a_stop_word():
    text = ("Ban Kinh tế Trung ương còn có 8 phó trưởng ban, gồm các ông Cao Đức Phát, Phó trưởng ban "
            "Thường trực; Ngô Đông Hải; Nguyễn Ngọc Bảo.")
    assert positions(text) == {"Cao Đức Phát": [("Phó trưởng ban Thường trực", None)]}
    # ... but not the head of a newspaper's desk
    text = "ông này đưa 200 triệu đồng cho Lê Duy Phong, nguyên Trưởng Ban bạn đọc báo điện tử Giáo dục Việt Nam."
    assert positions(text) == {}


def test_pen_name_after_a_position_and_typo_truong_ban():
    text = ("có Chủ tịch Hội nhà báo Việt Nam Thuận Hữu; Ủy viên Bộ Chính trị, Trưởng Ban Kinh tế Trung "
            "ương, Trường Ban chỉ đạo Tây Bắc Nguyễn Văn Bình; Bộ trưởng Bộ Quốc phòng Mỹ James Mattis.")
    assert positions(text) == {
        "Thuận Hữu": [("Chủ tịch", "Hội nhà báo Việt Nam")],
        "Nguyễn Văn Bình": [("Ủy viên", "Bộ Chính trị"), ("Trưởng Ban", "Ban Kinh tế Trung ương"),
                            ("Trường Ban", "Ban chỉ đạo Tây Bắc")],
    }


def test_header_over_title_name_entries():
    text = ("Dự buổi Lễ có các đồng chí Ủy viên Trung ương Đảng: Phó Chủ tịch Quốc hội Uông Chu Lưu, Trưởng Ban "
            "Nội chính Trung ương Phan Đình Trạc, Chủ tịch Tổng Liên đoàn Lao động Việt Nam Bùi Văn Cường; "
            "cùng đại diện lãnh đạo các bộ.")
    found = positions(text)
    for name in ("Uông Chu Lưu", "Phan Đình Trạc", "Bùi Văn Cường"):
        assert found[name][0] == ("Ủy viên", "Trung ương Đảng")


def test_lowercase_titles_after_pho_and_ranks_in_lowercase():
    text = ("Ngày 28/6, trung tướng Đỗ Kim Tuyến, Phó tổng cục trưởng Tổng cục Cảnh sát (Bộ Công an), "
            "dẫn báo cáo của Công an tỉnh Yên Bái.")
    assert positions(text) == {"Đỗ Kim Tuyến": [("Phó tổng cục trưởng", "Tổng cục Cảnh sát")]}


def test_title_then_comma_and_honorific_at_a_clause_start_only():
    text = "Cách làm này đã thu được hiệu quả lớn” - Phó Giám đốc Sở VH-TT TP HCM, ông Mai Bá Hùng, chia sẻ."
    assert positions(text) == {"Mai Bá Hùng": [("Phó Giám đốc", "Sở VH-TT TP HCM")]}
    text = ("Tại buổi lễ, thừa ủy quyền của Chủ tịch nước, đồng chí Hoàng Dân Mạc - Bí thư Tỉnh ủy đã trao "
            "tặng Huân chương.")
    assert positions(text) == {"Hoàng Dân Mạc": [("Bí thư", "Tỉnh ủy")]}


def test_chain_before_a_name_stops_at_a_possessive_and_a_number():
    text = ("Kết thúc phần trả lời chất vấn của Bộ trưởng Bộ Nông nghiệp và Phát triển nông thôn, Chủ tịch "
            "Quốc hội Nguyễn Thị Kim Ngân phát biểu.")
    assert positions(text) == {"Nguyễn Thị Kim Ngân": [("Chủ tịch", "Quốc hội")]}
    text = ("đề nghị phê chuẩn việc bổ nhiệm 02 Thẩm phán Tòa án nhân dân tối cao, Chánh án Tòa án nhân dân "
            "tối cao Nguyễn Hòa Bình giải trình.")
    assert positions(text) == {"Nguyễn Hòa Bình": [("Chánh án", "Tòa án nhân dân tối cao")]}


def test_title_of_a_body_known_by_an_unknown_acronym_is_not_official():
    text = "Ông Dư Cao Minh, Phó Tổng Giám đốc EVNNPC cho biết, thực tế điều kiện làm việc khá vất vả."
    assert positions(text) == {}


def test_unit_word_alone_and_a_dash_glued_to_the_name():
    text = ("ông Nguyễn Quốc Khuyên - Bí thư thị trấn - bất ngờ bị một đối tượng cầm dao đâm; nhà thơ "
            "Trần Đăng Khoa- Phó Chủ tịch Hội Nhà văn Việt Nam.")
    assert positions(text) == {"Nguyễn Quốc Khuyên": [("Bí thư", "thị trấn")],
                               "Trần Đăng Khoa": [("Phó Chủ tịch", "Hội Nhà văn Việt Nam")]}


def test_coordinated_bare_title_shares_what_the_next_title_is_of():
    text = ("Trong số 9 bị can có các ông Hoàng Thế Trung, nguyên Giám đốc và Nguyễn Văn Khải, nguyên Phó "
            "giám đốc Ban quản lý dự án đầu tư xây dựng hệ thống cấp nước sông Đà - Hà Nội.")
    assert positions(text) == {}
    text = "ông Nguyễn Văn A, Chủ tịch và ông Trần Văn B, Phó Chủ tịch UBND xã Lạc Tấn cho biết."
    assert positions(text) == {"Nguyễn Văn A": [("Chủ tịch", "UBND xã Lạc Tấn")],
                               "Trần Văn B": [("Phó Chủ tịch", "UBND xã Lạc Tấn")]}


def test_a_body_outside_the_organs_stops_before_the_person_named_after_it():
    text = ("Phó Chủ tịch Thường trực Quốc hội, Chủ tịch Nhóm nữ đại biểu Quốc hội Việt Nam khóa XIV Tòng "
            "Thị Phóng đã báo cáo Tổng Bí thư Nguyễn Phú Trọng về tình hình.")
    assert positions(text) == {"Tòng Thị Phóng": [("Phó Chủ tịch Thường trực", "Quốc hội")],
                               "Nguyễn Phú Trọng": [("Tổng Bí thư", None)]}


def test_title_of_a_body_the_grammar_does_not_know_is_not_official():
    text = ('Ông Đỗ Mạnh Hà - Phó Giám đốc Nhà hát Lớn Hà Nội cho biết: "Hiện tại Nhà hát đang xây dựng đề '
            'cương". Ông Jaroslav Hanák, Chủ tịch Liên đoàn Công nghiệp và Giao thông vận tải Séc.')
    assert positions(text) == {}


def test_batch9_patterns():
    # apposition without a comma after an honorific, when the title has its organ
    text = "khảo sát xây dựng nhà máy - ông Hồ Quang Bửu Chủ tịch UBND huyện Nam Trà My cho hay."
    assert positions(text) == {"Hồ Quang Bửu": [("Chủ tịch", "UBND huyện Nam Trà My")]}
    # "đều": the titles after the name are other people's
    text = ("Tôi rất mừng khi hôm nay Phó thủ tướng Trương Hòa Bình, Viện trưởng Viện Kiểm sát nhân dân "
            "Tối cao, Bộ trưởng Bộ Công an đều nói rằng bảo vệ doanh nghiệp.")
    assert positions(text) == {"Trương Hòa Bình": [("Phó thủ tướng", None)]}
    # a title before a brand name is a company's
    text = ("gồm: ông Nguyễn Xuân Vũ (Phó Tổng giám đốc Sacombank); ông Phạm Văn Phong (Giám đốc "
            "Vietcombank - Chi nhánh Đắk Lắk).")
    assert positions(text) == {}


def test_age_in_brackets_before_the_position():
    text = ("hơn 23h ngày 6/7, ông Lê Đình Kình (82 tuổi, nguyên Bí thư đảng ủy xã Đồng Tâm) và nhiều người "
            "dân vẫn chưa ngủ.")
    assert positions(text) == {"Lê Đình Kình": [("nguyên Bí thư", "đảng ủy xã Đồng Tâm")]}


def test_batch_11_forms():
    # A known place after its unit word is not a person; a doctor's title is an honorific.
    text = ("tại Bệnh viện Đa khoa Hà Tĩnh Ngày 11-5, bác sĩ Nguyễn Viết Đồng, Phó Giám đốc Sở Y tế, Giám đốc "
            "Bệnh viện Đa khoa tỉnh Hà Tĩnh, cho biết đơn vị này vừa cứu sống")
    assert positions(text) == {"Nguyễn Viết Đồng": [("Phó Giám đốc", "Sở Y tế")]}
    # ... while a person after "UBND TP" is still a person.
    assert positions("Chủ tịch UBND TP Nguyễn Thành Phong sẽ nghe các đơn vị") == {
        "Nguyễn Thành Phong": [("Chủ tịch", "UBND TP")]}
    # An abbreviation among capitalised syllables is not a name; a bar association is no organ.
    assert positions("LS NGUYỄN THẾ PHONG, Chủ nhiệm Đoàn LS tỉnh Long An Các luật sư đang") == {}
    # "cố" (the late) is a modifier; "Tổng Cục trưởng" in capitals; "UB Kiểm tra Tỉnh ủy".
    assert positions("chương trình được cố Thủ tướng Võ Văn Kiệt chỉ đạo") == {"Võ Văn Kiệt": [("cố Thủ tướng", None)]}
    assert positions("với ông Nguyễn Ngọc Oai, Phó Tổng Cục trưởng Tổng cục Thủy sản, sau cuộc làm việc") == {
        "Nguyễn Ngọc Oai": [("Phó Tổng Cục trưởng", "Tổng cục Thủy sản")]}
    assert positions("trao đổi với báo Sơn La, Chủ nhiệm UB Kiểm tra Tỉnh ủy Hoàng Quốc Khánh cho biết") == {
        "Hoàng Quốc Khánh": [("Chủ nhiệm", "UB Kiểm tra Tỉnh ủy")]}


def test_batch_13_forms():
    # "Việt Nam" closes a position before the name after a dash.
    assert positions("Nói thêm, Bộ trưởng Công Thương Việt Nam - Trần Tuấn Anh thông tin, từ nay") == {
        "Trần Tuấn Anh": [("Bộ trưởng", "Bộ Công Thương")]}


def test_batch_14_forms():
    # "Phủ Chủ tịch" is a palace, not a title; a new sentence's "Xin" ends a name.
    assert positions("Chiều cùng ngày, tại Phủ Chủ tịch, Chủ tịch nước Trần Đại Quang đã tiếp đồng chí") == {
        "Trần Đại Quang": [("Chủ tịch nước", None)]}
    assert positions("Thứ trưởng Bộ NNPTNT Vũ Văn Tám Xin Thứ trưởng cho biết quan điểm") == {
        "Vũ Văn Tám": [("Thứ trưởng", "Bộ NNPTNT")]}


def test_company_heads_without_an_organ():
    # A director before a capitalised name that is not a person's heads a company ...
    assert positions("ông Đỗ Tịnh, Giám đốc Cường Hưng, đã cho con gái sở hữu số cổ phần") == {}
    # ... but a bare title before a pause or a verb is still a position.
    assert positions("Về phía Sở Du lịch Đà Nẵng, ông Trần Chí Cường, Phó giám đốc cũng cho biết") == {
        "Trần Chí Cường": [("Phó giám đốc", None)]}


def test_foreign_minister_named_by_the_ministry_alone():
    assert positions("Bộ trưởng Quốc phòng Hà Lan Jeanine Hennis-Plasschaert ngồi trong chiếc tiêm kích") == {}
    assert positions("ông Nguyễn Văn Tuấn, Tổng cục Trưởng tổng cục Du lịch, ông Nguyễn Ngọc Tuấn") == {
        "Nguyễn Văn Tuấn": [("Tổng cục Trưởng", "tổng cục Du lịch")]}


def test_foreign_ambassador():
    text = ("có Đại sứ Hà Lan tại Việt Nam Nienke Trootser, lãnh đạo Vụ Lễ tân Hà Lan; về phía Việt Nam, có Đại "
            "sứ Việt Nam tại Hà Lan Nguyễn Thị Hòa, cán bộ")
    assert positions(text) == {"Nguyễn Thị Hòa": [("Đại sứ", None)]}


def test_gold_file_is_consistent():
    """Every gold span points at its text; the gold has the size the guide promises."""
    records = [json.loads(line) for line in (ROOT / "corpora" / "gold" / "officials.jsonl").read_text("utf-8").splitlines()]
    for record in records:
        text = record["text"]
        for organ in record["organs"]:
            assert text[organ["start"]:organ["end"]] == organ["text"]
        for official in record["officials"]:
            s, e = official["name_span"]
            assert text[s:e] == official["name"]
    assert sum(len(o["mentions"]) for r in records for o in r["officials"]) >= 300  # official mentions
    assert {r["batch"] for r in records} >= {1, 2, 3}  # development and held-out batches


# --- the spaCy component -------------------------------------------------------------------

def test_component_on_the_sample_with_the_vnpolitics_tokenizer():
    from vnpolitics import pipeline
    from vnpolitics.components import officials as _officials, organs as _organs  # noqa: F401

    nlp = pipeline.blank()
    nlp.add_pipe("vnp_organs")
    nlp.add_pipe("vnp_officials")
    text = SAMPLE.read_text(encoding="utf-8")
    doc = nlp(text)
    ents = {(e.text, e.label_) for e in doc.ents}
    for expected in [("Lê Trung Kiên", "PER"), ("Trưởng", "TITLE"), ("Ban Thường vụ Thành ủy", "ORG"),
                     ("Đảng ủy Khu kinh tế Hải Phòng", "ORG"), ("Bộ Chính trị", "ORG"),
                     ("Ban Quản lý Khu kinh tế Hải Phòng", "ORG")]:
        assert expected in ents
    (kien,) = doc._.officials
    assert kien.to_dict()["positions"][0]["organization"] == "Ban Quản lý Khu kinh tế Hải Phòng"
    assert "Kiên" in [text[s:e] for s, e in kien.mentions]
    assert ("Hải Phòng", "LOC") in {(s.text, s.label_) for s in doc.spans["nested"]}
    # Docs cross processes: officials are stored as plain data.
    (again,) = list(nlp.pipe([text], n_process=2))
    assert [o.to_dict() for o in again._.officials] == [o.to_dict() for o in doc._.officials]


def test_component_uses_model_persons():
    import spacy
    from spacy.tokens import Doc, Span
    from vnpolitics.components import officials as _officials  # noqa: F401

    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnp_officials")
    words = ["Bộ trưởng", "Thongloun Sisoulith", "phát biểu"]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, False])
    doc.ents = [Span(doc, 1, 2, label="PER")]
    doc = nlp(doc)
    assert [(o.name, [(p.title, p.organization) for p in o.positions]) for o in doc._.officials] == [
        ("Thongloun Sisoulith", [("Bộ trưởng", None)])]


def test_a_name_glued_to_its_organ_is_cut_without_the_space():
    # The segmenter glues a run of capitalised syllables into one word and the model tags it
    # PER; the organ rule takes "Bộ Công Thương" back, and the person keeps no leading space.
    from spacy.tokens import Doc, Span

    from vnpolitics import pipeline

    nlp = pipeline.blank()
    nlp.add_pipe("vnp_organs")
    nlp.add_pipe("vnp_officials")
    words = ["Thứ trưởng", "Bộ Công Thương Hoàng Quốc Vượng", "đã", "yêu cầu", "Vụ", "Kế hoạch", "chủ trì", "."]
    doc = Doc(nlp.vocab, words=words, spaces=[True, True, True, True, True, True, False, False])
    doc.ents = [Span(doc, 1, 2, label="PER")]
    for _, component in nlp.pipeline:
        doc = component(doc)
    assert ("Hoàng Quốc Vượng", "PER") in {(e.text, e.label_) for e in doc.ents}
    (official,) = doc._.officials
    assert official.to_dict()["name"] == "Hoàng Quốc Vượng"
    assert [(p["title"], p["organization"]) for p in official.to_dict()["positions"]] == [
        ("Thứ trưởng", "Bộ Công Thương")]
