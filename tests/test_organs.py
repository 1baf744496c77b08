"""Organs (ORG) and titles (TITLE) by grammar, on real Vietnamese news sentences."""
from pathlib import Path

import pytest

from vnpolitics.organs import find_organs, find_organs_and_titles, find_titles, match_place

SAMPLE = Path(__file__).resolve().parents[1] / "corpora" / "samples" / "haiphong-2024-06-15.txt"


def organs(text):
    return [text[s:e] for s, e, _ in find_organs(text)]


def titles(text):
    return [(text[s:e], t.position) for s, e, t in find_titles(text)]


def test_sample_organs():
    text = SAMPLE.read_text(encoding="utf-8")
    found = organs(text)
    for organ in ("Ban Thường vụ Thành ủy", "Đảng ủy Khu kinh tế Hải Phòng", "Bộ Chính trị",
                  "Ban Quản lý Khu kinh tế Hải Phòng", "Đảng bộ Khu kinh tế Hải Phòng"):
        assert organ in found
    # The title and the organ it shares "Ban" with, as in the SCHEMA example.
    s = text.index("Trưởng Ban Quản lý")
    spans = {(a, b) for a, b, _ in find_organs(text)}
    assert (s + len("Trưởng "), s + len("Trưởng Ban Quản lý Khu kinh tế Hải Phòng")) in spans
    assert ("Trưởng", "Trưởng Ban") in titles(text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Sáng 8/2, Tỉnh ủy Yên Bái tổ chức Hội nghị Ban Chấp hành Đảng bộ tỉnh khóa XVIII",
         ["Tỉnh ủy Yên Bái", "Ban Chấp hành Đảng bộ tỉnh"]),
        ("giới thiệu để HĐND tỉnh bầu giữ chức Chủ tịch UBND tỉnh Yên Bái nhiệm kỳ 2016 - 2021",
         ["HĐND tỉnh", "UBND tỉnh Yên Bái"]),
        ("Bí thư Thành ủy TP.HCM Đinh La Thăng", ["Thành ủy TP.HCM"]),
        ("Ủy viên Ban Thường vụ Tỉnh ủy Quảng Trị, Chủ tịch Ủy ban MTTQ Việt Nam tỉnh Quảng Trị",
         ["Ban Thường vụ Tỉnh ủy Quảng Trị", "Ủy ban MTTQ Việt Nam tỉnh Quảng Trị"]),
        ("Bộ trưởng Bộ Nông nghiệp và Phát triển Nông thôn Nguyễn Xuân Cường",
         ["Bộ Nông nghiệp và Phát triển Nông thôn"]),
        ("Giám đốc Sở Nội vụ tỉnh Quảng Trị và Công an tỉnh Nghệ An", ["Sở Nội vụ tỉnh Quảng Trị", "Công an tỉnh Nghệ An"]),
        ("Chủ tịch UBND xã Cương Gián Nguyễn Văn An", ["UBND xã Cương Gián"]),
        ("Huyện ủy Tuy Đức ban hành Nghị quyết số 04-NQ/HU", ["Huyện ủy Tuy Đức"]),
        ("Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội", ["Đảng ủy Khối các trường Đại học, Cao đẳng Hà Nội"]),
        # Old-style tone placement is matched on the normalised view, reported as written.
        ("Uỷ ban Kiểm tra Trung ương và Uỷ ban nhân dân tỉnh Thừa Thiên Huế",
         ["Uỷ ban Kiểm tra Trung ương", "Uỷ ban nhân dân tỉnh Thừa Thiên Huế"]),
        ("Ủy ban T.Ư MTTQ Việt Nam tổ chức Hội nghị", ["Ủy ban T.Ư MTTQ Việt Nam"]),
        # An open-ended unit name stops before the person named after it.
        ("Phó Tổng cục trưởng Tổng cục Du lịch Nguyễn Thị Thanh Hương", ["Tổng cục Du lịch"]),
        ("Ban Thường vụ Đảng ủy Công an Trung ương", ["Ban Thường vụ Đảng ủy Công an Trung ương"]),
        # Not inside a document code.
        ("Văn bản 421/UBND-TKBT của UBND Thành phố Hà Nội", ["UBND Thành phố Hà Nội"]),
        ("Trưởng Công an Quận 2 cho biết", ["Công an Quận 2"]),
        # District divisions: "Phòng …", and "phòng" after "Trưởng" only (not "Văn phòng Hội").
        ("ông Nguyễn Tiến Lực, nguyên Trưởng Phòng Tài chính - Kế hoạch quận Tân Phú",
         ["Phòng Tài chính - Kế hoạch quận Tân Phú"]),
        ("ông Võ Trí Dũng (Trưởng phòng Tài nguyên và Môi trường)", ["phòng Tài nguyên và Môi trường"]),
        ("đại diện Văn phòng Hội và một số Ban công tác", []),
        ("Phó chủ tịch UBND TP Huỳnh Cách Mạng đã ký", ["UBND TP"]),
    ],
)
def test_organs_in_news(text, expected):
    assert organs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Ministries and departments with any joiner, case and the common abbreviations.
        ("Thứ trưởng Bộ NN&PTNT Lê Quốc Doanh và Bộ trưởng Bộ KH-ĐT Nguyễn Chí Dũng",
         ["Bộ NN&PTNT", "Bộ KH-ĐT"]),
        ("Bộ Tài Nguyên và Môi Trường, Bộ LĐ,TB&XH và Bộ Nông nghiệp - Môi trường",
         ["Bộ Tài Nguyên và Môi Trường", "Bộ LĐ,TB&XH", "Bộ Nông nghiệp - Môi trường"]),
        ("Sở Lao động - Thương binh & Xã hội TP.HCM phối hợp với Sở GD-ĐT Hà Nội",
         ["Sở Lao động - Thương binh & Xã hội TP.HCM", "Sở GD-ĐT Hà Nội"]),
        # District divisions in lower case (not "Văn phòng").
        ("Trưởng phòng Giáo dục và Đào tạo quận Hai Bà Trưng Trần Lưu Hoa cho biết",
         ["phòng Giáo dục và Đào tạo quận Hai Bà Trưng"]),
        ("phòng Giáo dục quận Hai Bà Trưng vẫn cùng với các cơ quan chức năng xác minh",
         ["phòng Giáo dục quận Hai Bà Trưng"]),
        ("đại diện Văn phòng Kinh tế của đại sứ quán", []),
        # Mass organisations at every level, the cooperative alliance, social insurance.
        ("Chủ tịch Hội Cựu thanh niên xung phong tỉnh Nghệ An và Hội Người cao tuổi xã Diễn Châu",
         ["Hội Cựu thanh niên xung phong tỉnh Nghệ An", "Hội Người cao tuổi xã Diễn Châu"]),
        ("Liên minh HTX tỉnh Quảng Ninh, Liên minh Hợp tác xã Việt Nam và Hội Thủy lợi Việt Nam",
         ["Liên minh HTX tỉnh Quảng Ninh", "Liên minh Hợp tác xã Việt Nam", "Hội Thủy lợi Việt Nam"]),
        ("Liên hiệp các Hội Văn học nghệ thuật Việt Nam", ["Liên hiệp các Hội Văn học nghệ thuật Việt Nam"]),
        ("Giám đốc BHXH tỉnh Thanh Hóa cho biết", ["BHXH tỉnh Thanh Hóa"]),
        # Party committees of hospitals and groups; the name of the person after stays out.
        ("Bí thư Đảng ủy Bệnh viện Bạch Mai Nguyễn Quốc Anh", ["Đảng ủy Bệnh viện Bạch Mai"]),
        ("Đảng ủy Tập đoàn Dầu khí Việt Nam tổ chức hội nghị", ["Đảng ủy Tập đoàn Dầu khí Việt Nam"]),
        # A bare "Đảng bộ" after a title is the organ; "Đảng bộ, chính quyền, nhân dân" is not.
        ("ông Trần Văn Minh – Phó Giám đốc, Phó Bí thư Đảng bộ, Bí thư Chi bộ khoa Sản",
         ["Đảng bộ", "Chi bộ khoa Sản"]),
        ("đã tới dự và chúc mừng Đảng bộ, chính quyền, nhân dân thành phố Hoa phượng đỏ", []),
    ],
)
def test_vocabulary_classes(text, expected):
    assert organs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Department names that run on in lower case, to a comma, full stop, dash or a verb.
        ("bà Tống Thị Minh nguyên là Vụ trưởng Vụ Lao động-Tiền lương đã được bổ nhiệm là Cục trưởng "
         "Cục Quan hệ lao động và Tiền lương.",
         ["Vụ Lao động-Tiền lương", "Cục Quan hệ lao động và Tiền lương"]),
        ("ông Trần Văn Thọ - Phó Cục trưởng Cục Đường thủy nội địa Việt Nam cho biết",
         ["Cục Đường thủy nội địa Việt Nam"]),
        ("bà Nguyễn Thị Kim Phụng, Vụ trưởng Vụ đại học, Bộ GD – ĐT cho biết", ["Vụ đại học", "Bộ GD – ĐT"]),
        ("Phó Cục trưởng Cục Văn hóa cơ sở - Bộ VHTTDL.", ["Cục Văn hóa cơ sở", "Bộ VHTTDL"]),
        ("Cục Thuế cho biết đã thu đủ", ["Cục Thuế"]),
        # Alternatives of one bracket: the longest that fits.
        ("Theo Chủ nhiệm Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng của Quốc hội Phan Thanh Bình",
         ["Ủy ban Văn hóa, Giáo dục, Thanh niên, Thiếu niên và Nhi đồng của Quốc hội"]),
        ("Chủ nhiệm Ủy ban Pháp luật của QH Nguyễn Khắc Định", ["Ủy ban Pháp luật của QH"]),
        # Branches of the State Bank, police units, inspectorates, offices heading an organ.
        ("Ông Võ Thanh Nhã- Giám đốc Ngân hàng nhà nước (NHNN) tỉnh Tiền Giang cho biết",
         ["Ngân hàng nhà nước (NHNN) tỉnh Tiền Giang"]),
        ("Đại tá Lê Tấn Bửu - Giám đốc cảnh sát PCCC TP HCM cho biết", ["cảnh sát PCCC TP HCM"]),
        ("ông Nguyễn Đăng Bình, Phó Chánh thanh tra tỉnh Yên Bái, được giao làm trưởng đoàn",
         ["thanh tra tỉnh Yên Bái"]),
        ("ông Hoàng Văn Hoan, Chánh văn phòng Ban ATGT tỉnh Vĩnh Phúc, cho biết",
         ["văn phòng Ban ATGT tỉnh Vĩnh Phúc"]),
        ("Chánh Văn phòng Tổng cục Du lịch Vũ Quốc Trí", ["Văn phòng Tổng cục Du lịch"]),
        ("đại diện Văn phòng công ty cho biết", []),
        ("đến Cảng Hải đoàn Biên phòng 48 đóng tại TP Quy Nhơn", ["Hải đoàn Biên phòng 48"]),
        # A photo credit's slash is not a document code; "NQ/TW" is.
        ("Ảnh: Văn Điệp/TTXVN. Nghị quyết 39-NQ/TW", ["TTXVN"]),
        # Not organs: names of other bodies, a person after a rank, project boards.
        ("Thư viện Công an nhân dân; Nhà xuất bản Công an nhân dân", []),
        ("Đại diện Trung Quốc là Đại tướng Phòng Phong Huy", []),
        ("nguyên Phó giám đốc Ban quản lý dự án đầu tư xây dựng hệ thống cấp nước", []),
        ("Chủ tịch Nhóm nữ đại biểu Quốc hội Việt Nam khóa XIV Tòng Thị Phóng", []),
        # Boards of a People's Council with any joiner; a one-of-a-kind state body.
        ("Ông Nguyễn Văn Dũng, Trưởng ban Kinh tế ngân sách Hội đồng nhân dân TP.HCM thẳng thắn",
         ["ban Kinh tế ngân sách Hội đồng nhân dân TP.HCM"]),
        ("hỗ trợ Ban Quản lý Lăng Chủ tịch Hồ Chí Minh trong nghiên cứu khoa học",
         ["Ban Quản lý Lăng Chủ tịch Hồ Chí Minh"]),
        # Batch 9: inspectorates heading an organ, "và" before a lower-case part, "bộ" after
        # "Bộ trưởng", departments in any case after "Sở", QH, trade unions of corporations.
        ("Phó Chánh thanh tra Sở Xây dựng Mai Thanh Tùng đã ký", ["thanh tra Sở Xây dựng"]),
        ("ông Mai Văn Trinh, Cục trưởng Cục Khảo thí và kiểm định chất lượng giáo dục, Bộ GD&ĐT cho biết.",
         ["Cục Khảo thí và kiểm định chất lượng giáo dục", "Bộ GD&ĐT"]),
        ("Nguyễn Huy Quang - Vụ trưởng Vụ Pháp chế - Bộ Y tế liên quan", ["Vụ Pháp chế", "Bộ Y tế"]),
        ("Bộ trưởng bộ Y tế Nguyễn Thị Kim Tiến đã cử đoàn công tác", ["bộ Y tế"]),
        ("bác sỹ Đàm Trung Cao, Phó Giám đốc Sở y tế Cao Bằng, cho biết; phòng y tế trường học; sở giáo dục",
         ["Sở y tế Cao Bằng"]),
        ("Sáng 14/6, Chủ tịch QH Nguyễn Thị Kim Ngân điều hành phiên chất vấn", ["QH"]),
        ("đồng chí Phùng Lê Dũng – Chủ tịch Công đoàn Tổng công ty thăm động viên", ["Công đoàn Tổng công ty"]),
        ("Phó thủ tướng Trương Hòa Bình, Viện trưởng Viện Kiểm sát nhân dân Tối cao",
         ["Viện Kiểm sát nhân dân Tối cao"]),
        ("Ảnh: Quang Hải/TTXVN. TTXVN/Tin Tức. (Nguồn: AFP/TTXVN)", ["TTXVN", "TTXVN", "TTXVN"]),
        # Batch 10: foreign bodies, numbered classes, glued dashes, police codes, TX, divisions
        # with a number, lower-case "đảng ủy" before a place.
        ("Chủ tịch Quốc hội Cuba Esteban Lazo Hernandez; Bộ trưởng Bộ Y tế công cộng Lào; phóng viên TTXVN tại Séc",
         ["TTXVN"]),
        ("đã có 40 Sở GD-ĐT gửi kết quả thi về Bộ GD-ĐT", ["Bộ GD-ĐT"]),
        ("do Ban Văn hóa-Xã hội HĐND TP.HCM phối hợp", ["Ban Văn hóa-Xã hội HĐND TP.HCM"]),
        ("kiến nghị Bộ Giao thông Vận tải giao Thanh tra Bộ ra quyết định", ["Bộ Giao thông Vận tải", "Thanh tra Bộ"]),
        ("phối hợp giữa Công an quận Bình Thạnh, PC47, PC54, Trung đoàn Cảnh sát cơ động PK20E",
         ["Công an quận Bình Thạnh", "PC47", "PC54", "Trung đoàn Cảnh sát cơ động PK20E"]),
        ("Ông Phạm Kiên, Chủ tịch UBND TX Sông Cầu cho biết", ["UBND TX Sông Cầu"]),
        ("ông Phạm Quang Hùng, Phó phòng Thanh tra 1 (Thanh tra Đà Nẵng)", ["phòng Thanh tra 1", "Thanh tra Đà Nẵng"]),
        ("vai trò của Hội Hữu nghị Việt Nam- Belarus", ["Hội Hữu nghị Việt Nam- Belarus"]),
        ("nguyên Bí thư đảng ủy xã Đồng Tâm; các cấp ủy, đảng ủy", ["đảng ủy xã Đồng Tâm"]),
        # Known department names (central_departments.txt) before a verb in lower case.
        ("Cục Xúc tiến thương mại tổ chức hội chợ; Cục Quản lý thị trường kiểm tra",
         ["Cục Xúc tiến thương mại", "Cục Quản lý thị trường"]),
    ],
)
def test_held_out_batch_forms(text, expected):
    assert organs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Vocabularies harvested from news-2017 (scripts/harvest_organs.py): police divisions
        # with the police body they belong to (a code in brackets between them kept inside).
        ("cơ quan này vừa mới phối hợp với phòng Cảnh sát truy nã tội phạm (PC52) Công an tỉnh Lào Cai bắt giữ",
         ["phòng Cảnh sát truy nã tội phạm (PC52) Công an tỉnh Lào Cai"]),
        ("Ngày 7-2, Phòng CSGT Đường bộ - Đường sắt (PC67) Công an TP.HCM cho biết",
         ["Phòng CSGT Đường bộ - Đường sắt (PC67) Công an TP.HCM"]),
        ("Phòng Quản lý xuất nhập cảnh Công an tỉnh Khánh Hòa cho biết", ["Phòng Quản lý xuất nhập cảnh Công an tỉnh Khánh Hòa"]),
        # Committees of the National Assembly with any joiner and case after the first word.
        ("Phó Chủ nhiệm Ủy ban Văn hóa – Giáo dục – Thanh niên – Thiếu niên và Nhi đồng của Quốc hội nói",
         ["Ủy ban Văn hóa – Giáo dục – Thanh niên – Thiếu niên và Nhi đồng của Quốc hội"]),
        ("Ủy viên thường trực Ủy ban Tài chính và ngân sách của Quốc hội đặt vấn đề",
         ["Ủy ban Tài chính và ngân sách của Quốc hội"]),
        ("báo cáo của Ủy ban đối ngoại Nghị viện châu Âu cho biết", []),
        # Branches after "Chi cục", bodies named by a place in any case, inspectorates of a Sở.
        ("Chi cục An toàn vệ sinh thực phẩm tỉnh Nghệ An kiểm tra", ["Chi cục An toàn vệ sinh thực phẩm tỉnh Nghệ An"]),
        ("Theo Bộ Chỉ huy quân sự tỉnh Nghệ An, việc", ["Bộ Chỉ huy quân sự tỉnh Nghệ An"]),
        ("Viện Kiểm sát Nhân dân tỉnh Bình Dương đã phê chuẩn", ["Viện Kiểm sát Nhân dân tỉnh Bình Dương"]),
        ("Thông tin trên được Thanh tra Sở Y tế TP.HCM chỉ ra hôm qua", ["Thanh tra Sở Y tế TP.HCM"]),
        # Mass organisations in any case.
        ("Chủ tịch Hội chữ thập đỏ huyện Nghĩa Đàn và Hội nhà văn Hà Nội", ["Hội chữ thập đỏ huyện Nghĩa Đàn",
                                                                       "Hội nhà văn Hà Nội"]),
        # Abbreviated unit words glued by their dot; commands with their number; police codes
        # heading their police body; zones by name.
        ("Lãnh đạo UBND Q.Ngũ Hành Sơn và Chi cục Thuế Q.1 cho biết", ["UBND Q.Ngũ Hành Sơn", "Chi cục Thuế Q.1"]),
        ("Bộ Tư lệnh Quân khu 7 và Quân khu 5, Vùng 3 Hải quân",
         ["Bộ Tư lệnh Quân khu 7", "Quân khu 5", "Vùng 3 Hải quân"]),
        ("PC45 Công an Thành phố đã nhanh chóng phối hợp", ["PC45 Công an Thành phố"]),
        ("chiều 6/2, Ban Quản lý Khu kinh tế Dung Quất và các Khu công nghiệp", ["Ban Quản lý Khu kinh tế Dung Quất"]),
        # Foreign bodies named with their state's words; a presenter (BTV) and foreign fronts.
        ("Bộ trưởng Bộ Nội vụ Cộng hòa Slovakia Robert Kalinak; Tổng Bí thư Ban Chấp hành Trung ương Đảng "
         "Cộng sản Trung Quốc; Ủy ban Đối ngoại Thượng Nghị viện Mỹ", []),
        ("BTV Vân Anh rời VTV; đảng cực hữu Mặt trận Quốc gia (FN)", ["VTV"]),
        # Batch 12: steering committees in any case, a party board alone after its head's title,
        # a department named by its abbreviation.
        ("Chủ tịch nước Trần Đại Quang, Trưởng Ban Chỉ đạo Cải cách tư pháp Trung ương chủ trì",
         ["Ban Chỉ đạo Cải cách tư pháp Trung ương"]),
        ("Ông Đặng Việt Dũng - Trưởng Ban Tuyên giáo, Phó Chủ tịch UBND TP.", ["Ban Tuyên giáo", "UBND TP"]),
        # Batch 13: "Tổng hội … Việt Nam", provincial boards and a bare "sở" after their heads' titles,
        # "liên Chính phủ" and "Nhà Quốc hội" (a building) name no organ, "công an tỉnh" in lower case.
        ("GS.TS Lê Gia Vinh, Phó Chủ tịch kiêm Tổng Thư ký Tổng hội Y học Việt Nam nêu rõ",
         ["Tổng hội Y học Việt Nam"]),
        ("ông Lê Văn Cừu - Phó giám đốc sở kiêm Trưởng ban tôn giáo và ông Phùng Minh Sơn - Phó giám đốc sở kiêm "
         "Trưởng ban thi đua khen thưởng, ông Bảo giải thích", ["sở", "ban tôn giáo", "sở", "ban thi đua khen thưởng"]),
        ("tổ chức trọng thể tại Nhà Quốc hội; kỳ họp Ủy ban liên Chính phủ Việt Nam-Lào", []),
        ("chiều 26-6, công an tỉnh Kiên Giang đã bắt tạm giam", ["công an tỉnh Kiên Giang"]),
        # Batch 14: committees in lower case after "Ủy ban", the city's military command, numbered
        # departments, a known department before a verb, "Chính phủ Việt Nam", a court after its
        # judge's title, the Pacific is no province.
        ("ý kiến của ĐBQH, Phó Chủ nhiệm Ủy ban các vấn đề xã hội của Quốc hội Đặng Thuần Phong khi",
         ["Ủy ban các vấn đề xã hội của Quốc hội"]),
        ("Trước đó, Bộ Tư lệnh TP.HCM có văn bản gửi Ban chỉ huy quân sự Q.Bình Thạnh về",
         ["Bộ Tư lệnh TP.HCM", "Ban chỉ huy quân sự Q.Bình Thạnh"]),
        ("Phó Cục trưởng Cục I - Thanh tra Chính phủ làm Trưởng đoàn.", ["Cục I", "Thanh tra Chính phủ"]),
        ("Ông Nguyễn Phong Nhã, Phó Cục trưởng Cục Viễn thông chia sẻ: “Sau khi; Vụ Công nghiệp nặng cho biết",
         ["Cục Viễn thông", "Vụ Công nghiệp nặng"]),
        ("đánh giá cao Chính phủ Việt Nam đã có; Phó Chánh án Tòa án Nhân dân kiêm Chủ tịch Hội Luật gia Bình Định",
         ["Chính phủ Việt Nam", "Tòa án Nhân dân", "Hội Luật gia Bình Định"]),
        ("Tư lệnh Bộ Tư lệnh Thái Bình Dương của Mỹ; Chủ tịch Phòng thương mại và công nghiệp Việt Nam (VCCI)",
         ["Phòng thương mại và công nghiệp Việt Nam"]),
        # Batch 15: boards of the Government, police by abbreviation, a hi-tech park's board, a
        # department after its head's title in any case, the title inside "Tổng cục Trưởng".
        ("Thứ trưởng Bộ Quốc phòng Lê Chiêm Trưởng Ban công tác đặc biệt Chính phủ Việt Nam. Ban hành nghị "
         "định của Chính phủ", ["Bộ Quốc phòng", "Ban công tác đặc biệt Chính phủ Việt Nam", "Chính phủ"]),
        ("Giám đốc CATP, Đại tá Trần Mưu đã thưởng cho CAQ Ngũ Hành Sơn số tiền", ["CATP", "CAQ Ngũ Hành Sơn"]),
        ("BQL Khu CNC Hòa Lạc đã xây dựng lộ trình", ["BQL Khu CNC Hòa Lạc"]),
        ("ông Nguyễn Văn Tuấn, Tổng cục Trưởng tổng cục Du lịch, ông", ["tổng cục Du lịch"]),
        # Batch 16: an ordinal is no class ("lần thứ 4 Ban chấp hành …"), a foreign government and
        # its people, the police's investigation agency, the national traffic-safety committee.
        ("nghị quyết hội nghị lần thứ 4 Ban chấp hành TƯ Đảng khóa 12; Chính phủ và nhân dân Singapore; "
         "Cơ quan Cảnh sát điều tra Bộ Công an; Chủ tịch UBATGT Quốc gia",
         ["Ban chấp hành TƯ Đảng", "Cơ quan Cảnh sát điều tra Bộ Công an", "UBATGT Quốc gia"]),
        # Batch 17: a known branch ends before a verb, police codes after "Phòng", the trade-union
        # confederation in lower case, a place with an apostrophe, a class after the organ.
        ("giao Chi cục Kiểm lâm tỉnh phối hợp với UBND huyện Thọ Xuân; Phòng PA71, Phòng PC54",
         ["Chi cục Kiểm lâm tỉnh", "UBND huyện Thọ Xuân", "Phòng PA71", "Phòng PC54"]),
        ("phía Tổng liên đoàn lao động Việt Nam không ủng hộ; gửi UBND các tỉnh; Ban Thường trực Tỉnh ủy vừa",
         ["Tổng liên đoàn lao động Việt Nam", "Ban Thường trực Tỉnh ủy"]),
        ("Ủy viên Ban Chấp hành Đảng bộ huyện Đắk R’lấp, Phó bí thư", ["Ban Chấp hành Đảng bộ huyện Đắk R’lấp"]),
        # Batch 18: a count of deputies names no organ, a parent ministry in brackets is one, a
        # kingdom's parliament is foreign, "UBND cấp huyện" is a class.
        ("Sở NNPTNT tỉnh Thanh Hóa (có 8 Phó Giám đốc Sở); Vụ trưởng Vụ Giáo dục đại học (Bộ GD-ĐT) cho biết",
         ["Sở NNPTNT tỉnh Thanh Hóa", "Vụ Giáo dục đại học", "Bộ GD-ĐT"]),
        ("Chủ tịch Quốc hội Vương quốc Campuchia Heng Samrin; giao UBND cấp huyện quản lý; Ban dân nguyện của "
         "Quốc hội", ["Ban dân nguyện của Quốc hội"]),
        ("đã yêu cầu Cục NTBD khẩn trương, nghiêm túc phối hợp với Vụ Pháp chế triển khai rà soát hệ thống văn "
         "bản quy phạm pháp luật liên quan, báo cáo",
         ["Cục NTBD", "Vụ Pháp chế"]),
    ],
)
def test_harvested_vocabularies(text, expected):
    assert organs(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        # Forms the held-out batches 11-18 still missed after their fixes.
        ("Ông ĐINH VĂN QUẾ, nguyên Chánh Tòa Hình sự TAND Tối cao: Quyết định của tòa liệu có đúng luật?",
         ["Tòa Hình sự TAND Tối cao"]),
        ("ông Vũ Văn Luật, Chánh Văn phòng Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn tỉnh Lai "
         "Châu cho biết; Ban chỉ huy PCTT&TKCN huyện Kỳ Anh đã sơ tán dân",
         ["Văn phòng Ban Chỉ huy Phòng chống thiên tai và Tìm kiếm cứu nạn tỉnh Lai Châu",
          "Ban chỉ huy PCTT&TKCN huyện Kỳ Anh"]),
        ("ông Nguyễn Minh Hồng, Thứ trưởng Bộ Thông tin và Truyền thông đã trở thành tân Chủ tịch Hội Truyền "
         "thông số Việt Nam nhiệm kỳ 2017 – 2022", ["Bộ Thông tin và Truyền thông", "Hội Truyền thông số Việt Nam"]),
        # Forms held-out batch 19 missed at first sight.
        ("Thiếu tướng Nguyễn Ngọc Thế, Cục trưởng Cục An ninh kinh tế nông thôn (Bộ Công an), phát biểu",
         ["Cục An ninh kinh tế nông thôn", "Bộ Công an"]),
        ("Cục Viễn thông chia sẻ: và Cục Quản lý thị trường kiểm tra (ảnh) sau đó",
         ["Cục Viễn thông", "Cục Quản lý thị trường"]),
        ("Cơ quan Cảnh sát điều tra (Bộ Công an) vừa đề nghị truy tố", ["Cơ quan Cảnh sát điều tra", "Bộ Công an"]),
        ("ĐB Đỗ Đức Hồng Hà, Ủy viên thường trực Ủy ban Tư pháp - ĐBQH Đoàn TP.Hà Nội, cũng cho rằng; ĐBQH "
         "Đoàn Thị Hậu", ["Ủy ban Tư pháp", "Đoàn TP.Hà Nội"]),
        ("Ông Hoàng Thế Ngữ, Chủ tịch Hội đá quý Việt Nam, cho biết tại Hội nghị doanh nghiệp Việt Nam",
         ["Hội đá quý Việt Nam"]),
        # Forms held-out batch 20 missed at first sight.
        ("giới thiệu ông Nguyễn Thiện Nhân làm Trưởng đoàn Tp.HCM sau khi", ["đoàn Tp.HCM"]),
        ("Hội Hồi sức cấp cứu và chống độc Việt Nam đã gửi đơn", ["Hội Hồi sức cấp cứu và chống độc Việt Nam"]),
        ("trung tướng Phạm Quốc Cương, Tư lệnh Cảnh sát cơ động, cho biết", ["Cảnh sát cơ động"]),
        ("ngoài Hiệp hội Du lịch như Liên hiệp Các hội khoa học và kỹ thuật, Hội Cựu chiến binh… và",
         ["Liên hiệp Các hội khoa học và kỹ thuật", "Hội Cựu chiến binh"]),
        # Forms held-out batch 21 missed at first sight.
        ("Bà Nguyễn Thị Minh, Tổng Giám đốc Bảo hiểm xã hội (BHXH) Việt Nam, đã giải trình",
         ["Bảo hiểm xã hội (BHXH) Việt Nam"]),
        ("thay mặt Đảng bộ Đại sứ quán, Phó Bí thư Đảng ủy Bùi Khánh Long", ["Đảng bộ Đại sứ quán", "Đảng ủy"]),
        ("đánh giá cao Ban Chỉ đạo thi tỉnh Trà Vinh; Ban chỉ đạo thi THPT quốc gia tỉnh Nghệ An",
         ["Ban Chỉ đạo thi tỉnh Trà Vinh", "Ban chỉ đạo thi THPT quốc gia tỉnh Nghệ An"]),
        ("Phạm Bình Minh, Chủ tịch Ủy ban Quốc gia APEC 2017, đã tham dự; Ủy ban Quốc gia Tìm kiếm cứu nạn, cho biết",
         ["Ủy ban Quốc gia APEC 2017", "Ủy ban Quốc gia Tìm kiếm cứu nạn"]),
        # Forms held-out batch 22 missed at first sight.
        ("PGS.TS Lương Ngọc Khuê, Cục trưởng Cục khám chữa bệnh nhận định sự cố sốc phản vệ tại Bệnh viện",
         ["Cục khám chữa bệnh"]),
        ("khẩn trương báo cáo Thường trực Chính phủ; Phó Giám đốc Sở Văn hóa và Thể thao Thừa Thiên-Huế, Trưởng ban",
         ["Thường trực Chính phủ", "Sở Văn hóa và Thể thao Thừa Thiên-Huế"]),
        ("trên Đài truyền hình Việt Nam; xin ý kiến của Tổng Liên đoàn Lao động, xin kiến nghị",
         ["Đài truyền hình Việt Nam", "Tổng Liên đoàn Lao động"]),
        ("tại Cục Nghệ thuật Biểu diễn và Tổng Cục du lịch; phối hợp với Chi Cục thú y tỉnh Hà Tĩnh kiểm tra",
         ["Cục Nghệ thuật Biểu diễn", "Tổng Cục du lịch", "Chi Cục thú y tỉnh Hà Tĩnh"]),
        ("đã chỉ đạo Ban Kiểm tra Thành ủy xác minh; do Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc Trung "
         "ương quyết định", ["Ban Kiểm tra Thành ủy"]),
        # a place after its unit word that begins with a family name ("xã Thạch Tiến"), not a person
        ("Ông Đặng Hữu Thắng, Chủ tịch UBND xã Thạch Tiến thông tin thêm; Chủ tịch UBND quận Hoàng Mai cho biết; "
         "UBND xã Cương Gián Nguyễn Văn Ba", ["UBND xã Thạch Tiến", "UBND quận Hoàng Mai", "UBND xã Cương Gián"]),
        # Forms held-out batch 23 missed or took at first sight.
        ("ĐB Đặng Hoài Tân truy trách nhiệm Bộ trưởng vụ tàu cá vỏ thép hư hỏng; Tổng cục Trưởng tổng cục Du lịch, "
         "ông A", ["tổng cục Du lịch"]),
        ("đại tá Phạm Văn Sử, Thủ trưởng Cơ quan Cảnh sát điều tra, Công an tỉnh Hòa Bình cho biết; ông Đặng Công "
         "Chúng, Chánh văn phòng HĐND&UBND đã ký",
         ["Cơ quan Cảnh sát điều tra", "Công an tỉnh Hòa Bình", "văn phòng HĐND&UBND"]),
        # Forms held-out batch 24 missed at first sight.
        ("thuộc Quân chủng Phòng không Không quân đưa ra; thuộc quân chủng Phòng không-Không quân; của QĐND Việt "
         "Nam. báo cáo Bộ chính trị và Quốc hội",
         ["Quân chủng Phòng không Không quân", "quân chủng Phòng không-Không quân", "QĐND Việt Nam", "Bộ chính trị",
          "Quốc hội"]),
        ("ông Dương Tất Thắng, Phó Chủ tịch tỉnh Hà Tĩnh kiêm Trưởng ban Quản lý khu kinh tế Hà Tĩnh cho biết",
         ["ban Quản lý khu kinh tế Hà Tĩnh"]),
        ("Ngày 26/6, Cơ quan Cảnh sát điều tra (CSĐT), Bộ Công an ra quyết định",
         ["Cơ quan Cảnh sát điều tra", "Bộ Công an"]),
        # Forms held-out batch 25 missed at first sight.
        ("Bằng khen của UBND tỉnh Hà Nam./. Chủ tịch Hội hàng không - vũ trụ Việt Nam, Chủ tịch Hội Thiên nhiên và "
         "môi trường biển Việt Nam cho rằng; nguyên Chủ tịch Hội Đông Y Việt Nam khẳng định",
         ["UBND tỉnh Hà Nam", "Hội hàng không - vũ trụ Việt Nam", "Hội Thiên nhiên và môi trường biển Việt Nam",
          "Hội Đông Y Việt Nam"]),
        # Forms held-out batch 26 missed at first sight.
        ("ông Nguyễn Chí Hiến, Phó Chủ tịch ủy ban nhân dân tỉnh Phú Yên giao; Phó Chủ tịch Hội Khoa học Công nghệ "
         "Tàu thủy Việt Nam; tại đoàn Hải Phòng, Thủ tướng; Đại biểu Quốc hội Nguyễn Chiến (đoàn Hà Nội) - Phó",
         ["ủy ban nhân dân tỉnh Phú Yên", "Hội Khoa học Công nghệ Tàu thủy Việt Nam", "đoàn Hải Phòng"]),
        # Forms held-out batch 27 missed or took at first sight.
        ("phiên họp UB Thường vụ QH thứ 10; Trưởng ban Văn hóa HĐND TP Hà Nội cho biết; giao cho Văn phòng UBND "
         "tỉnh 1 chiếc; UBND Quận 1; được sự ủy quyền của hai Chính phủ",
         ["UB Thường vụ QH", "ban Văn hóa HĐND TP Hà Nội", "Văn phòng UBND tỉnh", "UBND Quận 1"]),
        ("Trưởng ban Chỉ đạo phòng, chống tội phạm của Chính phủ, đề nghị Chánh án TAND Tối cao, Viện trưởng VKSND "
         "Tối cao xem xét", ["ban Chỉ đạo phòng, chống tội phạm của Chính phủ", "TAND Tối cao", "VKSND Tối cao"]),
        # Forms held-out batch 28 missed at first sight.
        ("Phó Cục trưởng C67 cho biết; Cục trưởng Cục quản lý chất lượng giáo dục, Bộ GD&ĐT đánh giá; Bộ trưởng Bộ "
         "Công Thương Việt Nam Trần Tuấn Anh; Cục thi hành án dân sự TP.HCM cho biết; số C67 của nhà",
         ["C67", "Cục quản lý chất lượng giáo dục", "Bộ GD&ĐT", "Bộ Công Thương Việt Nam",
          "Cục thi hành án dân sự TP.HCM"]),
        # Forms held-out batch 29 missed or took at first sight.
        ("Chủ tịch Hiệp Hội Xăng Dầu Việt Nam; Báo cáo với Tổ công tác Thủ tướng Chính phủ, Chủ tịch; Phó Chủ tịch "
         "UBND xã Cao Nhân (Thủy Nguyên, Hải Phòng) - xác nhận",
         ["Tổ công tác", "Chính phủ", "UBND xã Cao Nhân"]),
        # Forms held-out batch 31 missed or took at first sight.
        ("chuyên viên Vụ Quan hệ quốc tế đến công tác; Viện trưởng Viện Khoa học Hình sự Bộ công an cho biết; "
         "Viện trưởng Viện Kiểm sát nhân dân Tối cao", ["Vụ Quan hệ quốc tế", "Viện Kiểm sát nhân dân Tối cao"]),
        # Forms held-out batch 32 missed or took at first sight.
        ("cùng Hội người Việt Nam \"Đoàn kết\" và; Chủ tịch CĐ Y tế Việt Nam Trần Thị Bích Hằng; Công đoàn Giáo "
         "dục Việt Nam; Tổng Bí thư Nguyễn Phú Trọng Ban Bí Thư Trung ương Đảng đã họp; Chính ủy Bộ tư lệnh TP.HCM",
         ["CĐ Y tế Việt Nam", "Công đoàn Giáo dục Việt Nam", "Ban Bí Thư Trung ương Đảng", "Bộ tư lệnh TP.HCM"]),
        # Forms held-out batch 33 missed or took at first sight: a department with its ministry right after
        # it is one organ (as "Tổng cục cảnh sát Bộ Công an" in batch 14).
        ("lãnh đạo Cục Quản lý khám chữa bệnh Bộ Y tế đã có mặt; ở chân cầu thang cuốn tòa nhà Quốc hội; Ban "
         "Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam; Giám đốc Ngân hàng Nhà nước Việt Nam chi nhánh "
         "Đồng Nai Trần Quốc Tuấn; lực lượng Công an Việt Nam; Cục THA DS TP.Hà Nội có quyết định",
         ["Cục Quản lý khám chữa bệnh Bộ Y tế", "Ban Thường trực Ủy ban Trung ương Mặt trận Tổ quốc Việt Nam",
          "Ngân hàng Nhà nước Việt Nam chi nhánh Đồng Nai", "Công an Việt Nam", "Cục THA DS TP.Hà Nội"]),
        # Forms held-out batch 34 missed or took at first sight: the Party organisation of a named organ.
        ("Bí thư Chi bộ thuộc Đảng bộ Viện Kiểm sát nhân dân tỉnh Quảng Trị nhiệm kỳ 2015 - 2017; Đảng bộ Cục "
         "Thuế tỉnh Nghệ An; Phó Bí thư Đảng bộ, Bí thư Chi bộ khoa Sản; theo chủ trương của Ngân hàng nhà nước, khi",
         ["Chi bộ", "Đảng bộ Viện Kiểm sát nhân dân tỉnh Quảng Trị", "Đảng bộ Cục Thuế tỉnh Nghệ An", "Đảng bộ",
          "Chi bộ khoa Sản", "Ngân hàng nhà nước"]),
        # Forms held-out batch 35 missed or took at first sight.
        ("Phó Chủ tịch UBND TP Hồ Kỳ Minh cho biết; Hồi tháng 3/2017 Bộ Tài chính đã trình; hơn 19.200 Công đoàn "
         "cơ sở; lãnh đạo Cục Hàng không phải; Chánh VP UBND TP.HCM cho biết; dự tọa đàm với Phòng Thương mại Hoa "
         "kỳ và; cảm ơn Đảng ủy Khối các Cơ quan trung ương tổ chức; nguyên Chánh TTGT (thuộc Sở GTVT Cần Thơ)",
         ["UBND TP", "Bộ Tài chính", "Cục Hàng không", "VP UBND TP.HCM", "Đảng ủy Khối các Cơ quan trung ương",
          "TTGT", "Sở GTVT Cần Thơ"]),
        # Forms held-out batch 36 missed or took at first sight.
        ("Bí thư thứ nhất Trung ương Đoàn Lê Quốc Phong trao giải; Cục trưởng Cục Giám định Nhà nước về công trình "
         "xây dựng (Bộ Xây dựng); do Phó chủ nhiệm Ủy ban Nguyễn Văn Tuyết ký; Chủ nhiệm Ủy ban Pháp luật cho biết; "
         "Thượng tá Nguyễn Tấn Lạc (Đồn trưởng Đồn biên phòng La Dêê)",
         ["Trung ương Đoàn", "Cục Giám định Nhà nước về công trình xây dựng", "Bộ Xây dựng", "Ủy ban",
          "Ủy ban Pháp luật", "Đồn biên phòng La Dêê"]),
        # Forms held-out batch 37 missed or took at first sight.
        ("Tổng Giám đốc (TGĐ) Thông Tấn xã Việt Nam; Ủy viên Thường trực Ủy ban An ninh Quốc phòng thì; Đội "
         "trưởng Đội Điều tra tổng hợp Công an huyện Bình Chánh, cho biết; ban Thường vụ Huyện ủy Diễn Châu đã",
         ["Thông Tấn xã Việt Nam", "Ủy ban An ninh Quốc phòng", "Đội Điều tra tổng hợp Công an huyện Bình Chánh",
          "ban Thường vụ Huyện ủy Diễn Châu"]),
    ],
)
def test_forms_since_batch_18(text, expected):
    assert organs(text) == expected


def test_no_organ_in_ordinary_words():
    assert organs("Ban đầu, người dân bộ chính trị trong làng vẫn ban hành quy ước.") == []


def test_place_is_nested_with_offsets():
    text = "Chiều 14/6, Đảng ủy Khu kinh tế Hải Phòng tổ chức hội nghị"
    (_, _, organ), = find_organs(text)
    assert organ.place == "Hải Phòng"
    assert text[slice(*organ.place_span)] == "Hải Phòng"


def test_place_stops_before_a_person_name():
    view = "Chủ tịch UBND tỉnh Yên Bái Đỗ Đức Duy"
    place = match_place(view, len("Chủ tịch UBND"))
    assert place.name == "Yên Bái"


def test_titles_with_modifiers():
    text = "đồng chí Nguyễn Tuấn Anh, Phó Bí thư Thường trực Tỉnh ủy, nguyên Chủ tịch UBND tỉnh"
    organs_, titles_ = find_organs_and_titles(text)
    assert [text[s:e] for s, e, _ in organs_] == ["Tỉnh ủy", "UBND tỉnh"]
    assert [(text[s:e], t.base, t.modifiers) for s, e, t in titles_] == [
        ("Phó Bí thư Thường trực", "Bí thư", ("Phó", "Thường trực")),
        ("nguyên Chủ tịch", "Chủ tịch", ("nguyên",)),
    ]


def test_title_needing_an_organ():
    # "Ủy viên" is a title before an organ only.
    assert titles("Ủy viên Bộ Chính trị") == [("Ủy viên", "Ủy viên")]
    assert titles("các ủy viên đều có mặt") == []


def test_organ_inside_a_title_belongs_to_it():
    text = "Tổng Kiểm toán Nhà nước Hồ Đức Phớc"
    assert titles(text) == [("Tổng Kiểm toán Nhà nước", "Tổng Kiểm toán Nhà nước")]
    assert organs(text) == []


def test_offsets_map_back_through_normalisation():
    text = "Ông Lê Trung Kiên, Trưởng Ban Quản lý Khu kinh tế Hải Phòng"
    decomposed = text.replace("ư", "u\u031b")  # NFD-style ư: longer than the NFC view
    found = find_organs(decomposed)
    assert [decomposed[s:e] for s, e, _ in found] == [decomposed[decomposed.index("Ban Quản"):]]


# --- the spaCy component -------------------------------------------------------------------

import spacy  # noqa: E402
from spacy.tokens import Doc  # noqa: E402

from vnpolitics.components import organs as organs_component  # noqa: E402,F401  (factory)


def _doc(nlp, words, spaces):
    return Doc(nlp.vocab, words=words, spaces=spaces)


def test_component_rules_win_and_model_entities_nest():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnp_organs")
    words = ["Chiều", "14/6", ",", "Đảng ủy", "Khu", "kinh tế", "Hải Phòng", "tổ chức", "hội nghị", "."]
    doc = _doc(nlp, words, [True, False, True, True, True, True, True, True, False, False])
    # A model that tags the place as LOC and the organ's head as nothing.
    doc.ents = [doc.char_span(doc.text.index("Hải Phòng"), doc.text.index("Hải Phòng") + 9, label="LOC")]
    doc = nlp(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("Đảng ủy Khu kinh tế Hải Phòng", "ORG")]
    assert [(s.text, s.label_) for s in doc.spans["nested"]] == [("Hải Phòng", "LOC")]
    doc = nlp(_doc(nlp, ["UBND", "tỉnh", "Yên Bái", "họp"], [True, True, True, False]))
    assert [(s.text, s.label_) for s in doc.spans["nested"]] == [("tỉnh Yên Bái", "LOC")]  # as VLSP


def test_component_trims_a_person_running_into_a_title():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnp_organs")
    words = ["Bộ trưởng", "Bộ", "Xây dựng", "Phạm Hồng Hà", "phát biểu"]
    doc = _doc(nlp, words, [True, True, True, True, False])
    doc.ents = [Span(doc, 1, 4, label="PER")]  # a model error: organ and name as one person
    doc = nlp(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("Bộ trưởng", "TITLE"), ("Bộ Xây dựng", "ORG"), ("Phạm Hồng Hà", "PER")]


def test_component_splits_a_word_that_straddles_a_boundary():
    nlp = spacy.blank("vi", config={"nlp": {"tokenizer": {"use_pyvi": False}}})
    nlp.add_pipe("vnp_organs")
    text = "Trưởng ban Tuyên giáo Thành ủy phát biểu"
    doc = _doc(nlp, ["Trưởng ban", "Tuyên giáo", "Thành ủy", "phát biểu"], [True, True, True, False])
    doc = nlp(doc)
    assert doc.text == text
    assert [(e.text, e.label_) for e in doc.ents] == [("Trưởng", "TITLE"), ("ban Tuyên giáo Thành ủy", "ORG")]
    assert [t.text for t in doc][:3] == ["Trưởng", " ", "ban"]


from spacy.tokens import Span  # noqa: E402


def test_docstring_examples_run():
    import doctest

    import vnpolitics.components.officials
    import vnpolitics.components.organs
    import vnpolitics.officials
    import vnpolitics.organs

    for module in (vnpolitics.organs, vnpolitics.officials, vnpolitics.components.organs,
                   vnpolitics.components.officials):
        assert doctest.testmod(module).failed == 0, module.__name__
