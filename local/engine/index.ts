export { LocalEngine, ENGINE_ERRORS, MAX_DOCUMENT_BYTES, DEFAULT_TRANSACTION_TIMEOUT_MS, EngineError } from './engine';
export type { EngineOptions, IndexSpec, IndexField } from './engine';
export { attachEngine, detachEngine, assertPinnedSdk, isEngineAttached, PINNED_NODE_SDK, PINNED_DATABASE } from './attach';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query';
