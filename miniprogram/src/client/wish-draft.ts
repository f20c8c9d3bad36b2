import { WISH_CATEGORIES, type WishCategory } from '@shared/domain/wish-state';
import { STORAGE_KEYS, readJson, writeJson } from './storage';

/** What the submit form has typed so far, plus the request id of a submission that did not finish. */
export interface WishDraft {
  title: string;
  content: string;
  category: WishCategory | null;
  /** 不公开姓名 (health and family wishes only). */
  hideName?: boolean;
  requestId: string | null;
}

export const EMPTY_DRAFT: WishDraft = { title: '', content: '', category: null, requestId: null };

function isCategory(value: unknown): value is WishCategory {
  return typeof value === 'string' && (WISH_CATEGORIES as readonly string[]).includes(value);
}

export function loadWishDraft(): WishDraft {
  const raw = readJson(STORAGE_KEYS.wishDraft);
  if (typeof raw !== 'object' || raw === null) return EMPTY_DRAFT;
  const r = raw as Record<string, unknown>;
  return {
    title: typeof r.title === 'string' ? r.title : '',
    content: typeof r.content === 'string' ? r.content : '',
    category: isCategory(r.category) ? r.category : null,
    hideName: r.hideName === true,
    requestId: typeof r.requestId === 'string' ? r.requestId : null,
  };
}

export function saveWishDraft(draft: WishDraft): void {
  const empty = !draft.title && !draft.content && !draft.category && !draft.requestId;
  writeJson(STORAGE_KEYS.wishDraft, empty ? null : draft);
}

export function clearWishDraft(): void {
  writeJson(STORAGE_KEYS.wishDraft, null);
}
