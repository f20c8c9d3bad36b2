import { useCallback } from 'react';
import { sanitationContract } from '@shared/contracts/sanitation';
import type { ActionInput, ActionName, ActionOutput } from '@shared/contracts/envelope';
import { call } from '../client/cloud';
import { serverWordedError } from '../client/error-text';
import { choosePhoto } from '../client/upload';
import { useAction } from './use-action';

type C = typeof sanitationContract;
export type SanitationAction = ActionName<C>;
export type SanitationInput<K extends SanitationAction> = ActionInput<C, K>;
export type SanitationOutput<K extends SanitationAction> = ActionOutput<C, K>;
export type OrderView = SanitationOutput<'order'>;
export type OrderSummary = SanitationOutput<'orders'>['items'][number];
export type FacilityView = SanitationOutput<'facility'>;
export type FacilitySummary = SanitationOutput<'facilities'>['items'][number];
export type PhotoView = SanitationOutput<'photo'>['photo'];
/** A 随手拍 as received (受理): where it goes and by when; its order comes with 派单, a little later. */
export type ReportReceipt = SanitationOutput<'report'>;
export type MyReport = SanitationOutput<'myReports'>['items'][number];

/** The function words CONFLICT / FORBIDDEN / NOT_FOUND for the case at hand: keep its words. */
export const sanitationErrorText = serverWordedError;

export function sanitationCall<K extends SanitationAction>(action: K, input: SanitationInput<K>): Promise<SanitationOutput<K>> {
  return call(sanitationContract, action, input);
}

/** A read action, loaded again whenever the page shows; `null` waits. */
export function useSanitation<K extends SanitationAction>(action: K, input: SanitationInput<K> | null, missingText?: string) {
  return useAction(sanitationContract, action, input, { errorText: serverWordedError, reloadOnShow: true, missingText });
}

/** One work order and the steps the server allows on it. */
export function useOrder(id: string | undefined) {
  const q = useSanitation('order', id ? { orderId: id } : null, '没有找到这条随手拍');
  const { setData } = q;
  const act = useCallback(
    async <K extends 'accept' | 'fix' | 'confirm' | 'reopen' | 'release'>(action: K, input: Omit<SanitationInput<K>, 'orderId'>): Promise<OrderView> => {
      if (!id) throw new Error('no order id');
      const next = (await sanitationCall(action, { ...input, orderId: id } as SanitationInput<K>)) as OrderView;
      setData(next);
      return next;
    },
    [id, setData],
  );
  return { ...q, order: q.data, act };
}

/** Take or pick a photo, shrink, upload and hand it to sanitation.photo: the kept photo (pending its check). */
export async function takeSanitationPhoto(userId: string): Promise<{ preview: string; photo: PhotoView }> {
  const chosen = await choosePhoto(userId);
  const fileId = await chosen.upload();
  const { photo } = await sanitationCall('photo', { fileId });
  return { preview: photo.url ?? chosen.preview, photo };
}
