import { useCallback, useEffect } from 'react';
import type { SubscribeMoment } from '@shared/domain/subscribe';
import { askToSubscribe, prepareSubscribe } from '../client/subscribe';

/**
 * Subscribe-message permission for one tap: loads the template ids when the page opens and returns the
 * function to call FIRST in that tap's handler (WeChat opens the dialog only straight from a tap). The
 * answer never holds up the action; declining only keeps the messages in the inbox.
 */
export function useSubscribeAt(moment: SubscribeMoment): () => void {
  useEffect(() => {
    void prepareSubscribe(moment);
  }, [moment]);
  return useCallback(() => {
    void askToSubscribe(moment);
  }, [moment]);
}
