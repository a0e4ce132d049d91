// Pickles and torch.save checkpoints are refused with a message that says why and what to save
// instead; nothing in them is ever interpreted (fixtures: test/tools/gen_pickle_fixtures.py).
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { MemoryByteSource } from '../../src/core/formats/byteSource';
import { openEmbeddings } from '../../src/core/formats/embeddings';
import { InputError } from '../../src/core/formats/errors';

const DIR = join(__dirname, '..', 'fixtures', 'pickle');

for (const name of ['embeddings.pkl', 'protocol2.pkl', 'checkpoint.pt']) {
  test(`${name} is refused as a pickle, with what to save instead`, async () => {
    const bytes = new Uint8Array(readFileSync(join(DIR, name)));
    for (const shown of [name, name.replace(/\.\w+$/, '.npz'), name.replace(/\.\w+$/, '.npy.bin')]) {
      await assert.rejects(openEmbeddings(new MemoryByteSource(shown, bytes)), (e: unknown) => {
        assert.ok(e instanceof InputError, String(e));
        assert.match(e.message, new RegExp(`^${shown.replace(/\./g, '\\.')}: is a Python pickle .* never does — save the tensor as safetensors .* or NumPy \\(np\\.save`));
        return true;
      });
    }
  });
}
