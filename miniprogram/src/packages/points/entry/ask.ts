import type { ConfirmSpec } from '../../../components/ConfirmDialog';

/**
 * Opens the page's confirm dialog: on confirm `run` gets the typed text; a failure stays in the
 * dialog in words, a success closes it and toasts `done`, then `after` runs (e.g. open the table).
 */
export type Ask = (spec: ConfirmSpec, run: (text: string) => Promise<unknown>, done: string, after?: () => void) => void;
