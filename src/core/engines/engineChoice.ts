/** Engine names a user can ask for (`--engine`, the `embeddingEntropy.engine` setting). */
export type EngineChoice = 'auto' | 'gpu' | 'cpu' | 'reference';
