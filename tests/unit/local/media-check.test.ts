import { parseMediaCheckEvent } from '../../../cloudfunctions/_lib/storage';
import { LocalMediaChecker, STAND_IN_FLAGGED, type MediaCheckEvent } from '../../../local/media-check';

const photo = (width: number, height: number) => ({ _id: 'ph1', width, height, type: 'jpeg' as const });

describe('the local stand-in for mediaCheckAsync keeps the contract it fakes', () => {
  it('answers later, as a wxa_media_check push event with the trace id it returned, which the cloud parser reads', async () => {
    const got: MediaCheckEvent[] = [];
    const checker = new LocalMediaChecker(async (e) => void got.push(e), 0);
    const { traceId } = await checker.start({ openid: 'o1', url: '/x', photo: photo(120, 80) });
    // Asynchronous: nothing has arrived when start returns.
    expect(got).toHaveLength(0);
    expect(checker.waiting).toBe(1);
    expect(await checker.flush()).toBe(1);
    expect(got).toHaveLength(1);
    expect(got[0]).toMatchObject({ MsgType: 'event', Event: 'wxa_media_check', trace_id: traceId, version: 2 });
    expect(parseMediaCheckEvent(got[0])).toEqual({ traceId, suggest: 'pass', label: 100 });
  });

  it('flags the one labelled shape as risky, and nothing else', async () => {
    const got: MediaCheckEvent[] = [];
    const checker = new LocalMediaChecker(async (e) => void got.push(e), 0);
    await checker.start({ openid: 'o1', url: '/x', photo: photo(STAND_IN_FLAGGED.width, STAND_IN_FLAGGED.height) });
    await checker.start({ openid: 'o1', url: '/x', photo: photo(66, 67) });
    await checker.flush();
    expect(got.map((e) => parseMediaCheckEvent(e)!.suggest)).toEqual(['risky', 'pass']);
  });

  it('answers by itself after its delay', async () => {
    const got: MediaCheckEvent[] = [];
    const checker = new LocalMediaChecker(async (e) => void got.push(e), 20);
    await checker.start({ openid: 'o1', url: '/x', photo: photo(10, 10) });
    await new Promise((r) => setTimeout(r, 80));
    expect(got).toHaveLength(1);
    checker.stop();
  });

  it('the cloud parser ignores what is not a media-check answer', () => {
    expect(parseMediaCheckEvent({ Type: 'Timer', TriggerName: 'overdue' })).toBeNull();
    expect(parseMediaCheckEvent({ MsgType: 'event', Event: 'subscribe_msg_popup_event' })).toBeNull();
    expect(parseMediaCheckEvent({ MsgType: 'event', Event: 'wxa_media_check', trace_id: 't', result: { suggest: 'odd' } })).toEqual({ traceId: 't', suggest: 'review', label: null });
  });
});
