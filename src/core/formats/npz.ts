import type { EmbeddingSource } from '../analysis/embeddingSource';
import type { ByteSource } from './byteSource';
import { InputError, PICKLE_REFUSAL } from './errors';
import { LabelSetBuilder, type LabelSet } from './labelSetBuilder';
import { isNumericDtype, NpyArray, readNpyHeader, type NpyHeader } from './npy';
import type { FormatInfo, OpenedEmbeddings, OpenOptions } from './opened';
import { fitsInMemory, InflatedMember, openZipMember, readZipDirectory, tooLargeToInflate, type ZipEntry } from './zip';

export { isZip } from './zip';

/** Arrays with these names (any case) are labels whenever their length matches the embeddings. */
const LABEL_NAMES = new Set(['labels', 'label', 'y', 'targets', 'target']);
/** `layer_0`, `layer3`, `layers.12`, `hidden_states_5`, …: one array per layer, in numeric order. */
const LAYER_NAME = /^(layers?|hidden_states?)[_.-]?(\d+)$/i;
const SAVE_HINT = 'e.g. np.savez(path, embeddings=X.astype(np.float32), labels=y)';

/** One member of the archive: its `.npy` header when readable, or why not. */
interface Member {
  /** Array name as np.load shows it: the member name without `.npy`. */
  readonly name: string;
  readonly entry: ZipEntry;
  /** Name for messages: `data.npz['emb']`. */
  readonly shown: string;
  src?: ByteSource;
  header?: NpyHeader;
  problem?: InputError;
}

type Role = 'embeddings' | 'labels' | 'layer' | 'other';

/**
 * Opens an `.npz` archive (`np.savez` or `np.savez_compressed`) and picks its embeddings:
 * `opts.tensor` by name (with or without `.npy`); else the single 3-D float array (L, N, d); else
 * two or more 2-D float arrays named like layers (`layer_0`, `hidden_states_1`, …, numeric order);
 * else the largest float array. Arrays named labels/label/y/targets/target and every other 1-D array
 * of length N (integers, bools, strings, or floats that are all whole numbers) become label sets named
 * after the array. Object arrays are never unpickled: one that is needed is an InputError.
 *
 * Stored members stream rows from the file; compressed members are decompressed into memory on first
 * use, one layer array at a time, up to 1 GiB each (`MAX_INFLATED_BYTES` in zip.ts). The archive's
 * directory is read from the end of the file, zip64 included.
 */
export async function openNpz(source: ByteSource, opts: OpenOptions = {}): Promise<OpenedEmbeddings> {
  const file = source.name;
  const entries = await readZipDirectory(source);
  // torch.save writes a zip around a pickle (<name>/data.pkl): code, not data, and never loaded here
  if (entries.some((e) => /(^|\/)data\.pkl$/.test(e.name))) throw new InputError(file, PICKLE_REFUSAL);
  const members: Member[] = [];
  for (const entry of entries) members.push(await inspect(source, entry));
  if (members.length === 0) throw new InputError(file, `is an empty .npz archive (it holds no arrays) — save the embeddings into it, ${SAVE_HINT}`);

  const chosen = opts.tensor !== undefined ? [byName(file, members, opts.tensor)] : pickDefault(file, members);
  const roles = new Map<Member, Role>();
  const arrays: NpyArray[] = [];
  for (const m of chosen) {
    if (m.problem) throw m.problem;
    if (!fitsInMemory(m.entry)) throw tooLargeToInflate(m.shown, m.entry);
    const h = m.header!;
    if (!isNumericDtype(h.dtype)) throw new InputError(m.shown, `holds strings ('${h.dtype.descr}'), not numbers; embeddings must be a numeric array — pass another array with --tensor`);
    if (h.shape.length !== 2 && h.shape.length !== 3) {
      const why = h.shape.length === 1 ? ' — is this a label array?' : '';
      throw new InputError(m.shown, `has shape ${shapeText(h.shape)}; embeddings need shape (N, d) or (L, N, d)${why}`);
    }
    arrays.push(await NpyArray.open(m.src!));
    if (m.src instanceof InflatedMember) m.src.release();
    roles.set(m, chosen.length > 1 ? 'layer' : 'embeddings');
  }
  const first = arrays[0]!;
  const N = first.rows;

  // Deflated arrays live in memory; hold one layer's at a time (the engine reads layer after layer).
  let active: InflatedMember | undefined;
  const use = (m: Member): void => {
    if (m.src instanceof InflatedMember && m.src !== active) {
      active?.release();
      active = m.src;
    }
  };
  const embeddings: EmbeddingSource = {
    name: file,
    layers: chosen.length > 1 ? chosen.length : first.layers,
    rows: N,
    dim: first.dims,
    readRows: (layer, start, count) => {
      if (chosen.length === 1) {
        use(chosen[0]!);
        return first.readRows(layer, start, count);
      }
      const m = chosen[layer];
      if (!m) throw new RangeError(`layer ${layer} is outside the ${chosen.length} layers of ${file}`);
      use(m);
      return arrays[layer]!.readRows(0, start, count);
    },
  };

  const labelSets: LabelSet[] = [];
  for (const m of members) {
    if (roles.has(m)) continue;
    const set = await labelsFrom(m, N);
    if (set) {
      labelSets.push(set);
      roles.set(m, 'labels');
    }
  }

  const info: FormatInfo = {
    format: 'npz',
    tensor: chosen.length > 1 ? `${chosen[0]!.name}…${chosen[chosen.length - 1]!.name}` : chosen[0]!.name,
    dtype: first.descr,
    available: members.map((m) => ({ name: m.name, shape: m.header ? [...m.header.shape] : undefined, dtype: m.header?.dtype.descr, role: roles.get(m) ?? 'other' })),
  };
  const dispose = (): void => {
    for (const m of members) if (m.src instanceof InflatedMember) m.src.release();
  };
  return { embeddings, labelSets, info, dispose };
}

/** Reads one member's `.npy` header; problems are kept for later, since the member may not be needed. */
async function inspect(source: ByteSource, entry: ZipEntry): Promise<Member> {
  const isNpy = entry.name.endsWith('.npy');
  const name = isNpy ? entry.name.slice(0, -4) : entry.name;
  const m: Member = { name, entry, shown: `${source.name}['${name}']` };
  if (!isNpy) {
    m.problem = new InputError(m.shown, `is not a .npy array (np.savez writes only .npy members) — pass an array with --tensor, ${SAVE_HINT}`);
    return m;
  }
  try {
    m.src = await openZipMember(source, entry, m.shown);
    m.header = await readNpyHeader(m.src);
  } catch (e) {
    if (!(e instanceof InputError)) throw e;
    m.problem = e;
  }
  // Only the header was wanted: free what inflating it took; rows are inflated again when read.
  if (m.src instanceof InflatedMember) m.src.release();
  return m;
}

/** The member `--tensor` names, or an InputError listing what there is. */
function byName(file: string, members: Member[], tensor: string): Member {
  const want = tensor.endsWith('.npy') ? tensor.slice(0, -4) : tensor;
  const m = members.find((x) => x.name === want) ?? members.find((x) => x.entry.name === tensor);
  if (m) return m;
  throw new InputError(file, `has no array named '${want}'; its arrays are ${listing(members)} — pass one of these names with --tensor`);
}

/** The default choice: one 3-D float array, else a set of layer arrays, else the largest float array. */
function pickDefault(file: string, members: Member[]): Member[] {
  const floats = members.filter((m) => m.header?.dtype.kind === 'float' && (m.header.shape.length === 2 || m.header.shape.length === 3));
  const cubes = floats.filter((m) => m.header!.shape.length === 3);
  if (cubes.length === 1) return cubes;
  const layers = layerSet(file, members);
  if (layers) return layers;
  if (floats.length > 0) {
    const size = (m: Member): number => m.header!.shape.reduce((a, b) => a * b, 1);
    return [floats.reduce((best, m) => (size(m) > size(best) ? m : best))];
  }
  // Nothing usable. If an array could not be read (an object array, say), its own message is the useful one.
  const broken = members.find((m) => m.problem && m.entry.name.endsWith('.npy'));
  if (broken?.problem) throw broken.problem;
  throw new InputError(file, `has no 2-D or 3-D float array to use as embeddings; its arrays are ${listing(members)} — pass one with --tensor, or ${SAVE_HINT}`);
}

/** Two or more arrays named like layers (the largest such family), checked to agree in shape. */
function layerSet(file: string, members: Member[]): Member[] | undefined {
  const families = new Map<string, { m: Member; k: number }[]>();
  for (const m of members) {
    const match = LAYER_NAME.exec(m.name);
    if (!match) continue;
    const key = match[1]!.toLowerCase().replace(/s$/, '');
    const list = families.get(key) ?? [];
    list.push({ m, k: Number(match[2]) });
    families.set(key, list);
  }
  let best: { m: Member; k: number }[] = [];
  for (const list of families.values()) if (list.length > best.length) best = list;
  if (best.length < 2) return undefined;
  const layers = best.sort((a, b) => a.k - b.k).map((x) => x.m);
  for (const m of layers) {
    if (m.problem) throw m.problem;
    const h = m.header!;
    const ref = layers[0]!.header!;
    const bad = h.dtype.kind !== 'float' || h.shape.length !== 2 || h.shape[0] !== ref.shape[0] || h.shape[1] !== ref.shape[1];
    if (bad) {
      const shapes = layers.map((x) => `${x.name} ${shapeText(x.header?.shape ?? [])} ${x.header?.dtype.descr ?? '?'}`).join(', ');
      throw new InputError(file, `has layer arrays that do not stack into (L, N, d) float layers (${shapes}) — pass one array with --tensor, or save every layer with the same shape`);
    }
  }
  return layers;
}

/** A label set from a 1-D array of length N, or undefined when the array is not categorical. */
async function labelsFrom(m: Member, N: number): Promise<LabelSet | undefined> {
  const named = LABEL_NAMES.has(m.name.toLowerCase());
  if (m.problem) {
    // A labels array we cannot read (object dtype, say) is worth stopping for: the user meant it.
    if (named && m.entry.name.endsWith('.npy')) throw m.problem;
    return undefined;
  }
  const s = m.header!.shape;
  const column = s.length === 1 || (named && s.length === 2 && s[1] === 1);
  if (!column || s[0] !== N) return undefined;
  if (!fitsInMemory(m.entry)) throw tooLargeToInflate(m.shown, m.entry);
  const arr = await NpyArray.open(m.src!);
  const data = await arr.readAll1D();
  if (m.src instanceof InflatedMember) m.src.release();
  const set = new LabelSetBuilder(m.name);
  if (Array.isArray(data)) {
    for (const v of data) set.add(v);
  } else if (arr.dtype.kind === 'bool') {
    for (const v of data) set.add(v ? 'True' : 'False');
  } else {
    for (const v of data) {
      if (Number.isNaN(v)) set.add(undefined);
      else if (Number.isInteger(v)) set.add(String(v));
      else return undefined; // real-valued (a regression target, say): not categories
    }
  }
  return set.finish();
}

/** `emb (100, 16) <f4, labels (100,) <i8, meta (unreadable)` for messages. */
function listing(members: Member[]): string {
  return members.map((m) => (m.header ? `${m.name} ${shapeText(m.header.shape)} ${m.header.dtype.descr}` : `${m.name} (unreadable)`)).join(', ');
}

function shapeText(shape: readonly number[]): string {
  return `(${shape.join(', ')}${shape.length === 1 ? ',' : ''})`;
}
