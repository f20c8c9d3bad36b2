import { readFileSync } from 'node:fs';
import path from 'node:path';
import { ACCOUNT_CLOSING } from '../../../../shared/domain/account-close';
import { PERSONAL_DATA, THIRD_PARTIES } from '../../../../shared/domain/privacy';
import { PERSONAL_COLLECTIONS } from '../../../../cloudfunctions/_lib/collections';

const guide = readFileSync(path.resolve(__dirname, '../../../../docs/privacy-guide.md'), 'utf8');

describe('privacy guide', () => {
  it('declares every personal data item the privacy page lists, with the same purpose', () => {
    for (const group of PERSONAL_DATA) {
      expect(guide).toContain(group.title);
      for (const i of group.items) {
        expect(guide).toContain(`| ${i.item} | ${i.purpose} | ${i.visibleTo} |`);
      }
    }
  });

  it('names every third party that receives data', () => {
    for (const p of THIRD_PARTIES) expect(guide).toContain(`| ${p.item} |`);
  });

  it('declares the stored user fields', () => {
    for (const field of ['openid', 'name', 'residence', 'birthYear', 'phoneMasked', 'resettled', 'roles']) {
      expect(guide).toContain(`users.${field}`);
    }
  });

  it('declares every collection that holds personal information, by its name in the collection table', () => {
    expect(PERSONAL_COLLECTIONS.length).toBeGreaterThan(10);
    for (const name of PERSONAL_COLLECTIONS) expect(guide).toContain(`\`${name}`);
  });

  it('describes in-app account closing (注销账号) in the words the privacy page uses', () => {
    const section = guide.slice(guide.indexOf('## 五、'), guide.indexOf('## 六、'));
    expect(section).toContain('注销账号');
    expect(section).not.toContain('注销和删除：请联系运营方');
    for (const line of [...ACCOUNT_CLOSING.deleted, ...ACCOUNT_CLOSING.closedFirst, ...ACCOUNT_CLOSING.kept]) expect(section).toContain(line);
    expect(section).toContain(ACCOUNT_CLOSING.waitFor);
    expect(section).toContain(ACCOUNT_CLOSING.after);
    expect(section).toContain(ACCOUNT_CLOSING.timing);
    expect(section).toContain('users.closedAt');
  });
});
