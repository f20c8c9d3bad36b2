import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNT_CLOSE_RULES, CLOSE_HANDLING_LABELS } from '../../../cloudfunctions/auth/closing';
import { ERASURE_STEPS } from '../../../cloudfunctions/auth/timers';
import { COLLECTIONS, PERSONAL_COLLECTIONS, type CollectionKey } from '../../../cloudfunctions/_lib/collections';

const guide = readFileSync(path.resolve(__dirname, '../../../docs/privacy-guide.md'), 'utf8');
const closing = guide.slice(guide.indexOf('## 五、'), guide.indexOf('## 六、'));

describe('account closing (注销账号), collection by collection', () => {
  it('says what closing does to every collection declared personal, so a new feature cannot forget it', () => {
    expect(PERSONAL_COLLECTIONS.length).toBeGreaterThan(40);
    const missing = PERSONAL_COLLECTIONS.filter((name) => !Object.values(COLLECTIONS).some((c) => c.name === name && ACCOUNT_CLOSE_RULES[keyOf(name)]));
    expect(missing).toEqual([]);
  });

  it('names only personal collections (a rule for a collection without personal data means the flag is wrong)', () => {
    const extra = (Object.keys(ACCOUNT_CLOSE_RULES) as CollectionKey[]).filter((k) => !COLLECTIONS[k].personal);
    expect(extra).toEqual([]);
  });

  it('writes each rule in the privacy guide’s account-closing section, in the same words', () => {
    for (const [key, rule] of Object.entries(ACCOUNT_CLOSE_RULES)) {
      const name = COLLECTIONS[key as CollectionKey].name;
      expect(closing).toContain(`| \`${name}\` | ${CLOSE_HANDLING_LABELS[rule!.how]} | ${rule!.what} |`);
    }
  });
});

describe('the erase timer (注销账号’s staged part)', () => {
  it('has a step for every collection whose rule deletes or scrubs something (the user record and the job itself are the close’s own)', () => {
    const steps = new Set(ERASURE_STEPS.map((s) => s.key));
    const own = new Set<CollectionKey>(['users', 'accountErasures']);
    const missing = (Object.entries(ACCOUNT_CLOSE_RULES) as [CollectionKey, { how: string }][])
      .filter(([key, rule]) => (rule.how === 'deleted' || rule.how === 'scrubbed') && !own.has(key) && !steps.has(key))
      .map(([key]) => key);
    expect(missing).toEqual([]);
  });

  it('names each step once', () => {
    const keys = ERASURE_STEPS.map((s) => s.key);
    expect(new Set(keys).size).toBe(keys.length);
  });
});

function keyOf(name: string): CollectionKey {
  return (Object.keys(COLLECTIONS) as CollectionKey[]).find((k) => COLLECTIONS[k].name === name)!;
}
