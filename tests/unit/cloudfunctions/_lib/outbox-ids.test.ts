import { randomUUID } from 'node:crypto';
import { fanOutRowId } from '../../../../cloudfunctions/_lib/outbox';
import { idSchema } from '../../../../shared/contracts/common';

/** A registered user's id, as auth.register makes it (34 characters). */
const registered = () => `u_${randomUUID().replace(/-/g, '')}`;

describe('a fan-out row id', () => {
  it('is `<prefix>-<recipient>` while that fits an id', () => {
    expect(fanOutRowId('fo-adopt-cv-1', 'village-cadre')).toBe('fo-adopt-cv-1-village-cadre');
    const u = registered();
    expect(fanOutRowId('sn12345678901234567890123456', u)).toBe(`sn12345678901234567890123456-${u}`);
  });

  it('stays a valid id for a registered user under the longest prefixes the functions make', () => {
    // A points month published to its village, a council vote, a long alert prefix: each past 29 characters.
    const prefixes = ['fo-pm-v-gen-07-2026-11-published', 'fo-cvote-v-fengfang-2026-12-07-topic-3', `al-${'x'.repeat(40)}-gl2`];
    for (const p of prefixes) {
      const u = registered();
      expect(`${p}-${u}`.length).toBeGreaterThan(64);
      const id = fanOutRowId(p, u);
      expect(idSchema.safeParse(id).success).toBe(true);
      // Deterministic (a resumed expansion finds its own rows) and one per recipient.
      expect(fanOutRowId(p, u)).toBe(id);
      expect(fanOutRowId(p, registered())).not.toBe(id);
    }
  });
});
