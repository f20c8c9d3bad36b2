/**
 * The check every action's answer passes before it leaves (handler.ts): zod's own parse of the output
 * contract, which refuses an answer outside it and strips every field the contract does not name (a
 * record's other fields never reach a person by mistake).
 *
 * zod 3 spends most of a list's time in that parse (a wishes.list of 50: 24% of the call, cpu profile),
 * so an output schema built only of the plain kinds below is compiled once into a check that does the
 * same in one pass: the same answer (values, key order, stripped and defaulted fields) for every answer
 * zod accepts, and "not sure" for anything else, which zod then decides, errors and all. A schema
 * holding any other kind (a refinement, a transform, a lazy or a tuple…) is left to zod whole.
 * Under jest every answer goes through both and they must agree (tests/unit/output-check.test.ts holds
 * each kind against zod, accepted and refused).
 */
import type { ZodTypeAny } from 'zod';

/** A check's "not sure": zod decides. */
const UNSURE: unique symbol = Symbol('unsure');
type Check = (value: unknown) => unknown;

const compiled = new WeakMap<ZodTypeAny, Check | null>();

type Shaped = (v: Record<string, unknown>) => Record<string, unknown> | typeof UNSURE;

/**
 * The shape's fields checked and copied in order, zod's way: a key is set when its checked value is
 * defined or the answer holds the key. One function per shape with a store per named key (the names
 * written in as JSON string literals), which V8 runs several times faster than a loop over the names.
 */
function shapeOf(keys: string[], fields: Check[]): Shaped {
  const steps = keys
    .filter((k) => k !== '__proto__')
    .map((k) => {
      const i = keys.indexOf(k);
      const name = JSON.stringify(k);
      return `r = f[${i}](v[${name}]); if (r === U) return U; if (r !== undefined || ${name} in v) o[${name}] = r;`;
    });
  // A `__proto__` field is checked but never set, as zod does.
  const proto = keys.indexOf('__proto__');
  const guard = proto >= 0 ? `if (f[${proto}](v["__proto__"]) === U) return U;` : '';
  return new Function('f', 'U', `return function shaped(v) { const o = {}; let r; ${guard} ${steps.join(' ')} return o; };`)(fields, UNSURE) as Shaped;
}

/** zod's parsed type "object": what its object and record kinds accept. */
function isZodObject(v: unknown): v is Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const o = v as { then?: unknown; catch?: unknown };
  if (typeof o.then === 'function' && typeof o.catch === 'function') return false;
  return !(v instanceof Map || v instanceof Set || v instanceof Date);
}

interface Def {
  typeName: string;
  [k: string]: unknown;
}
type StringCheck = { kind: string; value?: unknown; regex?: RegExp; inclusive?: boolean };

function compileString(def: Def): Check | null {
  if (def.coerce) return null;
  const steps: ((s: string) => string | typeof UNSURE)[] = [];
  for (const c of def.checks as StringCheck[]) {
    if (c.kind === 'min') steps.push((s) => (s.length < (c.value as number) ? UNSURE : s));
    else if (c.kind === 'max') steps.push((s) => (s.length > (c.value as number) ? UNSURE : s));
    else if (c.kind === 'length') steps.push((s) => (s.length !== (c.value as number) ? UNSURE : s));
    else if (c.kind === 'regex') {
      const re = c.regex!;
      steps.push((s) => {
        re.lastIndex = 0;
        return re.test(s) ? s : UNSURE;
      });
    } else if (c.kind === 'trim') steps.push((s) => s.trim());
    else return null;
  }
  if (!steps.length) return (v) => (typeof v === 'string' ? v : UNSURE);
  return (v) => {
    if (typeof v !== 'string') return UNSURE;
    let s: string | typeof UNSURE = v;
    for (const step of steps) {
      s = step(s);
      if (s === UNSURE) return UNSURE;
    }
    return s;
  };
}

function compileNumber(def: Def): Check | null {
  if (def.coerce) return null;
  const tests: ((n: number) => boolean)[] = [];
  for (const c of def.checks as StringCheck[]) {
    const limit = c.value as number;
    if (c.kind === 'int') tests.push((n) => Number.isInteger(n));
    else if (c.kind === 'min') tests.push(c.inclusive ? (n) => n >= limit : (n) => n > limit);
    else if (c.kind === 'max') tests.push(c.inclusive ? (n) => n <= limit : (n) => n < limit);
    else if (c.kind === 'finite') tests.push((n) => Number.isFinite(n));
    else return null;
  }
  return (v) => (typeof v === 'number' && !Number.isNaN(v) && tests.every((t) => t(v)) ? v : UNSURE);
}

function compileObject(def: Def): Check | null {
  const catchall = def.catchall as ZodTypeAny;
  if ((catchall._def as Def).typeName !== 'ZodNever') return null;
  const unknownKeys = def.unknownKeys as string;
  if (unknownKeys !== 'strip' && unknownKeys !== 'strict' && unknownKeys !== 'passthrough') return null;
  const shape = (def.shape as () => Record<string, ZodTypeAny>)();
  const keys = Object.keys(shape);
  const fields: Check[] = [];
  for (const k of keys) {
    const c = compile(shape[k]!);
    if (!c) return null;
    fields.push(c);
  }
  const known = new Set(keys);
  const shaped = shapeOf(keys, fields);
  if (unknownKeys === 'strip') return (v) => (isZodObject(v) ? shaped(v) : UNSURE);
  return (v) => {
    if (!isZodObject(v)) return UNSURE;
    const out = shaped(v);
    if (out === UNSURE) return UNSURE;
    for (const k in v) {
      if (known.has(k)) continue;
      if (unknownKeys === 'strict') return UNSURE;
      if (k !== '__proto__') out[k] = v[k];
    }
    return out;
  };
}

function compileUnion(options: ZodTypeAny[]): Check | null {
  const checks = options.map(compile);
  if (checks.some((c) => c === null)) return null;
  // zod answers with the first option that accepts.
  return (v) => {
    for (const c of checks) {
      const r = c!(v);
      if (r !== UNSURE) return r;
    }
    return UNSURE;
  };
}

function compileNode(schema: ZodTypeAny): Check | null {
  const def = schema._def as Def;
  switch (def.typeName) {
    case 'ZodString':
      return compileString(def);
    case 'ZodNumber':
      return compileNumber(def);
    case 'ZodBoolean':
      return def.coerce ? null : (v) => (typeof v === 'boolean' ? v : UNSURE);
    case 'ZodNull':
      return (v) => (v === null ? v : UNSURE);
    case 'ZodAny':
    case 'ZodUnknown':
      return (v) => v;
    case 'ZodLiteral': {
      const value = def.value;
      return (v) => (v === value ? v : UNSURE);
    }
    case 'ZodEnum': {
      const values = def.values as string[];
      return (v) => (typeof v === 'string' && values.includes(v) ? v : UNSURE);
    }
    case 'ZodNullable': {
      const inner = compile(def.innerType as ZodTypeAny);
      return inner && ((v) => (v === null ? null : inner(v)));
    }
    case 'ZodOptional': {
      const inner = compile(def.innerType as ZodTypeAny);
      return inner && ((v) => (v === undefined ? undefined : inner(v)));
    }
    case 'ZodDefault': {
      const inner = compile(def.innerType as ZodTypeAny);
      const fallback = def.defaultValue as () => unknown;
      return inner && ((v) => inner(v === undefined ? fallback() : v));
    }
    case 'ZodArray': {
      const item = compile(def.type as ZodTypeAny);
      if (!item) return null;
      const exact = (def.exactLength as { value: number } | null)?.value;
      const min = (def.minLength as { value: number } | null)?.value;
      const max = (def.maxLength as { value: number } | null)?.value;
      return (v) => {
        if (!Array.isArray(v)) return UNSURE;
        if ((exact !== undefined && v.length !== exact) || (min !== undefined && v.length < min) || (max !== undefined && v.length > max)) return UNSURE;
        const out = new Array<unknown>(v.length);
        for (let i = 0; i < v.length; i++) {
          const r = item(v[i]);
          if (r === UNSURE) return UNSURE;
          out[i] = r;
        }
        return out;
      };
    }
    case 'ZodObject':
      return compileObject(def);
    case 'ZodUnion':
      return compileUnion(def.options as ZodTypeAny[]);
    case 'ZodDiscriminatedUnion': {
      const key = def.discriminator as string;
      const byValue = new Map<unknown, Check>();
      for (const [value, option] of def.optionsMap as Map<unknown, ZodTypeAny>) {
        const c = compile(option);
        if (!c) return null;
        byValue.set(value, c);
      }
      return (v) => {
        if (!isZodObject(v)) return UNSURE;
        const c = byValue.get(v[key]);
        return c ? c(v) : UNSURE;
      };
    }
    case 'ZodRecord': {
      const keyCheck = compile(def.keyType as ZodTypeAny);
      const valueCheck = compile(def.valueType as ZodTypeAny);
      if (!keyCheck || !valueCheck) return null;
      return (v) => {
        if (!isZodObject(v)) return UNSURE;
        const out: Record<string, unknown> = {};
        for (const k in v) {
          const key = keyCheck(k);
          const value = valueCheck(v[k]);
          if (key === UNSURE || value === UNSURE) return UNSURE;
          if (key !== '__proto__') out[key as string] = value;
        }
        return out;
      };
    }
    default:
      return null;
  }
}

/** The compiled check of a schema, or null where zod alone decides. Recursive schemas are zod's (ZodLazy). */
function compile(schema: ZodTypeAny): Check | null {
  if (compiled.has(schema)) return compiled.get(schema)!;
  const check = compileNode(schema);
  compiled.set(schema, check);
  return check;
}

export type OutputResult = { success: true; data: unknown } | { success: false; error: import('zod').ZodError };

/** zod's `safeParse` of an answer, through the compiled check where the schema allows it. */
export function checkOutput(schema: ZodTypeAny, value: unknown): OutputResult {
  const check = compile(schema);
  const fast = check ? check(value) : UNSURE;
  if (fast === UNSURE) return schema.safeParse(value);
  if (SHADOW) {
    const slow = schema.safeParse(value);
    if (!slow.success || JSON.stringify(slow.data) !== JSON.stringify(fast)) {
      throw new Error(`the compiled output check disagrees with zod: ${JSON.stringify(slow.success ? slow.data : slow.error.issues).slice(0, 400)}`);
    }
  }
  return { success: true, data: fast };
}

/** Under jest every compiled answer is also parsed by zod and must be the same. */
const SHADOW = process.env.JEST_WORKER_ID !== undefined;

/** For tests: whether `schema` is compiled (false: zod alone decides). */
export function isCompiled(schema: ZodTypeAny): boolean {
  return compile(schema) !== null;
}
