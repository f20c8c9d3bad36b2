import { z } from 'zod';
import './zh-errors';

/** Document ids: ours are deterministic slugs or random hex; CloudBase's are 32 hex characters. */
export const idSchema = z
  .string()
  .min(1)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '编号格式不正确');

/** A client-made id that makes a retried write return the first result (weak rural networks). */
export const requestIdSchema = z
  .string()
  .min(8)
  .max(64)
  .regex(/^[A-Za-z0-9_-]+$/, '请求编号格式不正确');

export const cursorSchema = z.string().min(1).max(200);
export const pageLimitSchema = z.number().int().min(1).max(50).default(20);

export const isoTime = z.string();

/** Text a person types, trimmed; the length bounds count characters after trimming. */
export function text(min: number, max: number) {
  return z
    .string()
    .trim()
    .min(min, min <= 1 ? '不能为空' : `至少 ${min} 个字`)
    .max(max, `不能超过 ${max} 个字`);
}

/** A code a person types or scans (bootstrap, invitation): spaces and dashes dropped, case ignored. */
export const codeSchema = z
  .string()
  .transform((s) => s.replace(/[\s-]/g, '').toUpperCase())
  .pipe(z.string().min(6, '口令太短').max(64, '口令太长').regex(/^[A-Z0-9]+$/, '口令只含字母和数字'));

/** Mobile (11 digits from 1) or a landline with area code; spaces and dashes are allowed while typing. */
export const phoneSchema = z
  .string()
  .trim()
  .transform((s) => s.replace(/[\s-]/g, ''))
  .pipe(z.string().regex(/^(1\d{10}|0\d{9,11})$/, '电话号码格式不正确'));

export const emptyInput = z.object({}).strict();

export const PERSONAS = [
  'resident',
  'resettled',
  'party-member',
  'grid-leader',
  'village-cadre',
  'town-cadre',
  'county-admin',
  'police',
  'mediator',
  'supervisor',
] as const;
export const personaSchema = z.enum(PERSONAS);
export type Persona = (typeof PERSONAS)[number];

export const ORG_KINDS = ['county', 'town', 'village', 'community', 'grid'] as const;
export const orgKindSchema = z.enum(ORG_KINDS);
export type OrgKind = (typeof ORG_KINDS)[number];
