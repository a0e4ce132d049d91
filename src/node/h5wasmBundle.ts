// Entry of dist/h5wasm.js: h5wasm (HDF5 compiled to WebAssembly, 4 MB with the wasm inlined) as a
// bundle of its own, loaded by useBundledH5wasm only when an HDF5 file is opened.
export * from 'h5wasm';
