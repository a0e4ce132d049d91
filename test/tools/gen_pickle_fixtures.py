"""Writes the pickle fixtures in test/fixtures/pickle/: files Embedding Entropy must refuse, never load.

Run from the repository root:  python3 test/tools/gen_pickle_fixtures.py   (standard library only)

- embeddings.pkl: pickle.dump of a dict holding a list of lists (protocol 4, Python's default).
- protocol2.pkl: the same with protocol 2 (what Python 2 and old tools write).
- checkpoint.pt: the layout torch.save writes since PyTorch 1.6 (torch is not needed): a stored zip
  holding checkpoint/data.pkl, checkpoint/version and checkpoint/data/0 (the raw tensor bytes),
  which a reader of .npz (also a zip) must not mistake for an archive of arrays.
"""
import os
import pickle
import struct
import zipfile

OUT = os.path.join(os.path.dirname(__file__), '..', 'fixtures', 'pickle')
os.makedirs(OUT, exist_ok=True)
data = {'embeddings': [[0.5, -1.0, 2.0], [1.5, 0.0, -0.25]], 'labels': ['a', 'b']}
with open(os.path.join(OUT, 'embeddings.pkl'), 'wb') as f:
    pickle.dump(data, f, protocol=4)
with open(os.path.join(OUT, 'protocol2.pkl'), 'wb') as f:
    pickle.dump(data, f, protocol=2)
with zipfile.ZipFile(os.path.join(OUT, 'checkpoint.pt'), 'w', compression=zipfile.ZIP_STORED) as z:
    z.writestr('checkpoint/data.pkl', pickle.dumps({'embeddings': 'storage 0'}, protocol=2))
    z.writestr('checkpoint/version', '3\n')
    z.writestr('checkpoint/data/0', struct.pack('<6f', 0.5, -1.0, 2.0, 1.5, 0.0, -0.25))
print('wrote embeddings.pkl, protocol2.pkl and checkpoint.pt to', os.path.normpath(OUT))
