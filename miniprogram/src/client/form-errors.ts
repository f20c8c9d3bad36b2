import type { ZodTypeAny } from 'zod';
import { ApiError } from './cloud';

/**
 * A form's errors, all at once, each for its field and naming it: 「标题：至少 2 个字」. They come
 * from the same contract `call` parses before sending (and the server after), so the client
 * never words a rule of its own. `labels` names each field as the form's label does.
 */
export function namedFieldErrors<F extends string>(e: unknown, labels: Record<F, string>): Partial<Record<F, string>> {
  const out: Partial<Record<F, string>> = {};
  if (!(e instanceof ApiError) || e.code !== 'INVALID_INPUT') return out;
  for (const issue of e.issues) {
    const field = issue.path.split('.')[0] as F;
    if (!(field in labels) || out[field]) continue;
    out[field] = `${labels[field]}：${issue.message}`;
  }
  return out;
}

/** The most characters a text field of a contract takes (zod's own `.max`), for its counter. */
export function maxLengthOf(schema: ZodTypeAny): number | null {
  const def = (schema as { maxLength?: number | null }).maxLength;
  return typeof def === 'number' ? def : null;
}
