"""Write notebooks/quickstart.ipynb (cells only; the tests execute it)."""
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

cells = [
    new_markdown_cell("# vnpolitics quickstart\n\nLoad the pipeline, annotate the bundled sample article, "
                      "look at its words, entities and sentences with their exact offsets, and get the "
                      "annotation record that every other part of vnpolitics reads."),
    new_code_cell("import json\nfrom pathlib import Path\n\nimport vnpolitics\n\n"
                  "nlp = vnpolitics.load()\nnlp.pipe_names"),
    new_markdown_cell("## A sentence\n\nDocument codes, dates and numbers stay whole; multi-syllable words "
                      "are single tokens. `token.idx` is the offset into the text you gave."),
    new_code_cell('doc = nlp("Thực hiện Nghị quyết số 28-NQ/TU ngày 10/11/2009 của Ban Thường vụ Thành ủy, '
                  'kết nạp 1.091 đảng viên.")\n'
                  "[(t.text, t.idx, t.tag_, t.pos_) for t in doc]"),
    new_markdown_cell("## The sample article\n\n`corpora/samples/` holds a Hải Phòng local-news page, "
                      "boilerplate included. The article reader finds its parts as spans of the raw text."),
    new_code_cell('sample = Path("../corpora/samples/haiphong-2024-06-15.txt").read_text(encoding="utf-8")\n'
                  "article = vnpolitics.read_article(sample)\n"
                  "print(article.title)\nprint(article.author, article.published)\n"
                  "[sample[s:e] for s, e in article.captions]"),
    new_code_cell("doc = nlp(sample)\n"
                  "codes = [(e.text, e.start_char, e.end_char) for e in doc.ents if e.label_ == 'DOC_CODE']\n"
                  "assert all(sample[s:e] == t for t, s, e in codes)\nlen(codes), codes[:3]"),
    new_markdown_cell("## Entities with displaCy"),
    new_code_cell("from spacy import displacy\n\n"
                  "paragraph = nlp(sample[slice(*article.body[0])])\n"
                  "displacy.render(paragraph, style='ent', jupyter=True)"),
    new_markdown_cell("## Sentences"),
    new_code_cell("[s.text.strip() for s in paragraph.sents]"),
    new_markdown_cell("## The annotation record\n\n`vnpolitics.annotate` yields the record of "
                      "`../shared/SCHEMA.md` (the CLI's `vnpolitics annotate` prints the same as JSONL). "
                      "Only the article's content is annotated; `text` is the input, unchanged."),
    new_code_cell('record = next(vnpolitics.annotate([{"id": "haiphong-2024-06-15", "text": sample}], nlp=nlp))\n'
                  "print(sorted(record))\n"
                  "print(json.dumps(record['entities'][:3], ensure_ascii=False, indent=1))"),
]
notebook = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}})
path = Path(__file__).resolve().parents[1] / "notebooks" / "quickstart.ipynb"
nbformat.write(notebook, path)
print(f"wrote {path}")
