"""The tuned linear baseline of issue 10, run in the same process as our benches: TF-IDF (sublinear tf; word
1-2-grams for English, character 1-3-grams for Chinese) + LogisticRegression, C chosen from {0.3, 1, 3, 10, 30}
by stratified 5-fold cross-validation on the training rows (macro-F1). scikit-learn's defaults otherwise.

Reads one JSON object on stdin: {"train": {"texts": [...], "y": [...]}, "test": {"texts": [...]}, "chinese": bool,
"Cs": optional list replacing the grid} and writes one: {"C": best C, "probabilities": [[p per class] per test text], "seconds": fit time}.
Needs Debian's /usr/bin/python3 with python3-sklearn.
"""
import json
import sys
import time

from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.model_selection import GridSearchCV, StratifiedKFold
from sklearn.pipeline import Pipeline

CS = [0.3, 1, 3, 10, 30]


def main():
    job = json.load(sys.stdin)
    vectorizer = (
        TfidfVectorizer(analyzer="char", ngram_range=(1, 3), sublinear_tf=True)
        if job["chinese"]
        else TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)
    )
    pipeline = Pipeline([("tfidf", vectorizer), ("lr", LogisticRegression(max_iter=2000))])
    cs = job.get("Cs") or CS
    started = time.perf_counter()
    if len(cs) == 1:
        model = pipeline.set_params(lr__C=cs[0]).fit(job["train"]["texts"], job["train"]["y"])
        best = cs[0]
    else:
        model = GridSearchCV(
            pipeline,
            {"lr__C": cs},
            scoring="f1_macro",
            cv=StratifiedKFold(n_splits=5, shuffle=True, random_state=0),
            n_jobs=1,
        ).fit(job["train"]["texts"], job["train"]["y"])
        best = model.best_params_["lr__C"]
    seconds = time.perf_counter() - started
    probabilities = model.predict_proba(job["test"]["texts"]).tolist()
    json.dump({"C": best, "probabilities": probabilities, "seconds": seconds}, sys.stdout)


main()
