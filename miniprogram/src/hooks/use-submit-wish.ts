import { useCallback, useEffect, useRef, useState } from 'react';
import { wishesContract, type WishView } from '@shared/contracts/wishes';
import { ApiError, call } from '../client/cloud';
import { plainError } from '../client/error-text';
import { newRequestId } from '../client/request-id';
import { askToSubscribe, prepareSubscribe } from '../client/subscribe';
import { clearWishDraft, loadWishDraft, saveWishDraft, type WishDraft } from '../client/wish-draft';

export type WishField = 'title' | 'content' | 'category';
export type FieldErrors = Partial<Record<WishField, string>>;

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

  const setField = useCallback(<F extends WishField>(field: F, value: WishDraft[F]) => {
    setDraft((d) => ({ ...d, [field]: value }));
    setErrors((e) => ({ ...e, [field]: undefined }));
  }, []);

  const submit = useCallback(async () => {
    if (submitting) return;
    const current = latest.current;
    if (!current.category) {
      setErrors({ category: '请选一个类别' });
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
        category: current.category,
        requestId,
      });
      clearWishDraft();
      setDraft({ title: '', content: '', category: null, requestId: null });
      onSubmitted(wish);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'INVALID_INPUT') {
        setErrors({
          title: e.fieldError('title'),
          content: e.fieldError('content'),
          category: e.fieldError('category') && '请选一个类别',
        });
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
