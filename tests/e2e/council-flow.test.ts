import { clock, DAY_MS } from '../../cloudfunctions/_lib/clock';
import { councils } from '../../cloudfunctions/councils';
import { FUNCTIONS } from '../../cloudfunctions/registry';
import { PAGE_VISITS } from './pages';
import { expectReadable, layoutProblems, settle, textProblems, turnOnLargeText } from './layout';
import { goto, phone, see, signInAs, startE2E, tap, tapButton, type E2E } from './support';
import { ROUTES } from '../../miniprogram/src/routes';
import { ok } from '../support/runtime';

jest.setTimeout(300_000);

let e: E2E;
beforeAll(async () => {
  e = await startE2E();
});
afterAll(async () => {
  await e?.close();
  clock.reset();
});

describe('议事协商 end to end in Chromium on the h5 build', () => {
  it('shows every 议事协商 page in large text at 360 px: nothing cut or overlapping, no codes, ISO dates or English', async () => {
    const names: Record<string, string> = { resident: '张桂芳', 'village-cadre': '陈建军', 'party-member': '赵志强' };
    const problems: { path: string; layout: unknown[]; text: unknown[] }[] = [];
    const visits = Object.entries(PAGE_VISITS).filter(([p]) => p.startsWith('packages/council/'));
    expect(visits).toHaveLength(13);
    for (const persona of [...new Set(visits.map(([, v]) => v.persona))]) {
      const { page } = await phone(e);
      await signInAs(e, page, names[persona]!);
      await turnOnLargeText(e, page);
      await page.setViewportSize({ width: 360, height: 640 });
      for (const [path, visit] of visits.filter(([, v]) => v.persona === persona)) {
        await goto(e, page, visit.url({ caseId: '', pointsMonth: '', lastYear: 0, partyOrgId: '' }));
        if (visit.see) await see(page, visit.see);
        await settle(page);
        const layout = await layoutProblems(page);
        const text = await textProblems(page);
        if (layout.length || text.length) problems.push({ path, layout, text });
      }
    }
    expect(problems).toEqual([]);
  });

  it('carries one topic from the resident\'s support over the threshold, through the chair\'s meeting and the household vote, to the decision and its progress', async () => {
    const { page } = await phone(e);
    await signInAs(e, page, '张桂芳');
    await turnOnLargeText(e, page);
    // Her honour of last year's 评选 on her profile.
    await see(page, '最美社区人');
    await expectReadable(page, 'me with an honour');
    expect(await textProblems(page)).toEqual([]);

    // The council page: the rotation and who is due.
    await goto(e, page, ROUTES.council.home.url());
    await see(page, '轮席顺序');
    await see(page, '驻村单位（冯坊小学）');

    // The resident's household supports the topic one short of its threshold: it goes on the agenda.
    await goto(e, page, ROUTES.council.topic.url({ id: 'ct-seed-drains' }));
    await see(page, '征集支持中');
    await tapButton(page, '我家支持');
    await tapButton(page, '确认支持');
    await see(page, '已列入议事');
    await see(page, '您家已经支持了这个议题');

    // The chair of the turn (the school's representative) calls the meeting and puts it to the households.
    const chair = await e.t.loginOpenid('demo-pm-fengfang-1');
    const meeting = ok(await e.t.call('councils', 'callMeeting', { villageId: 'v-fengfang', bodyKey: 'unit', date: '2026-12-20', time: '19:30', place: '村委会议室', topicIds: ['ct-seed-drains'], requestId: 'e2e-call-meeting' }, chair));
    const opened = ok(await e.t.call('councils', 'decide', { meetingId: meeting.id, topicId: 'ct-seed-drains', text: '是否同意清淤后加盖水泥盖板', days: 2 }, chair));
    const voteId = opened.topics[0].voteId as string;

    // The resident is told (the dispatcher expands the village-wide message), opens the vote, taps one large button and confirms.
    await FUNCTIONS.notifications!.runTimer('dispatch');
    await goto(e, page, ROUTES.inbox.url());
    await see(page, '请为本村议题投票');
    await goto(e, page, ROUTES.council.vote.url({ id: voteId }));
    await see(page, '是否同意清淤后加盖水泥盖板');
    await expectReadable(page, 'vote page');
    await tapButton(page, '同意');
    await see(page, '您选择了：同意');
    await tapButton(page, '确认投同意');
    await see(page, '您家已投票：同意');

    // Twelve more households vote through the gateway; the vote closes when its two days are over.
    const cadre = await e.t.login('village-cadre');
    const tokens = [cadre, await e.t.login('grid-leader'), await e.t.login('mediator'), await e.t.login('supervisor')];
    for (let i = 1; i <= 18; i++) tokens.push(await e.t.loginOpenid(`demo-r-fengfang-${i}`));
    const results = await Promise.all(tokens.map((tok) => e.t.call('councils', 'castVote', { voteId, choice: 'agree' }, tok)));
    const counted = results.filter((r) => r.body.ok).length + 1;
    clock.advance(2 * DAY_MS + 60_000);
    await councils.runTimer('tick');
    await goto(e, page, ROUTES.council.vote.url({ id: voteId }));
    await see(page, '结果：');
    await see(page, `共 ${counted} 票`);
    const vote = ok(await e.t.call('councils', 'vote', { voteId }));
    expect(vote.result.cast).toBe(counted);

    // Adopted: the chair plans it, the responsible body reports; the resident sees the progress.
    const topic = ok(await e.t.call('councils', 'topic', { topicId: 'ct-seed-drains' }));
    expect(topic.status).toBe(vote.result.outcome === 'adopted' ? 'decided' : 'rejected');
    if (topic.decisionId) {
      ok(await e.t.call('councils', 'planDecision', { decisionId: topic.decisionId, responsibleKey: 'reps', steps: [{ title: '清淤', dueDate: '2027-01-10' }, { title: '加盖盖板', dueDate: '2027-01-30' }] }, chair));
      await goto(e, page, ROUTES.council.decision.url({ id: topic.decisionId }));
      await see(page, '落实：居民代表负责');
      await see(page, '清淤');
      await tap(page, '完成 50%');
      await tapButton(page, '报告进度');
      await see(page, '总进度 25%');
      await expectReadable(page, 'decision page');
    }
    clock.reset();
  });

});
