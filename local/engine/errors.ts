/**
 * The one table of errors the local engine answers with. Where CloudBase raises the same error, the code
 * (and, for transactions, the message) is the cloud's, so a function that branches on it behaves the same
 * in both places. docs/local-engine.md lists them for developers.
 */
export const ENGINE_ERRORS = {
  /** Optimistic-concurrency failure; the SDK's runTransaction retries on exactly this code. */
  CONFLICT: 'DATABASE_TRANSACTION_CONFLICT',
  /** The transaction is unknown: committed, aborted, conflicted or expired. */
  TRANSACTION_FAIL: 'DATABASE_TRANSACTION_FAIL',
  /** Duplicate `_id` or unique-index violation. */
  DUPLICATE: 'DATABASE_DUPLICATE_WRITE',
  /** Bad input the cloud also refuses: update/remove with no where(), oversized document, bad update spec. */
  INVALID: 'INVALID_PARAM',
  /** The request reached the database and was refused there (the cloud's answer to a `$` field name). */
  FAILED: 'DATABASE_REQUEST_FAILED',
  COLLECTION_EXISTS: 'DATABASE_COLLECTION_ALREADY_EXIST',
  /** A write to a collection nobody created (errCode -502005): CloudBase creates none on first write. */
  COLLECTION_NOT_EXIST: 'DATABASE_COLLECTION_NOT_EXIST',
} as const;

export type EngineErrorCode = (typeof ENGINE_ERRORS)[keyof typeof ENGINE_ERRORS];

/** The cloud's own messages where callers (and the SDK's tests) compare them. */
export const CLOUD_MESSAGES = {
  transactionConflict:
    '[ResourceUnavailable.TransactionConflict] Transaction is conflict, maybe resource operated by others. Please check your request, but if the problem persists, contact us.',
  transactionNotExist:
    '[ResourceUnavailable.TransactionNotExist] Transaction does not exist on the server, transaction must be commit or abort in 30 seconds. Please check your request, but if the problem persists, contact us.',
} as const;

export class EngineError extends Error {
  constructor(
    readonly code: EngineErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'EngineError';
  }
}

/** Every situation the engine refuses, by name: code and message in one place. */
export const refuse = {
  transactionConflict: () => new EngineError(ENGINE_ERRORS.CONFLICT, CLOUD_MESSAGES.transactionConflict),
  transactionNotExist: () => new EngineError(ENGINE_ERRORS.TRANSACTION_FAIL, CLOUD_MESSAGES.transactionNotExist),
  duplicateId: (collection: string, id: string) =>
    new EngineError(ENGINE_ERRORS.DUPLICATE, `duplicate key in collection ${collection}: _id ${JSON.stringify(id)} already exists`),
  duplicateInBatch: () => new EngineError(ENGINE_ERRORS.DUPLICATE, 'duplicate _id within one insert'),
  whereRequired: (what: 'update' | 'remove') =>
    new EngineError(
      ENGINE_ERRORS.INVALID,
      `${what}() needs a where() condition: CloudBase refuses a collection-wide ${what} (use where({ … }) or doc(id))`,
    ),
  dollarField: (path: string) =>
    new EngineError(ENGINE_ERRORS.FAILED, `field name ${JSON.stringify(path)} starts with '$': CloudBase refuses it in a document`),
  notTransactional: (what: string) =>
    new EngineError(
      ENGINE_ERRORS.INVALID,
      `${what} with a where() query is not transactional in CloudBase (only doc() operations, add() and where().get() are); ` +
        'the cloud would run it outside the transaction. Use doc(id) inside the transaction',
    ),
  invalid: (message: string) => new EngineError(ENGINE_ERRORS.INVALID, message),
  collectionNotExist: (collection: string) =>
    new EngineError(
      ENGINE_ERRORS.COLLECTION_NOT_EXIST,
      `-502005 database collection not exists: ${collection} (CloudBase creates no collection on first write; add it to cloudfunctions/_lib/collections.ts so provisioning creates it)`,
    ),
  failed: (message: string) => new EngineError(ENGINE_ERRORS.FAILED, message),
  collectionExists: (collection: string) =>
    new EngineError(ENGINE_ERRORS.COLLECTION_EXISTS, `collection ${collection} already exists`),
} as const;
