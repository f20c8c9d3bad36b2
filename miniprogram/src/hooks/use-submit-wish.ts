import { useCallback, useEffect, useRef, useState } from 'react';
import { wishesContract, type WishView } from '@shared/contracts/wishes';
import { toIssues } from '@shared/contracts/envelope';
import { ApiError, call } from '../client/cloud';
import { plainError } from '../client/error-text';
import { maxLengthOf, namedFieldErrors } from '../client/form-errors';
import type { WishCategory } from '@shared/domain/wish-state';
import { newRequestId } from '../client/request-id';
import { askToSubscribe, prepareSubscribe } from '../client/subscribe';
import { clearWishDraft, loadWishDraft, saveWishDraft, type WishDraft } from '../client/wish-draft';

export type WishField = 'title' | 'content' | 'category';
type DraftField = WishField | 'hideName';
export type FieldErrors = Partial<Record<WishField, string>>;

/** As the form's labels name the fields: every error says which field it is about. */
export const WISH_FIELD_LABELS: Record<WishField, string> = { title: '标题', content: '内容', category: '类别' };
const submitInput = wishesContract.actions.submit.input;
/** The contract's own limits, for the counters under the fields. */
export const WISH_LIMITS = { title: maxLengthOf(submitInput.shape.title), content: maxLengthOf(submitInput.shape.content) };

/**
 * The submit form's state. Every keystroke is kept as a draft on the device, so a failed
 * submission or leaving the page loses nothing; a retry reuses the first attempt's request id.
 */
export function useSubmitWish(onSubmitted: (wish: WishView) => void) {
  const [draft, setDraft] = useState<WishDraft>(loadWishDraft);
  const [errors, setErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const latest = useRef(draft);
  latest.current = draft;

  useEffect(() => {
    saveWishDraft(draft);
  }, [draft]);

  useEffect(() => {
    void prepareSubscribe('wish.submit');
  }, []);

  const setField = useCallback(<F extends DraftField>(field: F, value: WishDraft[F]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    if (field !== 'hideName') setErrors((e) => ({ ...e, [field]: undefined }));
  }, []);

  const submit = useCallback(async () => {
    if (submitting) return;
    const current = latest.current;
    // Every field checked at once by the contract before anything is sent or asked.
    const checked = submitInput.safeParse({ title: current.title, content: current.content, category: current.category ?? undefined });
    if (!checked.success) {
      setErrors(namedFieldErrors(new ApiError('INVALID_INPUT', '', toIssues(checked.error)), WISH_FIELD_LABELS));
      return;
    }
    // The permission dialog must open straight from the tap; the answer never blocks the submission.
    await askToSubscribe('wish.submit');
    const requestId = current.requestId ?? newRequestId();
    const withId = { ...current, requestId };
    setDraft(withId);
    saveWishDraft(withId);
    setSubmitting(true);
    setFormError(null);
    try {
      const wish = await call(wishesContract, 'submit', {
        title: current.title,
        content: current.content,
        category: current.category as WishCategory,
        ...(current.hideName ? { hideName: true } : {}),
        requestId,
      });
      clearWishDraft();
      setDraft({ title: '', content: '', category: null, hideName: false, requestId: null });
      onSubmitted(wish);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_INPUT') {
        setErrors(namedFieldErrors(e, WISH_FIELD_LABELS));
        // Nothing was written: the next attempt is a new submission.
        setDraft((d) => ({ ...d, requestId: null }));
      }
      setFormError(`${plainError(e)}。您填写的内容已保存。`);
    } finally {
      setSubmitting(false);
    }
  }, [onSubmitted, submitting]);

  return { draft, errors, formError, submitting, setField, submit };
}
