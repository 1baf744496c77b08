"""Benchmark the topic classifier: training time, prediction speed on one core, model size;
and whether underthesea's classifier can be compared offline.

    nice -n 10 python benchmarks/classify.py                 # predict speed of the shipped model
    nice -n 10 python benchmarks/classify.py --train         # also time training on all of VNTC train

Speed is reported per CPU second of this process (`time.process_time`), so other jobs on a
shared machine do not make it look slower than one core is; wall time is printed beside it.
Prediction runs `TopicClassifier.predict` on whole VNTC articles in batches of 1,000, without
spaCy, after one warm-up batch (the per-token cache fills on first sight of a word).
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
HERE = Path(__file__).resolve().parent
# Import vnpolitics from this checkout's src/.
sys.path.insert(0, str(ROOT / "src"))

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")

from vnpolitics.classify import TopicClassifier  # noqa: E402
from vnpolitics.classify_data import read_labelled, shared_data_dir  # noqa: E402
from vnpolitics.resources import model_path  # noqa: E402


def timed(function):
    cpu, wall = time.process_time(), time.perf_counter()
    result = function()
    return result, time.process_time() - cpu, time.perf_counter() - wall


def underthesea_classify(texts: list[str]) -> str:
    """Try underthesea's own classifier offline; say what happened in one line."""
    try:
        from underthesea import classify
    except Exception as error:  # noqa: BLE001  (any import failure is the answer)
        return f"underthesea.classify not importable: {type(error).__name__}: {error}"
    try:
        started = time.perf_counter()
        labels = [classify(text) for text in texts[:20]]
        seconds = time.perf_counter() - started
        return f"underthesea.classify ran offline: {labels[:3]}… ({20 / seconds:.1f} articles/s)"
    except Exception as error:  # noqa: BLE001
        message = str(error).splitlines()[0][:160] if str(error) else ""
        return f"underthesea.classify does not work offline: {type(error).__name__}: {message}"


def short_vs_whole(classifier: TopicClassifier, path: Path) -> dict:
    """Unlabelled recent news: how often title + sapo alone gets the whole article's label."""
    import gzip

    with gzip.open(path, "rt", encoding="utf-8") as handle:
        rows = [json.loads(line) for line in handle]
    rows = [r for r in rows if r.get("title") and r.get("sapo") and r.get("body")]
    short = classifier.predict([f"{r['title']}\n{r['sapo']}" for r in rows])
    whole = classifier.predict([f"{r['title']}\n{r['sapo']}\n{r['body']}" for r in rows])
    return {"articles": len(rows), "agreement": round(float((short == whole).mean()), 4)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--data", default=None, help="corpora folder (default: ../shared/data or $VNPOLITICS_DATA)")
    parser.add_argument("--model", default=None, help="model folder (default: the shipped topic-vntc)")
    parser.add_argument("--articles", type=int, default=10000, help="articles to predict (default 10000)")
    parser.add_argument("--train", action="store_true", help="also time training on all of VNTC train")
    parser.add_argument("--news", action="store_true",
                        help="also compare labels from title + sapo with labels from whole news-2017 articles")
    parser.add_argument("--json", default=None, help="write the figures here")
    args = parser.parse_args(argv)

    corpus = shared_data_dir(args.data) / "vntc" / "train.jsonl.gz"
    data = read_labelled(corpus)
    texts = data.texts[:: max(1, len(data.texts) // args.articles)][: args.articles]
    model_dir = Path(args.model) if args.model else model_path("topic-vntc")
    figures: dict = {"machine": f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}",
                     "load average": os.getloadavg()[0]}

    classifier, cpu, wall = timed(lambda: TopicClassifier.load(model_dir))
    figures["load_seconds"] = round(wall, 2)
    figures["model_mb"] = round(sum(p.stat().st_size for p in model_dir.iterdir()) / 1e6, 2)
    classifier.predict(texts[:1000])  # warm-up
    batches = [texts[i : i + 1000] for i in range(0, len(texts), 1000)]
    _, cpu, wall = timed(lambda: [classifier.predict(batch) for batch in batches])
    chars = sum(map(len, texts)) / len(texts)
    figures["predict"] = {"articles": len(texts), "mean_chars": round(chars), "articles_per_cpu_second": round(len(texts) / cpu),
                          "articles_per_wall_second": round(len(texts) / wall)}
    print(f"predict: {len(texts)} whole articles (mean {chars:.0f} characters): "
          f"{len(texts) / cpu:,.0f} articles per CPU second ({len(texts) / wall:,.0f}/s wall)")
    openings = [text.split("\n", 1)[0] for text in texts]
    _, cpu, wall = timed(lambda: classifier.predict(openings))
    figures["predict_title_lead"] = {"articles_per_cpu_second": round(len(texts) / cpu)}
    print(f"predict: titles + leads only: {len(texts) / cpu:,.0f} per CPU second")

    if args.train:
        model = TopicClassifier(**{k: v for k, v in classifier.get_params().items()})
        _, cpu, wall = timed(lambda: model.fit(data.texts, data.labels))
        figures["train"] = {"articles": len(data.texts), "cpu_seconds": round(cpu, 1), "wall_seconds": round(wall, 1)}
        print(f"train: {len(data.texts)} articles in {cpu:.0f} CPU s ({wall:.0f} s wall)")

    if args.news:
        figures["news_2017"] = short_vs_whole(classifier, shared_data_dir(args.data) / "news-2017" / "articles.jsonl.gz")
        print(f"news-2017: title + sapo and whole article get the same label for "
              f"{figures['news_2017']['agreement']:.1%} of {figures['news_2017']['articles']} articles")

    figures["underthesea"] = underthesea_classify(texts)
    print(figures["underthesea"])
    if args.json:
        Path(args.json).write_text(json.dumps(figures, ensure_ascii=False, indent=2) + "\n", "utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
