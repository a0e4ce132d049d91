// h5wasm (HDF5 compiled to WebAssembly) as hdf5.ts uses it: started once per process, its errors
// turned into InputErrors, its state repaired after damaged files.
import { InputError } from './errors';

export type H5 = typeof import('h5wasm');
type H5Module = Awaited<H5['ready']>;

/** The running library and what is known about its state. */
export interface Library {
  h5: H5;
  m: H5Module;
  /** HDF5's error report of the current call (its stderr), empty when the call went well. */
  errors: number[];
  /** Saves and restores the wasm stack pointer, when the instance exports could be captured. */
  stack?: { save(): number; restore(sp: number): void };
  /** Linear memory and stack pointer as they were right after start-up (see {@link pristine}). */
  snapshot?: { memory: Uint8Array; size: number; sp: number };
  /** Files open now; the library is only reset while none is, unless it crashed. */
  open: number;
  /** Whether HDF5 has run since the last reset. */
  dirty: boolean;
  /** Counts forced resets: files opened before one are gone. */
  generation: number;
}

let library: Promise<Library> | undefined;

/** Where h5wasm comes from: the package itself, unless {@link setH5wasmLoader} names a bundle. */
let loadH5wasm: () => Promise<H5> = () => import('h5wasm');

/**
 * Loads h5wasm from elsewhere (the CLI and the worker use dist/h5wasm.js, a bundle of its own, so
 * the 4 MB of HDF5 in WebAssembly is read only when an HDF5 file is opened). Call before the first.
 */
export function setH5wasmLoader(load: () => Promise<H5>): void {
  loadH5wasm = load;
}

/**
 * Starts h5wasm once per process (its ESM build embeds the wasm and uses no Node API, so this runs
 * in Node, a worker or a browser alike). Three repairs make it fit a long-lived worker that meets
 * damaged files, each found by the fuzz test:
 * - h5wasm's C++ wrappers throw JS errors through wasm frames, which leaves the wasm stack pointer
 *   lowered (Emscripten does not unwind it); some thousands of errors later the stack overruns the
 *   heap and the module corrupts itself. We catch the instance's exports while it is instantiated
 *   and restore the stack pointer after every call.
 * - HDF5 reports errors on stderr (console.error) and the wrappers ignore most status codes. We point
 *   the module's stderr at a buffer: a call that wrote to it failed, and the text says why.
 * - A damaged file can leave HDF5's global state inconsistent: see {@link pristine}.
 */
async function loadLibrary(): Promise<Library> {
  // (lib ES2022 declares no WebAssembly value; every platform we run on has one)
  const wasm = (globalThis as unknown as { WebAssembly: { instantiate: (...args: unknown[]) => Promise<unknown> } }).WebAssembly;
  const instantiate = wasm.instantiate;
  let exports: Record<string, unknown> | undefined;
  wasm.instantiate = async function (this: unknown, ...args: unknown[]) {
    const result = (await instantiate.apply(this, args)) as { instance?: { exports: Record<string, unknown> }; exports?: Record<string, unknown> };
    const found = result.instance?.exports ?? result.exports;
    if (found && 'H5Fopen' in found && 'emscripten_stack_get_current' in found) exports = found;
    return result;
  };
  let h5: H5;
  let m: H5Module;
  try {
    h5 = await loadH5wasm();
    m = await h5.ready;
  } finally {
    wasm.instantiate = instantiate;
  }
  const lib: Library = { h5, m, errors: [], open: 0, dirty: false, generation: 0 };
  const save = exports?.emscripten_stack_get_current;
  const restore = exports?._emscripten_stack_restore;
  if (typeof save === 'function' && typeof restore === 'function') {
    lib.stack = { save: save as () => number, restore: restore as (sp: number) => void };
    const memory = m.HEAPU8;
    let end = memory.length;
    while (end > 0 && memory[end - 1] === 0) end--;
    lib.snapshot = { memory: memory.slice(0, end), size: memory.length, sp: lib.stack.save() };
  }
  const fs = m.FS as unknown as EmscriptenFs;
  fs.createDevice('/dev', 'h5errors', null, (c: number) => void lib.errors.push(c));
  fs.close(fs.streams[2]);
  fs.open('/dev/h5errors', 'w'); // takes the lowest free descriptor: 2
  fs.mkdir('/embedding-entropy');
  return lib;
}

/**
 * Puts the C library back as it was after start-up, when no file is open: HDF5 keeps global state
 * (caches, free lists, open objects) in wasm memory, and a damaged file can leave it inconsistent
 * (after a few hundred damaged files, valid ones failed or hung). All of that state is in linear
 * memory plus the stack pointer; the JS side only keeps file descriptors, which are closed here.
 * Costs one copy of the start-up memory (~20 MB, a few ms) per file opened.
 */
export function pristine(lib: Library, force = false): void {
  if ((lib.open > 0 && !force) || !lib.dirty || !lib.snapshot || !lib.stack) return;
  const heap = lib.m.HEAPU8;
  heap.set(lib.snapshot.memory, 0);
  // zero what was zero at start-up; memory grown since is beyond sbrk again, and malloc clears what it hands out
  heap.fill(0, lib.snapshot.memory.length, lib.snapshot.size);
  lib.stack.restore(lib.snapshot.sp);
  const fs = lib.m.FS as unknown as EmscriptenFs;
  fs.streams.forEach((stream, fd) => {
    if (stream && fd > 2) fs.close(stream);
  });
  lib.dirty = false;
  if (lib.open > 0) {
    lib.open = 0;
    lib.generation++;
  }
}

/** The part of Emscripten's FS object used here. */
export interface EmscriptenFs {
  streams: (unknown | null | undefined)[];
  createDevice(parent: string, name: string, input: null, output: (c: number) => void): void;
  open(path: string, flags: string): unknown;
  close(stream: unknown): void;
  mkdir(path: string): void;
  writeFile(path: string, data: Uint8Array, opts: { canOwn: boolean }): void;
  unlink(path: string): void;
}

/**
 * Runs one call into HDF5 for file `file`. Anything it throws (wrapper errors, wasm traps on damaged
 * data) or reports on stderr becomes an InputError starting with `what`.
 */
export function h5call<T>(lib: Library, file: string, what: string, run: () => T): T {
  lib.dirty = true;
  const sp = lib.stack?.save();
  lib.errors.length = 0;
  let result: T;
  try {
    result = run();
  } catch (e) {
    if (e instanceof InputError) throw e;
    const message = hdf5Message(lib) || (e instanceof Error ? e.message : String(e));
    if (sp !== undefined) lib.stack!.restore(sp);
    // a wasm trap (out-of-bounds access, unreachable) leaves HDF5's state undefined: start over,
    // closing every open file, rather than compute with a library that may now be corrupt
    if (e instanceof Error && e.name === 'RuntimeError') pristine(lib, true);
    throw new InputError(file, `${what}: ${message}`);
  } finally {
    if (sp !== undefined) lib.stack!.restore(sp);
  }
  if (lib.errors.length) throw new InputError(file, `${what}: ${hdf5Message(lib)}`);
  return result;
}

/** The last two messages of HDF5's error stack ("unable to read superblock: file signature not found"). */
function hdf5Message(lib: Library): string {
  const text = new TextDecoder().decode(Uint8Array.from(lib.errors));
  const lines = [...text.matchAll(/#\d+: .* in [\w.]+\(\): (.*)$/gm)].map((m) => m[1]!.trim());
  return lines.slice(-2).join(': ') || text.trim().split('\n').at(-1) || '';
}

/** The started library, started on first use; a start that failed is tried again next time. */
export async function startLibrary(): Promise<Library> {
  const p = (library ??= loadLibrary());
  try {
    return await p;
  } catch (e) {
    if (library === p) library = undefined;
    throw e;
  }
}

/** Runs a clean-up call; its failure changes nothing for the user. */
export function h5callQuiet(lib: Library, run: () => unknown): void {
  try {
    h5call(lib, '', '', run);
  } catch {
    // already closed or never opened
  }
}
