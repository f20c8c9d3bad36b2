import { renderHook, waitFor } from '@testing-library/react';
import { wishesContract } from '@shared/contracts/wishes';
import { useAction } from '../../../miniprogram/src/hooks/use-action';

const fetchMock = jest.fn();

beforeEach(() => {
  fetchMock.mockReset();
  global.fetch = fetchMock as unknown as typeof fetch;
});

describe('useAction', () => {
  it('waits on a null input without asking the server (e.g. until the session is known)', async () => {
    const { result } = renderHook(() => useAction(wishesContract, 'get', null));
    await new Promise((r) => setTimeout(r, 20));
    expect(result.current).toMatchObject({ data: null, loading: true, error: null });
    expect(fetchMock).not.toHaveBeenCalled();
  });

  it('says its missing words instead of waiting when a null input means there is nothing to load', async () => {
    const { result } = renderHook(() => useAction(wishesContract, 'get', null, { missingText: '没有找到这个心愿' }));
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current).toMatchObject({ data: null, error: '没有找到这个心愿' });
    expect(fetchMock).not.toHaveBeenCalled();
  });
});
