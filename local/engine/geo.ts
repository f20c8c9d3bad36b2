/**
 * Geo queries on GeoJSON Point fields, as CloudBase (MongoDB 2dsphere) answers them:
 * - `$nearSphere` (the SDK's `_.geoNear`): points within `$minDistance`..`$maxDistance` metres of a
 *   point, nearest first;
 * - `$geoWithin` with `$geometry` (Polygon, MultiPolygon) or `$centerSphere: [[lng, lat], radians]`;
 * - the aggregation stage `$geoNear` (near, spherical, distanceField, minDistance, maxDistance, query,
 *   key, includeLocs, distanceMultiplier), which must be the first stage.
 *
 * Distances are great-circle distances on MongoDB's sphere (radius 6378.1 km, computed as S2 does, so they
 * are equal to the last bit); polygon edges are great-circle arcs. Like the cloud, `$nearSphere` and
 * `$geoNear` need a geo index on the field (an IndexSpec field with direction '2dsphere').
 * Not supported, and refused loudly: `$geoIntersects`, legacy shapes ($box, $polygon, $center), polygons
 * whose vertices lie more than 90° apart, and stored geometries other than Points under a geo query.
 */
import type { Options } from 'mingo/core';
import { resolve } from 'mingo/util';

type Doc = Record<string, unknown>;
type LngLat = [number, number];

/** MongoDB's kRadiusOfEarthInMeters. */
export const EARTH_RADIUS_M = 6378100;

export class GeoError extends Error {
  constructor(message: string) {
    super(message);
    // The engine answers INVALID_PARAM for it (engine.ts errorBody), like other bad query specs.
    this.name = 'GeoSpecError';
  }
}

function isLngLat(v: unknown): v is LngLat {
  return Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'number' && Number.isFinite(x));
}

/** The [lng, lat] of a stored GeoJSON Point, else null. */
export function pointOf(v: unknown): LngLat | null {
  if (v === null || typeof v !== 'object') return null;
  const g = v as { type?: unknown; coordinates?: unknown };
  return g.type === 'Point' && isLngLat(g.coordinates) ? g.coordinates : null;
}

function queryPoint(v: unknown, what: string): LngLat {
  const p = isLngLat(v) ? v : pointOf(v);
  if (!p || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) throw new GeoError(`${what} must be a point with longitude in ±180 and latitude in ±90`);
  return p;
}

// S1Angle::Degrees: d * (π / 180), in this order, so distances equal MongoDB's to the last bit.
const DEG = Math.PI / 180;
const rad = (deg: number): number => deg * DEG;

/** Central angle between two points, in radians (S2's atan2(|a×b|, a·b), stable at every distance). */
export function angleBetween(a: LngLat, b: LngLat): number {
  const v = (p: LngLat): [number, number, number] => {
    const [lng, lat] = [rad(p[0]), rad(p[1])];
    return [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
  };
  const [x1, y1, z1] = v(a);
  const [x2, y2, z2] = v(b);
  const cx = y1 * z2 - z1 * y2;
  const cy = z1 * x2 - x1 * z2;
  const cz = x1 * y2 - y1 * x2;
  return Math.atan2(Math.sqrt(cx * cx + cy * cy + cz * cz), x1 * x2 + y1 * y2 + z1 * z2);
}

export function distanceMeters(a: LngLat, b: LngLat): number {
  return angleBetween(a, b) * EARTH_RADIUS_M;
}

type Vec = [number, number, number];

function toVec(p: LngLat): Vec {
  const [lng, lat] = [rad(p[0]), rad(p[1])];
  return [Math.cos(lat) * Math.cos(lng), Math.cos(lat) * Math.sin(lng), Math.sin(lat)];
}

const cross = (a: Vec, b: Vec): Vec => [a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]];
const dot = (a: Vec, b: Vec): number => a[0] * b[0] + a[1] * b[1] + a[2] * b[2];

/**
 * Whether `p` lies inside a ring whose edges are great-circle arcs (as MongoDB's 2dsphere has them): the
 * angles the edges subtend at `p` add up to ±2π inside and to 0 outside (MongoDB, too, takes the smaller
 * region as the inside).
 */
function inRing(p: LngLat, ring: unknown): boolean {
  if (!Array.isArray(ring) || ring.length < 4 || !ring.every(isLngLat)) throw new GeoError('a Polygon ring needs at least 4 [lng, lat] points');
  const vs = (ring as LngLat[]).map(toVec);
  const first = vs[0] as Vec;
  // Within one hemisphere around the first vertex, the ring and its inside lie in that hemisphere, so a
  // point on the far side (whose antipode may be "encircled") is outside. Wider rings are refused.
  if (vs.some((v) => dot(first, v) < 0)) throw new GeoError('the local engine answers $geoWithin for polygons spanning less than 90° only');
  const P = toVec(p);
  if (dot(P, first) <= 0) return false;
  let total = 0;
  for (let i = 0; i + 1 < vs.length; i++) {
    const a = cross(P, vs[i] as Vec);
    const b = cross(P, vs[i + 1] as Vec);
    total += Math.atan2(dot(P, cross(a, b)), dot(a, b));
  }
  return Math.abs(total) > Math.PI;
}

function inPolygon(p: LngLat, rings: unknown): boolean {
  if (!Array.isArray(rings) || !rings.length) throw new GeoError('a Polygon needs at least one ring');
  const [outer, ...holes] = rings as unknown[];
  return inRing(p, outer) && !holes.some((h) => inRing(p, h));
}

function withinTest(spec: unknown): (p: LngLat) => boolean {
  const s = (spec ?? {}) as { $geometry?: { type?: unknown; coordinates?: unknown }; $centerSphere?: unknown };
  if (s.$centerSphere !== undefined) {
    const cs = s.$centerSphere;
    if (!Array.isArray(cs) || cs.length !== 2 || typeof cs[1] !== 'number' || !(cs[1] >= 0)) {
      throw new GeoError('$centerSphere takes [[lng, lat], radius in radians]');
    }
    const centre = queryPoint(cs[0], '$centerSphere centre');
    const radius = cs[1];
    return (p) => angleBetween(centre, p) <= radius;
  }
  const g = s.$geometry;
  if (g?.type === 'Polygon') return (p) => inPolygon(p, g.coordinates);
  if (g?.type === 'MultiPolygon' && Array.isArray(g.coordinates)) {
    const polys = g.coordinates as unknown[];
    return (p) => polys.some((poly) => inPolygon(p, poly));
  }
  throw new GeoError('the local engine supports $geoWithin with a Polygon or MultiPolygon $geometry, or $centerSphere');
}

interface Near {
  point: LngLat;
  min: number;
  max: number;
}

function nearSpec(spec: unknown): Near {
  const s = (spec ?? {}) as { $geometry?: unknown; $minDistance?: unknown; $maxDistance?: unknown };
  const point = queryPoint(s.$geometry, '$nearSphere $geometry');
  const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
  return { point, min: num(s.$minDistance, 0), max: num(s.$maxDistance, Infinity) };
}

const GEOMETRIES = new Set(['LineString', 'Polygon', 'MultiPoint', 'MultiLineString', 'MultiPolygon', 'GeometryCollection']);

/** Points stored at `selector` (a field, or a dot path through documents). */
function pointsAt(obj: unknown, selector: string): LngLat[] {
  const v = resolve(obj as Parameters<typeof resolve>[0], selector);
  const values = Array.isArray(v) ? v : [v];
  const out: LngLat[] = [];
  for (const x of values) {
    const p = pointOf(x);
    if (p) out.push(p);
    else if (x && typeof x === 'object' && GEOMETRIES.has(String((x as { type?: unknown }).type))) {
      // The cloud would test the shape; answering "no match" here would differ silently.
      throw new GeoError(`the local engine answers geo queries on Point fields only; ${selector} holds a ${(x as { type: string }).type}`);
    }
  }
  return out;
}

type QueryOp = (selector: string, value: unknown, options: Options) => (obj: unknown) => boolean;

/** mingo query operators; registered in the engine's MongoDB context (query.ts). */
export const geoQueryOps: Record<string, QueryOp> = {
  $geoWithin: (selector, value) => {
    const test = withinTest(value);
    return (obj) => pointsAt(obj, selector).some(test);
  },
  $nearSphere: (selector, value) => {
    const near = nearSpec(value);
    return (obj) =>
      pointsAt(obj, selector).some((p) => {
        const d = distanceMeters(near.point, p);
        return d >= near.min && d <= near.max;
      });
  },
};

/** The `$nearSphere` condition of a where clause (top level or inside $and): results sort by it. */
export function nearOf(criteria: unknown): { field: string; point: LngLat } | null {
  if (criteria === null || typeof criteria !== 'object') return null;
  for (const [k, v] of Object.entries(criteria as Doc)) {
    if (k === '$and' && Array.isArray(v)) {
      for (const sub of v) {
        const n = nearOf(sub);
        if (n) return n;
      }
    } else if (!k.startsWith('$') && v !== null && typeof v === 'object' && '$nearSphere' in (v as Doc)) {
      return { field: k, point: nearSpec((v as Doc).$nearSphere).point };
    }
  }
  return null;
}

/** Nearest first; documents keep their order among equal distances. */
export function sortByDistance<T>(items: T[], docOf: (t: T) => Doc, near: { field: string; point: LngLat }): T[] {
  const dist = (t: T): number => Math.min(...pointsAt(docOf(t), near.field).map((p) => distanceMeters(near.point, p)), Infinity);
  return items
    .map((t, i) => ({ t, i, d: dist(t) }))
    .sort((a, b) => a.d - b.d || a.i - b.i)
    .map((x) => x.t);
}

export interface GeoNearStage {
  near: LngLat;
  distanceField: string;
  spherical: boolean;
  minDistance: number;
  maxDistance: number;
  query: Doc | undefined;
  key: string | undefined;
  includeLocs: string | undefined;
  distanceMultiplier: number;
}

export function parseGeoNear(raw: unknown): GeoNearStage {
  const s = (raw ?? {}) as Doc;
  if (typeof s.distanceField !== 'string' || !s.distanceField) throw new GeoError('$geoNear needs a distanceField');
  const num = (v: unknown, dflt: number): number => (typeof v === 'number' && Number.isFinite(v) ? v : dflt);
  return {
    near: queryPoint(s.near, '$geoNear near'),
    distanceField: s.distanceField,
    spherical: s.spherical !== false,
    minDistance: num(s.minDistance, 0),
    maxDistance: num(s.maxDistance, Infinity),
    query: s.query && typeof s.query === 'object' ? (s.query as Doc) : undefined,
    key: typeof s.key === 'string' ? s.key : undefined,
    includeLocs: typeof s.includeLocs === 'string' ? s.includeLocs : undefined,
    distanceMultiplier: num(s.distanceMultiplier, 1),
  };
}

/** The first field of `doc` holding a GeoJSON Point, for a $geoNear without `key`. */
function pointField(doc: Doc): string | undefined {
  return Object.keys(doc).find((k) => pointOf(doc[k]) !== null);
}

function setPath(doc: Doc, path: string, value: unknown): void {
  const segs = path.split('.');
  let cur = doc;
  for (const seg of segs.slice(0, -1)) {
    if (cur[seg] === null || typeof cur[seg] !== 'object') cur[seg] = {};
    cur = cur[seg] as Doc;
  }
  cur[segs[segs.length - 1] as string] = value;
}

/** Runs a `$geoNear` stage over documents that already passed its `query`. */
export function geoNear(docs: Doc[], stage: GeoNearStage): Doc[] {
  const out: { doc: Doc; d: number; i: number }[] = [];
  docs.forEach((doc, i) => {
    const field = stage.key ?? pointField(doc);
    if (!field) return;
    const p = pointsAt(doc, field)[0];
    if (!p) return;
    const d = distanceMeters(stage.near, p);
    if (d < stage.minDistance || d > stage.maxDistance) return;
    const copy = { ...doc };
    setPath(copy, stage.distanceField, d * stage.distanceMultiplier);
    if (stage.includeLocs) setPath(copy, stage.includeLocs, { type: 'Point', coordinates: p });
    out.push({ doc: copy, d, i });
  });
  return out.sort((a, b) => a.d - b.d || a.i - b.i).map((x) => x.doc);
}

/** MongoDB's answer when a $nearSphere / $geoNear has no geo index to use. */
export function missingGeoIndex(field: string): GeoIndexError {
  return new GeoIndexError(
    `unable to find index for $geoNear query: CloudBase needs a geo index on ${field} (declare { field: '${field}', direction: '2dsphere' })`,
  );
}

export class GeoIndexError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GeoIndexError';
  }
}
