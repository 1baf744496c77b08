"""notebooks/custom_classifier.ipynb runs top to bottom on a small VNTC sample."""
import pytest
from conftest import execute_notebook

from vnpolitics.classify_data import shared_data_dir

VNTC = shared_data_dir() / "vntc" / "train.jsonl.gz"


@pytest.mark.skipif(not VNTC.exists(), reason="VNTC not found in ../shared/data")
def test_custom_classifier_notebook_trains_evaluates_and_plugs_in(monkeypatch):
    monkeypatch.setenv("VNPOLITICS_NOTEBOOK_PER_LABEL", "16")
    notebook = execute_notebook("custom_classifier.ipynb")
    outputs = [
        str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", ""))
        for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
    ]
    text = "\n".join(outputs)
    assert "(64, ['Chính trị Xã hội', 'Kinh doanh', 'Pháp luật', 'Thể thao'])" in text
    assert "accuracy:" in text and "macro F1" in text
    images = [out for cell in notebook.cells if cell.cell_type == "code"
              for out in cell.get("outputs", []) if "image/png" in out.get("data", {})]
    assert images, "the confusion matrix is shown"
    assert "('Thể thao'," in text  # the user's model, plugged into a spaCy pipeline
