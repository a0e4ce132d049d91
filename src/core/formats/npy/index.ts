/**
 * `.npy` files: the reader (header, dtypes, C and Fortran order, chunked row reads) and a small
 * float encoder. This index is the public surface; import from `formats/npy`, not the files beside it.
 */
export { openNpy, NpyArray } from './npyArray';
export { encodeNpy, type EncodeNpyOptions } from './encode';
export { type NpyDtype, type NpyKind, isNumericDtype } from './dtype';
export { type NpyHeader, hasNpyMagic, readNpyHeader, MAX_HEADER_BYTES } from './header';
export { decodeNumbers } from './decode';
