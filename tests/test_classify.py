"""vnpolitics.classify: the topic classifier, its data readers, its CLI and the shipped model."""
from __future__ import annotations

import gzip
import json
from pathlib import Path

import numpy as np
import pytest
from sklearn.base import clone
from sklearn.model_selection import GridSearchCV, cross_val_score
from sklearn.pipeline import Pipeline

from vnpolitics.classify import (
    ClassifierDataError,
    ModelFormatError,
    TopicClassifier,
    cross_validate,
    duplicate_groups,
    opening,
    split_glued_dateline,
    syllables,
)
from vnpolitics.classify_data import read_labelled, sample_labelled, shared_data_dir
from vnpolitics.cli import main

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "haiphong-2024-06-15.txt"
VNTC = shared_data_dir() / "vntc" / "train.jsonl.gz"
needs_vntc = pytest.mark.skipif(not VNTC.exists(), reason="VNTC not found in ../shared/data")

SPORT = [
    "Đội tuyển Việt Nam thắng Thái Lan 2-0 trong trận chung kết, tiền đạo ghi bàn ở phút cuối",
    "Thủ môn cản phá quả phạt đền giúp câu lạc bộ giữ vững ngôi đầu bảng xếp hạng",
    "Huấn luyện viên triệu tập 25 cầu thủ chuẩn bị cho vòng loại World Cup",
    "Vận động viên điền kinh giành huy chương vàng tại SEA Games",
]
BUSINESS = [
    "Giá vàng trong nước tăng mạnh, ngân hàng điều chỉnh lãi suất cho vay doanh nghiệp",
    "Chỉ số chứng khoán VN-Index giảm điểm, nhà đầu tư bán ròng cổ phiếu ngân hàng",
    "Kim ngạch xuất khẩu gạo và cà phê tăng, doanh nghiệp mở rộng thị trường",
    "Công ty công bố lợi nhuận quý, doanh thu vượt kế hoạch năm",
]
LAW = [
    "Tòa án nhân dân xét xử bị cáo về tội lừa đảo chiếm đoạt tài sản",
    "Công an bắt giữ nghi phạm trộm cắp xe máy, khởi tố vụ án hình sự",
    "Viện kiểm sát truy tố các bị can trong đường dây buôn lậu ma túy",
    "Cơ quan điều tra khám xét nơi ở của đối tượng cướp giật tài sản",
]
TEXTS = SPORT + BUSINESS + LAW
LABELS = ["Thể thao"] * 4 + ["Kinh doanh"] * 4 + ["Pháp luật"] * 4


def small() -> TopicClassifier:
    return TopicClassifier(min_df=1, C=1.0)


# --- text preparation ----------------------------------------------------------------


def test_glued_datelines_are_split_and_ordinary_capitals_kept():
    assert split_glued_dateline("HÀ NỘIPhó chủ tịch nước tiếp đoàn") == "HÀ NỘI - Phó chủ tịch nước tiếp đoàn"
    assert split_glued_dateline("LÀOTiền đạo Việt Nam ghi bàn") == "LÀO - Tiền đạo Việt Nam ghi bàn"
    assert split_glued_dateline("TP HCM - UBND TP.HCM họp với HĐND") == "TP HCM - UBND TP.HCM họp với HĐND"
    assert syllables("HÀ NỘIPhó chủ tịch")[:3] == ["hà", "nội", "phó"]


def test_syllables_use_the_tokenizer_normalisation_and_fold_digits():
    # New-style tone placement and NFD input give the same syllables as old-style NFC.
    assert syllables("Ủy ban hòa giải") == syllables("Uỷ ban hoà giải") == ["uỷ", "ban", "hoà", "giải"]
    import unicodedata

    assert syllables(unicodedata.normalize("NFD", "Thủ tướng Chính phủ")) == ["thủ", "tướng", "chính", "phủ"]
    assert syllables("năm 2024, Nghị định 100/2019/NĐ-CP") == ["năm", "0000", "nghị", "định", "000", "0000", "nđ", "cp"]


def test_news_outlet_tags_are_not_features():
    # In VNTC "(NLĐ)" marks one outlet's articles; a model must learn topics, not outlets.
    assert syllables("Quỹ hỗ trợ (NLĐ)- Sáng nay TTO - VOV.VN - ông Nguyễn Văn A") == [
        "quỹ", "hỗ", "trợ", "sáng", "nay", "ông", "nguyễn", "văn", "a"]
    assert syllables("Tổ chức Y tế Thế giới (WHO) và tổ chức (WTO)")[-1] == "wto"


def test_opening_and_duplicate_groups():
    article = "Giá vàng tăng\nSáng nay giá vàng trong nước tăng mạnh theo giá thế giới.\nThân bài dài."
    assert opening(article, min_tokens=5) == "Giá vàng tăng\nSáng nay giá vàng trong nước tăng mạnh theo giá thế giới."
    assert duplicate_groups(["A b", "a  B", "c"]).tolist() == [0, 0, 1]


# --- the estimator contract ------------------------------------------------------------


def test_fit_predict_proba_decision_function():
    clf = small().fit(TEXTS, LABELS)
    assert list(clf.classes_) == ["Kinh doanh", "Pháp luật", "Thể thao"]
    new = ["Tiền đạo lập cú đúp, đội nhà thắng ngược", "Bị cáo lĩnh án tù vì tội lừa đảo",
           "Lãi suất ngân hàng giảm, giá cổ phiếu tăng"]
    assert clf.predict(new).tolist() == ["Thể thao", "Pháp luật", "Kinh doanh"]
    proba = clf.predict_proba(new)
    assert proba.shape == (3, 3) and np.allclose(proba.sum(axis=1), 1)
    assert (proba.argmax(axis=1) == clf.decision_function(new).argmax(axis=1)).all()
    assert clf.scores(new[0])["Thể thao"] == pytest.approx(proba[0, 2])


def test_word_features_from_the_tokenizer():
    clf = TopicClassifier(unit="words", min_df=1, C=1.0).fit(TEXTS, LABELS)
    assert clf.predict(["Tiền đạo ghi bàn ở phút cuối", "Bị cáo lừa đảo chiếm đoạt tài sản"]).tolist() == [
        "Thể thao", "Pháp luật"]


def test_two_labels_follow_scikit_learn_shapes():
    clf = small().fit(SPORT + LAW, ["Thể thao"] * 4 + ["Pháp luật"] * 4)
    scores = clf.decision_function(["Tiền đạo ghi bàn", "Tòa án xét xử bị cáo"])
    assert scores.shape == (2,)
    assert clf.predict(["Tiền đạo ghi bàn", "Tòa án xét xử bị cáo"]).tolist() == ["Thể thao", "Pháp luật"]
    assert clf.predict_proba(["Tiền đạo ghi bàn"]).shape == (1, 2)


def test_composes_with_pipeline_cross_val_score_and_grid_search():
    params = small().get_params()
    assert params["C"] == 1.0 and params["unit"] == "syllables"
    assert clone(small()).get_params() == params
    pipeline = Pipeline([("topics", small())])
    assert pipeline.fit(TEXTS, LABELS).predict([SPORT[0]]).tolist() == ["Thể thao"]
    scores = cross_val_score(small(), TEXTS, LABELS, cv=2)
    assert scores.shape == (2,) and ((0 <= scores) & (scores <= 1)).all()  # 2 examples per label: no figure
    search = GridSearchCV(small(), {"C": [0.1, 1.0], "ngram_range": [(1, 1), (1, 2)]}, cv=2).fit(TEXTS, LABELS)
    assert search.best_params_["C"] in (0.1, 1.0)


def test_multi_label():
    labels = [["Thể thao"]] * 4 + [["Kinh doanh"]] * 4 + [["Pháp luật"]] * 4
    labels[3] = ["Thể thao", "Kinh doanh"]  # a sport event with money in it
    labels[7] = ["Kinh doanh", "Pháp luật"]
    clf = TopicClassifier(min_df=1, C=1.0, multi_label=True).fit(TEXTS, labels)
    assert clf.predict(TEXTS[:2]).shape == (2, 3)
    proba = clf.predict_proba(TEXTS)
    assert ((0 <= proba) & (proba <= 1)).all()
    assert all(isinstance(names, list) for names in clf.predict_labels(TEXTS))
    assert 0 <= clf.score(TEXTS, labels) <= 1
    indicator = clf.predict(TEXTS)
    again = TopicClassifier(min_df=1, multi_label=True).fit(TEXTS, indicator)
    assert again.classes_.tolist() == [0, 1, 2]


# --- bad input: one clear line naming the place -------------------------------------------


@pytest.mark.parametrize(
    "texts, labels, message",
    [
        (TEXTS + ["Bộ Chính trị họp"], LABELS + ["Chính trị"], "label 'Chính trị' has only 1 example (example 12)"),
        (TEXTS[:2] + [" \n"] + TEXTS[3:], LABELS, "example 2: empty text"),
        (SPORT, ["Thể thao"] * 4, "a classifier needs at least 2 labels"),
        (TEXTS, LABELS[:-1], "12 texts but 11 labels"),
        ("Một văn bản", ["Thể thao"], "must be a list of texts, not a single str"),
    ],
)
def test_bad_training_data_is_named(texts, labels, message):
    with pytest.raises(ClassifierDataError, match=message.replace("(", r"\(").replace(")", r"\)")):
        small().fit(texts, labels)


def write_folder(tmp: Path, texts=TEXTS, labels=LABELS) -> Path:
    folder = tmp / "labelled"
    for i, (text, label) in enumerate(zip(texts, labels)):
        (folder / label).mkdir(parents=True, exist_ok=True)
        (folder / label / f"{i:03d}.txt").write_text(text, "utf-8")
    return folder


def run_cli(capsys, *argv: str) -> tuple[int, str, str]:
    status = main(list(argv))
    out, err = capsys.readouterr()
    return status, out, err


def test_readers_jsonl_csv_folder(tmp_path):
    rows = [{"title": t.split(",")[0], "sapo": t, "topic": l} for t, l in zip(TEXTS, LABELS)]
    jsonl = tmp_path / "data.jsonl.gz"
    with gzip.open(jsonl, "wt", encoding="utf-8") as handle:
        handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)
    data = read_labelled(jsonl, "title+sapo", "topic")
    assert len(data) == 12 and data.texts[0] == rows[0]["title"] + "\n" + rows[0]["sapo"]
    assert data.sources[4] == "data.jsonl.gz line 5"
    csv_path = tmp_path / "data.csv"
    csv_path.write_text("text,label\n" + "".join(f'"{t}",{l}\n' for t, l in zip(TEXTS, LABELS)), "utf-8")
    assert read_labelled(csv_path).labels == LABELS
    folder = read_labelled(write_folder(tmp_path))
    assert sorted(set(folder.labels)) == sorted(set(LABELS)) and folder.sources[0] == "Kinh doanh/004.txt"


def test_bad_files_give_one_line_errors(tmp_path, capsys):
    out = str(tmp_path / "model")
    csv_path = tmp_path / "missing.csv"
    csv_path.write_text("noi_dung,label\n" + "".join(f'"{t}",{l}\n' for t, l in zip(TEXTS, LABELS)), "utf-8")
    latin = tmp_path / "latin.jsonl"
    latin.write_bytes(json.dumps({"text": TEXTS[0], "label": "Thể thao"}, ensure_ascii=False).encode() + b"\n"
                      + '{"text": "Gi\u00e1 v\u00e0ng", "label": "Kinh doanh"}\n'.encode("cp1252"))
    folder = write_folder(tmp_path)
    (folder / "Văn hóa").mkdir()
    one = tmp_path / "one.jsonl"
    one.write_text("".join(json.dumps({"text": t, "label": l}, ensure_ascii=False) + "\n"
                           for t, l in zip(TEXTS + ["Lễ hội văn hóa dân gian"], LABELS + ["Văn hóa"])), "utf-8")
    empty = tmp_path / "empty.jsonl"
    empty.write_text("".join(json.dumps({"text": t, "label": l}, ensure_ascii=False) + "\n"
                             for t, l in zip(TEXTS[:5] + [""] + TEXTS[6:], LABELS)), "utf-8")
    expected = {
        str(csv_path): "missing.csv: no column 'text' (columns: noi_dung, label)",
        str(latin): "latin.jsonl line 2: not UTF-8 text",
        str(folder): "empty class: label 'Văn hóa' has no text files",
        str(one): "label 'Văn hóa' has only 1 example (one.jsonl line 13); each label needs at least 2",
        str(empty): "empty.jsonl line 6: empty text",
        str(tmp_path / "nowhere.jsonl"): "nowhere.jsonl: no such file or folder",
    }
    for data, message in expected.items():
        status, _, err = run_cli(capsys, "train-classifier", data, "-o", out)
        assert status == 2, data
        assert message in err and "Traceback" not in err and err.count("\n") == 1, err


def test_cli_train_from_folder_then_evaluate(tmp_path, capsys):
    folder = write_folder(tmp_path)
    model = tmp_path / "model"
    status, out, _ = run_cli(capsys, "train-classifier", str(folder), "-o", str(model), "--min-df", "1", "--cv", "2")
    assert status == 0 and "2-fold cross-validated accuracy" in out and "saved to" in out
    report = tmp_path / "report.json"
    status, out, _ = run_cli(capsys, "evaluate-classifier", str(model), str(folder), "--report", str(report))
    assert status == 0
    assert "Thể thao" in out and "accuracy: 1.0000" in out
    figures = json.loads(report.read_text("utf-8"))
    assert figures["accuracy"] == 1.0 and len(figures["confusion"]) == 3
    assert (tmp_path / "report.png").read_bytes()[:4] == b"\x89PNG"


# --- persistence: arrays + JSON, checked on load ---------------------------------------------


def test_save_load_round_trip_without_pickle(tmp_path):
    clf = small().fit(TEXTS, LABELS)
    clf.save(tmp_path / "m")
    assert sorted(p.name for p in (tmp_path / "m").iterdir()) == ["arrays.npz", "model.json"]
    with np.load(tmp_path / "m" / "arrays.npz", allow_pickle=False) as arrays:
        assert all(arrays[name].dtype != object for name in arrays.files)
    again = TopicClassifier.load(tmp_path / "m")
    assert np.allclose(again.predict_proba(TEXTS), clf.predict_proba(TEXTS), atol=2e-3)
    manifest = json.loads((tmp_path / "m" / "model.json").read_text("utf-8"))
    import vnpolitics

    assert manifest["vnpolitics_version"] == vnpolitics.__version__ and manifest["format_version"] == 1


def test_tampered_foreign_and_incompatible_models_are_refused(tmp_path):
    small().fit(TEXTS, LABELS).save(tmp_path / "m")
    arrays = tmp_path / "m" / "arrays.npz"
    data = bytearray(arrays.read_bytes())
    data[100] ^= 0xFF
    arrays.write_bytes(bytes(data))
    with pytest.raises(ModelFormatError, match="checksum mismatch"):
        TopicClassifier.load(tmp_path / "m")

    small().fit(TEXTS, LABELS).save(tmp_path / "future")
    manifest_path = tmp_path / "future" / "model.json"
    manifest = json.loads(manifest_path.read_text("utf-8"))
    manifest.update(format_version=9, vnpolitics_version="9.0.0")
    manifest_path.write_text(json.dumps(manifest), "utf-8")
    with pytest.raises(ModelFormatError, match=r"saved by vnpolitics 9\.0\.0 .*retrain the model"):
        TopicClassifier.load(tmp_path / "future")

    (tmp_path / "foreign").mkdir()
    (tmp_path / "foreign" / "model.json").write_text('{"format": "sklearn-pickle"}', "utf-8")
    with pytest.raises(ModelFormatError, match="not a vnpolitics topic classifier"):
        TopicClassifier.load(tmp_path / "foreign")
    with pytest.raises(ModelFormatError, match="no such model folder"):
        TopicClassifier.load(tmp_path / "nothing")


# --- the shipped model -------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_model() -> TopicClassifier:
    from vnpolitics.components.topic import classifier_path

    return TopicClassifier.load(classifier_path(None))


def test_default_model_classifies_the_sample_as_politics_and_society(default_model):
    text = SAMPLE.read_text("utf-8")
    assert default_model.predict([text]).tolist() == ["Chính trị Xã hội"]
    scores = default_model.scores(text)
    assert len(scores) == 10 and sum(scores.values()) == pytest.approx(1)


def test_default_model_reads_titles_and_leads_with_glued_datelines(default_model):
    leads = {
        "HÀ NỘIPhó chủ tịch nước tiếp đoàn đại biểu người có công với cách mạng tỉnh Hà Giang": "Chính trị Xã hội",
        "LÀOTiền đạo Nguyễn Tiến Linh ghi hai bàn giúp đội tuyển Việt Nam thắng Lào 4-0 tại AFF Cup": "Thể thao",
        "Ngân hàng Nhà nước giảm lãi suất điều hành, tỷ giá USD ổn định, doanh nghiệp được giãn nợ": "Kinh doanh",
        "Bắt giám đốc công ty lừa đảo chiếm đoạt hàng trăm tỷ đồng của nhà đầu tư": "Pháp luật",
        "Tổng thống Mỹ và Chủ tịch Trung Quốc điện đàm về căng thẳng thương mại": "Thế giới",
    }
    assert default_model.predict(list(leads)).tolist() == list(leads.values())


@needs_vntc
def test_cross_validate_groups_duplicates_on_a_vntc_sample():
    data = sample_labelled(VNTC, 12, ["Thể thao", "Kinh doanh", "Pháp luật"])
    texts = data.texts + data.texts[:6]  # duplicates must not be split across folds
    labels = data.labels + data.labels[:6]
    result = cross_validate(TopicClassifier(), texts, labels, folds=3, evaluate_on=opening)
    assert result["distinct_texts"] == 36 and result["texts"] == 42
    assert result["cv_accuracy_mean"] > 0.6 and 0 <= result["cv_variant_accuracy_mean"] <= 1


@pytest.mark.parametrize(
    "name", ["vnpolitics.classify", "vnpolitics.classify_data", "vnpolitics.classify_eval", "vnpolitics.components.topic"]
)
def test_docstring_examples(name):
    import doctest
    import importlib

    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.ELLIPSIS)
    assert result.failed == 0 and result.attempted > 0
