/**
 * The compiled output check answers as zod's own parse does: the same data (values, key order, stripped
 * and defaulted fields) for what zod accepts, and zod's refusal for what it refuses — each kind checked
 * against `schema.safeParse` on accepted and refused answers. And every output contract of every
 * function is compiled or knowingly left to zod.
 */
import { z, type ZodTypeAny } from 'zod';
import { checkOutput, isCompiled } from '../../../../cloudfunctions/_lib/output-check';
import { FUNCTIONS } from '../../../../cloudfunctions/registry';
import { readdirSync } from 'node:fs';
import path from 'node:path';

/** Every export of every contract file. */
const CONTRACTS_DIR = path.resolve(__dirname, '../../../../shared/contracts');
const contracts: unknown[] = readdirSync(CONTRACTS_DIR)
  .filter((f) => f.endsWith('.ts'))
  .flatMap((f) => Object.values(require(path.join(CONTRACTS_DIR, f)) as Record<string, unknown>));

const id = z.string().min(1).max(64).regex(/^[A-Za-z0-9_-]+$/);
const item = z.object({
  id,
  title: z.string().trim().min(2),
  kind: z.enum(['a', 'b']),
  n: z.number().int().min(0).max(10),
  ratio: z.number().gt(0).lt(1).optional(),
  flag: z.boolean(),
  who: z.string().nullable(),
  note: z.string().optional(),
  tag: z.literal('t'),
  page: z.number().default(20),
  any: z.unknown(),
});

const cases: [string, ZodTypeAny, unknown[]][] = [
  [
    'an object of every plain kind',
    item,
    [
      { id: 'a1', title: '  心愿  ', kind: 'a', n: 3, flag: true, who: null, tag: 't', any: { x: [1] }, extra: 'stripped' },
      { id: 'a1', title: '心愿', kind: 'b', n: 0, ratio: 0.5, flag: false, who: '张', note: undefined, tag: 't', page: 5, any: null },
      { id: 'a 1', title: '心愿', kind: 'a', n: 3, flag: true, who: null, tag: 't' },
      { id: 'a1', title: ' 心 ', kind: 'a', n: 3, flag: true, who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'c', n: 3, flag: true, who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: 3.5, flag: true, who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: 11, flag: true, who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: 3, ratio: 1, flag: true, who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: Number.NaN, flag: true, who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: 3, flag: 'yes', who: null, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: 3, flag: true, tag: 't' },
      { id: 'a1', title: '心愿', kind: 'a', n: 3, flag: true, who: null, tag: 'u' },
      { id: 'a1', title: '心愿', kind: 'a', n: 3, flag: true, who: null, tag: 't', page: '5' },
      null,
      [],
      'text',
      new Date(0),
    ],
  ],
  ['a strict object', z.object({ a: z.string() }).strict(), [{ a: 'x' }, { a: 'x', b: 1 }, {}]],
  ['a passthrough object', z.object({ a: z.string() }).passthrough(), [{ b: 1, a: 'x', c: [2] }, { a: 1 }]],
  ['an array with bounds', z.array(z.number()).min(1).max(2), [[1], [1, 2], [], [1, 2, 3], [1, 'x'], 'x']],
  ['an array of exact length', z.array(z.string()).length(2), [['a', 'b'], ['a']]],
  ['a string of exact length', z.string().length(3), ['abc', 'ab', 'abcd']],
  [
    'a union: the first option that accepts',
    z.union([z.object({ a: z.string() }), z.object({ a: z.string(), b: z.number() }).strict(), z.null()]),
    [{ a: 'x', b: 1 }, null, { b: 1 }, 5],
  ],
  [
    'a discriminated union',
    z.discriminatedUnion('kind', [z.object({ kind: z.literal('x'), a: z.string() }), z.object({ kind: z.literal('y'), b: z.number() })]),
    [{ kind: 'x', a: 's', b: 1 }, { kind: 'y', b: 2 }, { kind: 'z' }, { kind: 'y', b: 's' }, 'x'],
  ],
  ['a record', z.record(z.string(), z.number()), [{ a: 1, b: 2 }, {}, { a: 'x' }, []]],
  ['a nullable optional default', z.object({ a: z.string().nullable().optional(), b: z.array(z.string()).default([]) }), [{}, { a: null }, { a: 'x', b: ['y'] }, { b: null }]],
];

describe('the compiled output check', () => {
  it.each(cases)('answers %s as zod does, accepted and refused', (_name, schema, values) => {
    expect(isCompiled(schema)).toBe(true);
    let accepted = 0;
    let refused = 0;
    for (const value of values) {
      const ours = checkOutput(schema, value);
      const zods = schema.safeParse(value);
      expect(ours.success).toBe(zods.success);
      if (ours.success && zods.success) {
        accepted += 1;
        expect(JSON.stringify(ours.data)).toBe(JSON.stringify(zods.data));
        expect(ours.data).toStrictEqual(zods.data);
      } else if (!ours.success && !zods.success) {
        refused += 1;
        expect(ours.error.issues).toEqual(zods.error.issues);
      }
    }
    expect(accepted).toBeGreaterThan(0);
    expect(refused).toBeGreaterThan(0);
  });

  it('leaves a schema with a refinement or a transform to zod whole', () => {
    expect(isCompiled(z.object({ a: z.string().refine((s) => s.length > 1) }))).toBe(false);
    expect(isCompiled(z.array(z.string().transform((s) => s.length)))).toBe(false);
    expect(isCompiled(z.string().email())).toBe(false);
    const lazy: ZodTypeAny = z.lazy(() => z.object({ next: lazy.nullable() }));
    expect(isCompiled(lazy)).toBe(false);
    // What is left to zod is zod's answer.
    const refined = z.object({ a: z.string().refine((s) => s.length > 1, '太短') });
    expect(checkOutput(refined, { a: 'x' }).success).toBe(false);
    expect(checkOutput(refined, { a: 'xy', b: 1 })).toEqual({ success: true, data: { a: 'xy' } });
  });

  it('compiles most output contracts of the functions', () => {
    const outputs = contracts
      .filter((c): c is { name: string; actions: Record<string, { output: ZodTypeAny }> } => typeof c === 'object' && c !== null && 'actions' in c && 'name' in c)
      .flatMap((c) => Object.entries(c.actions).map(([action, s]) => [`${c.name}.${action}`, s.output] as const));
    expect(outputs.length).toBeGreaterThan(Object.keys(FUNCTIONS).length * 5);
    const left = outputs.filter(([, s]) => !isCompiled(s)).map(([name]) => name);
    // The share is the point: the lists and pages people open most are plain schemas.
    expect(left.length / outputs.length).toBeLessThan(0.05);
    expect(left).not.toContain('wishes.list');
  });
});
