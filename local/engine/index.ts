export { LocalEngine, MAX_DOCUMENT_BYTES, DEFAULT_TRANSACTION_TIMEOUT_MS } from './engine';
export { ENGINE_ERRORS, CLOUD_MESSAGES, EngineError } from './errors';
export type { EngineOptions, IndexSpec, IndexField } from './engine';
export { attachEngine, detachEngine, assertPinnedSdk, isEngineAttached, keepSdkOffline, isSdkOffline, PINNED_NODE_SDK, PINNED_DATABASE } from './attach';
export { DEFAULT_LIMIT, MAX_LIMIT } from './query';
