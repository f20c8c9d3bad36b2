import { wishesContract, type WishSummary } from '@shared/contracts/wishes';
import type { WishStatus } from '@shared/domain/wish-state';
import type { ActionInput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { useCursorList } from './use-cursor-list';

export type WishScope = ActionInput<typeof wishesContract, 'list'>['scope'];

const PAGE_SIZE = 20;

/** One scope of wishes, a page at a time; changing scope or status starts over. */
export function useWishList(scope: WishScope, status?: WishStatus) {
  return useCursorList<WishSummary>(`${scope}|${status ?? ''}`, (cursor) =>
    call(wishesContract, 'list', { scope, status, cursor, limit: PAGE_SIZE }),
  );
}
