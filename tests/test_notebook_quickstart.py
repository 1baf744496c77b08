"""notebooks/quickstart.ipynb runs top to bottom, so it never rots."""
from conftest import execute_notebook


def test_quickstart_notebook_runs_and_shows_the_sample():
    notebook = execute_notebook("quickstart.ipynb")
    outputs = "\n".join(
        str(out.get("text", "")) + str(out.get("data", {}).get("text/plain", "")) + str(out.get("data", {}).get("text/html", ""))
        for cell in notebook.cells if cell.cell_type == "code" for out in cell.get("outputs", [])
    )
    assert "Tăng cường phát triển Đảng trong doanh nghiệp ngoài nhà nước, hợp tác xã" in outputs
    assert "(11, [('28-NQ/TU'" in outputs
    assert "DOC_CODE" in outputs  # the displaCy rendering
