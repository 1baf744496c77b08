"""The normalised view: one spelling for models, offsets into the original."""
import unicodedata

from hypothesis import given, strategies as st

from vnpolitics.text import normalize


def test_new_style_tones_move_to_the_old_style_of_vlsp():
    assert normalize("Ủy ban hòa giải Thủy lợi khỏe").text == "Uỷ ban hoà giải Thuỷ lợi khoẻ"


def test_tone_stays_when_a_final_consonant_follows_or_after_qu():
    assert normalize("Hoàng thuyền quý khuya").text == "Hoàng thuyền quý khuya"


def test_nfd_input_gives_the_nfc_view_and_maps_back():
    original = unicodedata.normalize("NFD", "Ủy ban nhân dân tỉnh Hà Giang")
    view = normalize(original)
    assert view.text == "Uỷ ban nhân dân tỉnh Hà Giang"
    start = view.text.index("Hà Giang")
    s, e = view.to_original(start, start + len("Hà Giang"))
    assert unicodedata.normalize("NFC", original[s:e]) == "Hà Giang"


def test_lookalike_characters_are_folded():
    assert normalize("Ðảng\u00a0viên").text == "Đảng viên"


@given(st.text(max_size=200))
def test_every_view_offset_maps_into_the_original(text):
    view = normalize(text)
    assert len(view.starts) == len(view.text) + 1
    assert view.starts[-1] == len(text)
    assert list(view.starts) == sorted(view.starts)
    assert all(0 <= s <= len(text) for s in view.starts)
