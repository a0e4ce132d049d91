/**
 * The one error type every reader throws for bad input. The message names the file, the problem and,
 * where there is one, the fix; the CLI prints it as one line and exits with code 2.
 */
export class InputError extends Error {
  override readonly name = 'InputError';
  constructor(
    /** The file (or other source) the problem is in, as the user named it. */
    readonly file: string,
    /** What is wrong, in words a user can act on. */
    readonly problem: string,
  ) {
    super(`${file}: ${problem}`);
  }
}

/** True for errors that should be shown to the user as they are (no stack trace). */
export function isInputError(e: unknown): e is InputError {
  return e instanceof InputError;
}

/**
 * Why a pickle (or a torch.save checkpoint, which is a zip around one) is refused: unpickling runs
 * code the file names, so Embedding Entropy never does it, and says how to save the data instead.
 */
export const PICKLE_REFUSAL =
  'is a Python pickle (torch.save and pickle.dump write these); loading one can run code, so Embedding Entropy never does — ' +
  'save the tensor as safetensors (safetensors.torch.save_file({"embeddings": t}, "emb.safetensors")) or NumPy (np.save("emb.npy", t.numpy()))';

/** True for the start of a pickle of protocol 2–5 (PROTO opcode 0x80, then the protocol number). */
export function looksLikePickle(head: Uint8Array): boolean {
  return head.length >= 2 && head[0] === 0x80 && head[1]! >= 2 && head[1]! <= 5;
}
