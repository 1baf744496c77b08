"""The article reader: the parts of a raw news page as spans of the raw text."""
from vnpolitics import read_article


def parts(raw, spans):
    return [raw[s:e] for s, e in spans]


def test_sample_page(sample_text):
    article = read_article(sample_text)
    assert article.section == "Tin địa phương"
    assert article.title == "Tăng cường phát triển Đảng trong doanh nghiệp ngoài nhà nước, hợp tác xã"
    assert sample_text[slice(*article.title_span)] == article.title
    assert (article.author, article.published) == ("Vũ Ba", "2024-06-15T09:58:00")
    captions = parts(sample_text, article.captions)
    assert len(captions) == 2
    assert captions[0].startswith("Quang cảnh hội nghị sơ kết 15 năm")
    assert captions[1].startswith("Ông Lê Trung Kiên, Trưởng Ban Quản lý")
    body = parts(sample_text, article.body)
    assert body[0].startswith("Chiều 14/6, Đảng ủy Khu kinh tế Hải Phòng")
    assert body[-1].startswith("Dịp này, Đảng ủy Khu kinh tế Hải Phòng đã khen thưởng")
    boilerplate = parts(sample_text, article.boilerplate)
    for line in ["(0) Bình luận", "Nổi bật", "Đừng bỏ lỡ", "hoi-nghi-so-ket-nghi-quyet-28-kkt.jpg",
                 "le-trung-kien-phat-bieu-hoi-nghi.jpg", "Khai mạc Lễ hội Hoa Phượng Đỏ năm 2024"]:
        assert line in boilerplate
    assert boilerplate.count(article.title) == 1  # the repeated title; the first one is the title


def test_masked_text_keeps_offsets_and_blanks_boilerplate(sample_text):
    article = read_article(sample_text)
    masked = article.masked_text()
    assert len(masked) == len(sample_text)
    assert "Nổi bật" not in masked and "(0) Bình luận" not in masked
    start, end = article.body[0]
    assert masked[start:end] == sample_text[start:end]


def test_plain_text_is_all_body():
    raw = "Sáng 14/6, Quốc hội thảo luận dự án Luật Đất đai. Nhiều đại biểu phát biểu."
    article = read_article(raw)
    assert article.title is None and parts(raw, article.body) == [raw]


def test_time_first_byline_and_dateline():
    raw = "Thời sự\nBộ Chính trị làm việc với Thành ủy Hải Phòng\n09:15 20/05/2024\nHẢI PHÒNGSáng 20/5, đoàn công tác làm việc."
    article = read_article(raw)
    assert article.published == "2024-05-20T09:15:00" and article.author is None
    assert raw[slice(*article.dateline_span)] == "HẢI PHÒNG"


def test_html_markup_is_boilerplate_and_offsets_hold():
    raw = "<html><h1>Hội nghị Ban Chấp hành Đảng bộ</h1><p>Sáng nay, <b>hội nghị</b> khai mạc tại Hà Nội với nhiều nội dung.</p><script>x=1</script></html>"
    article = read_article(raw)
    assert article.title == "Hội nghị Ban Chấp hành Đảng bộ"
    masked = article.masked_text()
    assert "<b>" not in masked and "x=1" not in masked and "hội nghị" in masked


def test_empty_and_whitespace():
    assert read_article("").body == [] and read_article(" \n\n ").body == []
