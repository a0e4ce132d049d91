"""Writes the text embedding fixtures in test/fixtures/text/ the way researchers' tools write them.

Run from the repository root:  python3 test/tools/gen_text_fixtures.py   (numpy only; no pandas)

- tensors.tsv / metadata.tsv: as torch.utils.tensorboard's SummaryWriter.add_embedding writes the
  TensorBoard projector pair (make_mat: '\t'.join(str(x.item()) ...) + '\n'; make_tsv with a
  metadata_header: tab-separated header line, then one line per row).
- vectors.tsv: as TensorFlow's word-embeddings tutorial writes it for projector.tensorflow.org
  ('\t'.join([str(x) for x in vec]) over float32 numpy rows: shortest float32 reprs).
- savetxt.tsv: np.savetxt(path, X, delimiter='\t') (default fmt '%.18e'), with nan and ±inf cells.
- table.csv: a pandas-style frame written with Python's csv module (pandas is not needed): an
  unnamed index column, feature columns f0..f15, label columns pos (quoted commas and quotes),
  lang (some empty) and class (whole numbers as floats with gaps, as pandas writes ints with NaN).
  csv.writer's default line terminator is CRLF.
- vectors_json.csv: a column of json.dumps(vector) text, plus id, a text column with quoted line
  breaks, and label.
- vectors_numpy.tsv: a column of str(np.float32 array) text (numpy's print, wrapped over lines),
  written with csv.writer(delimiter='\t').
- vectors_np2.csv: str(list(float32 array)), which numpy 2 prints as '[np.float32(0.1), ...]'.
- sentences.jsonl: sentence-transformers style json.dumps({"text", "label", "embedding"}) lines,
  with a missing label, a null label, a field that appears later, a NaN (json.dumps writes NaN)
  and a trailing blank line.
- vectors.jsonl: json.dumps(list) per line (bare arrays, no labels), with a bare Infinity and NaN.

expected.json maps each file to rows, dim, the chosen column (tensor), values (row-major, as
repr(float(text)) of Python's own parse of the written text, so 'nan'/'inf' survive JSON) and the
label sets ({name: [label or null per row]}).
"""
import csv
import io
import json
import os

import numpy as np

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'text')
os.makedirs(OUT, exist_ok=True)
rng = np.random.default_rng(20250101)
expected = {}


def write(name, text, newline=''):
    with open(os.path.join(OUT, name), 'w', encoding='utf-8', newline=newline) as f:
        f.write(text)


def floats(tokens):
    return [repr(float(t)) for t in tokens]


# --- TensorBoard projector pair, as torch.utils.tensorboard writes it -------------------------
X = rng.standard_normal((64, 16)).astype(np.float32)
lines = ['\t'.join(str(v.item()) for v in row) for row in X]
write('tensors.tsv', '\n'.join(lines) + '\n')
labels = [f'class_{int(k)}' for k in rng.integers(0, 4, len(X))]
splits = ['train' if k else 'test' for k in rng.integers(0, 2, len(X))]
write('metadata.tsv', '\n'.join(['label\tsplit'] + [f'{a}\t{b}' for a, b in zip(labels, splits)]) + '\n')
expected['tensors.tsv'] = {'format': 'tsv', 'rows': len(X), 'dim': 16, 'tensor': 'column 1…column 16 (16 columns)',
                           'values': [t for line in lines for t in floats(line.split('\t'))], 'labels': {}}

# --- TensorFlow tutorial vectors.tsv: str() of float32 numpy scalars --------------------------
V = (rng.standard_normal((40, 8)) * 0.05).astype(np.float32)
lines = ['\t'.join([str(x) for x in vec]) for vec in V]
write('vectors.tsv', '\n'.join(lines) + '\n')
expected['vectors.tsv'] = {'format': 'tsv', 'rows': len(V), 'dim': 8, 'tensor': 'column 1…column 8 (8 columns)',
                           'values': [t for line in lines for t in floats(line.split('\t'))], 'labels': {}}

# --- np.savetxt with a tab delimiter ----------------------------------------------------------
S = rng.standard_normal((12, 5))
S[2, 1] = np.nan
S[5, 0] = np.inf
S[7, 4] = -np.inf
buf = io.StringIO()
np.savetxt(buf, S, delimiter='\t')
write('savetxt.tsv', buf.getvalue())
expected['savetxt.tsv'] = {'format': 'tsv', 'rows': 12, 'dim': 5, 'tensor': 'column 1…column 5 (5 columns)',
                           'values': [t for line in buf.getvalue().splitlines() for t in floats(line.split('\t'))], 'labels': {}}

# --- pandas-style table with feature and label columns (csv module, CRLF) ---------------------
N = 96
F = rng.standard_normal((N, 16)).astype(np.float32)
pos_choices = ['NOUN', 'VERB', 'PROPN, NNP', 'say "hi"', 'ADJ']
pos = [pos_choices[int(k)] for k in rng.integers(0, len(pos_choices), N)]
lang = [['en', 'de', 'fr', ''][int(k)] for k in rng.integers(0, 4, N)]
cls = [None if k == 5 else float(k) for k in rng.integers(0, 6, N)]
buf = io.StringIO()
w = csv.writer(buf)  # default dialect: ',' separator, minimal quoting, '\r\n' line terminator
w.writerow([''] + [f'f{k}' for k in range(16)] + ['pos', 'lang', 'class'])
cells = []
for i in range(N):
    row = [str(x) for x in F[i]]  # pandas writes float32 with its shortest repr
    cells.append(row)
    w.writerow([i] + row + [pos[i], lang[i], '' if cls[i] is None else repr(cls[i])])
write('table.csv', buf.getvalue())
expected['table.csv'] = {
    'format': 'csv', 'rows': N, 'dim': 16, 'tensor': 'f0…f15 (16 columns)',
    'values': [t for row in cells for t in floats(row)],
    'labels': {'pos': pos, 'lang': [x or None for x in lang], 'class': [None if c is None else str(int(c)) for c in cls]},
}

# --- a column of json.dumps vectors -----------------------------------------------------------
N = 40
E = rng.standard_normal((N, 12))
words = ['alpha', 'beta', 'two\nlines', 'comma, inside', 'quote "q"']
texts = [f'{words[i % len(words)]} {i}' for i in range(N)]
lab = [['pos', 'neg'][int(k)] for k in rng.integers(0, 2, N)]
buf = io.StringIO()
w = csv.writer(buf)
w.writerow(['id', 'text', 'label', 'embedding'])
for i in range(N):
    w.writerow([i, texts[i], lab[i], json.dumps(E[i].tolist())])
write('vectors_json.csv', buf.getvalue())
expected['vectors_json.csv'] = {
    'format': 'csv', 'rows': N, 'dim': 12, 'tensor': 'embedding',
    'values': [repr(float(x)) for x in E.reshape(-1)],
    'labels': {'id': [str(i) for i in range(N)], 'text': texts, 'label': lab},
}

# --- a column of numpy-printed float32 arrays (wrapped over lines), tab-separated -------------
N = 24
P = rng.standard_normal((N, 20)).astype(np.float32)
printed = [str(P[i]) for i in range(N)]
assert any('\n' in s for s in printed), 'numpy should wrap 20 values over several lines'
digit = [int(k) for k in rng.integers(0, 10, N)]
buf = io.StringIO()
w = csv.writer(buf, delimiter='\t', lineterminator='\n')
w.writerow(['digit', 'emb'])
for i in range(N):
    w.writerow([digit[i], printed[i]])
write('vectors_numpy.tsv', buf.getvalue())
expected['vectors_numpy.tsv'] = {
    'format': 'tsv', 'rows': N, 'dim': 20, 'tensor': 'emb',
    'values': [t for s in printed for t in floats(s.strip('[]').split())],
    'labels': {'digit': [str(d) for d in digit]},
}

# --- numpy 2 reprs of lists of scalars --------------------------------------------------------
N = 6
Q = rng.standard_normal((N, 4)).astype(np.float32)
printed = [str(list(Q[i])) for i in range(N)]
assert printed[0].startswith('[np.float32('), printed[0]
buf = io.StringIO()
w = csv.writer(buf, lineterminator='\n')
w.writerow(['embedding', 'name'])
for i in range(N):
    w.writerow([printed[i], f'item{i}'])
write('vectors_np2.csv', buf.getvalue())
expected['vectors_np2.csv'] = {
    'format': 'csv', 'rows': N, 'dim': 4, 'tensor': 'embedding',
    'values': [repr(float(str(x))) for x in Q.reshape(-1)],
    'labels': {'name': [f'item{i}' for i in range(N)]},
}

# --- sentence-transformers style JSONL --------------------------------------------------------
N = 48
J = rng.standard_normal((N, 16)).astype(np.float32)
vals = J.astype(np.float64)
vals[9, 3] = np.nan
sentences = [f'Sentence {i}: "quoted", ünïcode 🐍' if i % 7 == 0 else f'Sentence number {i}.' for i in range(N)]
jl_labels = []
out = []
for i in range(N):
    rec = {'text': sentences[i]}
    if i % 11 == 4:
        jl_labels.append(None)  # no label field at all
    elif i % 13 == 6:
        rec['label'] = None
        jl_labels.append(None)
    else:
        rec['label'] = int(i % 3)
        jl_labels.append(str(i % 3))
    if i >= 5:
        rec['source'] = 'wiki' if i % 2 else 'news'
    rec['embedding'] = vals[i].tolist()
    out.append(json.dumps(rec))
write('sentences.jsonl', '\n'.join(out) + '\n\n')
expected['sentences.jsonl'] = {
    'format': 'jsonl', 'rows': N, 'dim': 16, 'tensor': 'embedding',
    'values': [repr(float(x)) for x in vals.reshape(-1)],
    'labels': {'text': sentences, 'label': jl_labels, 'source': [None] * 5 + ['wiki' if i % 2 else 'news' for i in range(5, N)]},
}

# --- bare arrays: json.dumps(list) per line, no labels ---------------------------------------------
N = 20
B = rng.standard_normal((N, 6)).astype(np.float32).astype(np.float64)
B[3, 2] = np.inf
B[11, 0] = np.nan
write('vectors.jsonl', ''.join(json.dumps(B[i].tolist()) + '\n' for i in range(N)))
expected['vectors.jsonl'] = {
    'format': 'jsonl', 'rows': N, 'dim': 6, 'tensor': '(each line)',
    'values': [repr(float(x)) for x in B.reshape(-1)],
    'labels': {},
}

with open(os.path.join(OUT, 'expected.json'), 'w', encoding='utf-8') as f:
    json.dump(expected, f, indent=1, ensure_ascii=False)
    f.write('\n')
print('wrote', ', '.join(sorted(expected)), 'and metadata.tsv to', os.path.normpath(OUT))
