import {
  applyGrantResult,
  beijingTime,
  classifySendError,
  KIND_LABELS,
  KIND_TEMPLATES,
  MAX_TEMPLATES_PER_REQUEST,
  NOTIFICATION_KINDS,
  renderTemplateData,
  retryDelayMs,
  SUBSCRIBE_MOMENTS,
  TEMPLATE_KEYS,
  templateKeyFor,
} from '../../../../shared/domain/subscribe';

describe('subscribe moments', () => {
  it('never ask for more templates in one tap than wx.requestSubscribeMessage allows', () => {
    for (const keys of Object.values(SUBSCRIBE_MOMENTS)) {
      expect(keys.length).toBeGreaterThan(0);
      expect(keys.length).toBeLessThanOrEqual(MAX_TEMPLATES_PER_REQUEST);
      expect(new Set(keys).size).toBe(keys.length);
    }
  });
});

describe('KIND_TEMPLATES', () => {
  it('maps every kind to a known template key and gives it a label', () => {
    for (const [kind, key] of Object.entries(KIND_TEMPLATES)) {
      expect(TEMPLATE_KEYS).toContain(key);
      expect(KIND_LABELS[kind]).toBeTruthy();
    }
  });

  it('delivers every kind with a template that some tap asks for, so a grant for it can exist', () => {
    const askable = new Set(Object.values(SUBSCRIBE_MOMENTS).flat());
    for (const [kind, { template }] of Object.entries(NOTIFICATION_KINDS)) expect([kind, askable.has(template)]).toEqual([kind, true]);
  });

  it('leaves unknown kinds to the inbox only', () => {
    expect(templateKeyFor('wish.submitted')).toBe('todo');
    expect(templateKeyFor('something.new')).toBeNull();
  });
});

describe('applyGrantResult', () => {
  const oneTime = { longTerm: false };
  it('adds one send for each accepted tap', () => {
    const a = applyGrantResult(null, 'accept', oneTime, false);
    expect(a).toEqual({ remaining: 1, longTerm: false, lastResult: 'accept' });
    expect(applyGrantResult(a, 'accept', oneTime, false).remaining).toBe(2);
  });

  it('keeps sends already granted when the person declines this time', () => {
    expect(applyGrantResult({ remaining: 2, longTerm: false, lastResult: 'accept' }, 'reject', oneTime, false)).toEqual({ remaining: 2, longTerm: false, lastResult: 'reject' });
  });

  it('clears everything when the platform banned or filtered the template', () => {
    for (const r of ['ban', 'filter'] as const) expect(applyGrantResult({ remaining: 3, longTerm: true, lastResult: 'accept' }, r, oneTime, true)).toEqual({ remaining: 0, longTerm: false, lastResult: r });
  });

  it('grants long-term only for a long-term template with the switch on', () => {
    expect(applyGrantResult(null, 'accept', { longTerm: true }, true)).toEqual({ remaining: 0, longTerm: true, lastResult: 'accept' });
    expect(applyGrantResult(null, 'accept', { longTerm: true }, false)).toEqual({ remaining: 1, longTerm: false, lastResult: 'accept' });
    expect(applyGrantResult({ remaining: 0, longTerm: true, lastResult: 'accept' }, 'reject', { longTerm: true }, true).longTerm).toBe(false);
  });
});

describe('renderTemplateData', () => {
  const message = { kind: 'wish.submitted', title: '新的微心愿待审核', body: '张桂芳：帮忙买菜，腿脚不便想请人每周帮忙买一次菜', createdAt: '2026-11-27T10:05:00.000Z' };

  it('fills each configured key from the message within WeChat limits', () => {
    const data = renderTemplateData({ thing1: 'kindLabel', thing2: 'body', time3: 'createdAt', phrase4: { text: '待审核处理中' } }, message);
    expect(data.thing1).toEqual({ value: '微心愿待审核' });
    expect([...data.thing2!.value]).toHaveLength(20);
    expect(data.thing2!.value.endsWith('…')).toBe(true);
    expect(data.time3).toEqual({ value: '2026年11月27日 18:05' });
    expect([...data.phrase4!.value].length).toBeLessThanOrEqual(5);
  });

  it('shows times in Beijing time across midnight', () => {
    expect(beijingTime('2026-12-31T16:30:00.000Z')).toBe('2027年1月1日 00:30');
  });
});

describe('retries', () => {
  it('back off exponentially up to an hour', () => {
    expect([1, 2, 3, 4].map(retryDelayMs)).toEqual([60_000, 120_000, 240_000, 480_000]);
    expect(retryDelayMs(20)).toBe(3_600_000);
  });

  it('classify WeChat answers: refusal, errors a retry cannot fix, and the rest', () => {
    expect(classifySendError(43101)).toBe('refused');
    for (const code of [40003, 40037, 47003, 41030]) expect(classifySendError(code)).toBe('permanent');
    expect(classifySendError(-1)).toBe('transient');
    expect(classifySendError(null)).toBe('transient');
  });
});
