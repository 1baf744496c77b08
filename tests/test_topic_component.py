"""The `topic_classifier` spaCy component: doc.cats from the shipped or a user's model."""
from __future__ import annotations

import pickle
from pathlib import Path

import pytest
import spacy

import vnpolitics.components.topic  # noqa: F401  (registers the factory)
from vnpolitics.classify import TopicClassifier

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "corpora" / "samples" / "haiphong-2024-06-15.txt"

LABELLED = {
    "Xây dựng Đảng": [
        "Đảng ủy tổ chức hội nghị kết nạp đảng viên mới, kiện toàn chi bộ trong doanh nghiệp",
        "Ban Thường vụ Tỉnh ủy kiểm điểm công tác xây dựng Đảng và tổ chức cơ sở đảng",
        "Chi bộ sinh hoạt chuyên đề học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh",
    ],
    "Kinh tế": [
        "Tỉnh thu hút vốn đầu tư nước ngoài vào khu công nghiệp, kim ngạch xuất khẩu tăng",
        "Tăng trưởng GRDP đạt 8%, thu ngân sách vượt dự toán nhờ sản xuất công nghiệp",
        "Doanh nghiệp vay vốn ngân hàng mở rộng sản xuất, giải ngân vốn đầu tư công",
    ],
}


@pytest.fixture(scope="module")
def user_model(tmp_path_factory) -> Path:
    texts = [t for texts in LABELLED.values() for t in texts]
    labels = [label for label, texts in LABELLED.items() for _ in texts]
    folder = tmp_path_factory.mktemp("model") / "party-topics"
    TopicClassifier(min_df=1, C=1.0).fit(texts, labels).save(folder)
    return folder


def test_default_model_puts_politics_and_society_on_the_sample():
    nlp = spacy.blank("vi")
    nlp.add_pipe("topic_classifier")
    doc = nlp(SAMPLE.read_text("utf-8"))
    assert max(doc.cats, key=doc.cats.get) == "Chính trị Xã hội"
    assert len(doc.cats) == 10 and sum(doc.cats.values()) == pytest.approx(1)


def test_a_users_model_plugs_in_by_folder(user_model):
    nlp = spacy.blank("vi")
    nlp.add_pipe("topic_classifier", config={"model": str(user_model)})
    doc = nlp("Đảng bộ phường kết nạp 12 đảng viên, chi bộ khu phố được kiện toàn")
    assert set(doc.cats) == {"Xây dựng Đảng", "Kinh tế"}
    assert max(doc.cats, key=doc.cats.get) == "Xây dựng Đảng"
    texts = ["Vốn đầu tư nước ngoài vào khu công nghiệp tăng mạnh", "Chi bộ họp kết nạp đảng viên"]
    piped = [max(d.cats, key=d.cats.get) for d in nlp.pipe(texts, batch_size=1)]
    assert piped == ["Kinh tế", "Xây dựng Đảng"]
    assert [nlp(t).cats for t in texts] == [d.cats for d in nlp.pipe(texts)]


def test_component_pickles_for_worker_processes(user_model):
    nlp = spacy.blank("vi")
    component = nlp.add_pipe("topic_classifier", config={"model": str(user_model)})
    again = pickle.loads(pickle.dumps(component))
    doc = nlp.make_doc("Chi bộ họp kết nạp đảng viên")
    assert again(doc).cats == component(nlp.make_doc("Chi bộ họp kết nạp đảng viên")).cats


def test_a_missing_model_folder_fails_with_one_clear_line(tmp_path):
    nlp = spacy.blank("vi")
    with pytest.raises(ValueError, match=r"topic_classifier: .*nowhere: no such model folder"):
        nlp.add_pipe("topic_classifier", config={"model": str(tmp_path / "nowhere")})


def test_vnpolitics_load_takes_a_classifier_folder(user_model):
    vnpolitics = pytest.importorskip("vnpolitics")
    nlp = vnpolitics.load(classifier=user_model, exclude=["ner"])
    if "topic_classifier" not in nlp.pipe_names:
        pytest.skip("the pipeline does not include topic_classifier yet")
    doc = nlp("Đảng ủy tổ chức hội nghị kết nạp đảng viên mới")
    assert set(doc.cats) == {"Xây dựng Đảng", "Kinh tế"}
