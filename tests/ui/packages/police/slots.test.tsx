import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import Taro from '@tarojs/taro';
import SlotPicker from '../../../../miniprogram/src/packages/police/slots/index';
import { ROUTES } from '../../../../miniprogram/src/routes';

// NutUI's Dialog needs a live Taro page; a plain stand-in keeps the dialog's contract: message, confirm, error shown.
jest.mock('../../../../miniprogram/src/components/ConfirmDialog', () => {
  const { useState } = jest.requireActual('react');
  return {
    ConfirmDialog: ({ spec, onConfirm }: { spec: { message: string; confirmText: string } | null; onConfirm: (t: string) => Promise<void> }) => {
      const [error, setError] = useState(null as string | null);
      if (!spec) return null;
      return (
        <div>
          <p>{spec.message}</p>
          <button onClick={() => onConfirm('').catch((e: Error) => setError(e.message))}>{spec.confirmText}</button>
          {error && <p>{error}</p>}
        </div>
      );
    },
  };
});

const fetchMock = jest.fn();

const HOME = {
  id: 'ph-v-fengfang',
  name: '冯坊村新时代警民之家',
  unitName: '冯坊村',
  address: '冯坊村委会院内',
  dutyPhone: '0917-4610000',
  officers: [{ name: '孙立新', title: '社区民警', phoneMasked: '150****6614' }],
  status: { open: true, closesAt: null, opensAt: null, todayNote: null },
  weekly: [],
  upcomingExceptions: [],
  services: [{ id: 'ps-id', name: '身份证办理与换领', description: '请带好户口簿。', mode: 'appointment', duties: ['jointWork'] }],
  canOversee: false,
};

const slot = (id: string, startAt: string, remaining: number, bookable = remaining > 0) => ({
  id,
  date: '2099-12-08',
  startAt,
  endAt: startAt,
  capacity: 3,
  remaining,
  bookable,
  mine: false,
});

const SLOTS = {
  service: HOME.services[0],
  slots: [slot('sl-1', '2099-12-08T01:00:00.000Z', 2), slot('sl-2', '2099-12-08T01:30:00.000Z', 0)],
};

const answer = (data: unknown) => Promise.resolve({ status: 200, json: () => Promise.resolve({ ok: true, data }) });
const sent = () => fetchMock.mock.calls.map(([, init]) => JSON.parse((init as RequestInit).body as string) as { action: string; data: Record<string, unknown> });

beforeEach(() => {
  Taro.clearStorageSync();
  fetchMock.mockReset();
  fetchMock.mockImplementation((_url: string, init: RequestInit) => {
    const { action } = JSON.parse(init.body as string) as { action: string };
    if (action === 'home') return answer(HOME);
    if (action === 'slots') return answer(SLOTS);
    return Promise.reject(new TypeError('Failed to fetch'));
  });
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('police slot picker', () => {
  it('shows each time with the seats left and a full slot as full', async () => {
    render(<SlotPicker />);
    expect(await screen.findByText('还剩 2 个')).toBeTruthy();
    expect(screen.getByText('已约满')).toBeTruthy();
    expect(screen.getByText('09:00')).toBeTruthy(); // China time, whatever the phone's zone
  });

  it('books a tapped time after confirming and sends the same request id when the first try had no answer', async () => {
    const redirect = jest.spyOn(Taro, 'redirectTo');
    render(<SlotPicker />);
    fireEvent.click(await screen.findByText('09:00'));
    fireEvent.click(await screen.findByText('确定预约'));
    await screen.findByText('网络不太好，请稍后再试');

    fetchMock.mockImplementationOnce(() => answer({ id: 'bk1', slotId: 'sl-1', serviceId: 'ps-id', serviceName: '身份证办理与换领', homeId: HOME.id, startAt: SLOTS.slots[0]!.startAt, endAt: SLOTS.slots[0]!.endAt, status: 'booked', userName: '张桂芳', phoneMasked: null, note: null, rescheduledFrom: null, rescheduledTo: null, canCancel: true }));
    fireEvent.click(screen.getByText('确定预约'));
    await waitFor(() => expect(redirect).toHaveBeenCalledWith({ url: ROUTES.police.mine.url() }));

    const books = sent().filter((b) => b.action === 'book');
    expect(books).toHaveLength(2);
    expect(books[0]!.data).toMatchObject({ slotId: 'sl-1' });
    expect(books[1]!.data.requestId).toBe(books[0]!.data.requestId);
  });
});
