/**
 * Geo queries on GeoJSON Point fields (三污 facilities have coordinates), as CloudBase's 2dsphere answers.
 * Distances in metres on MongoDB's sphere (radius 6378.1 km).
 */
import { geoOf, Harness, openHarness, rejectionOf } from './harness';

let h: Harness;
beforeEach(async () => {
  // Geo queries need a geo index in the cloud, and so here.
  h = openHarness({
    indexes: [
      { collection: 'facilities', fields: [{ field: 'loc', direction: '2dsphere' }] },
      { collection: 'attractions', fields: [{ field: 'location', direction: '2dsphere' }] },
    ],
  });
  const { Point } = h.db.Geo;
  // Insertion order deliberately differs from distance order from the county town.
  for (const d of [
    { _id: 'far', kind: 'plant', loc: new Point(107.3, 34.8) },
    { _id: 'near', kind: 'toilet', loc: new Point(107.141, 34.651) },
    { _id: 'mid', kind: 'toilet', loc: new Point(107.2, 34.7) },
    { _id: 'none', kind: 'toilet' },
  ]) {
    await h.db.collection('facilities').add(d);
  }
});
afterEach(() => h.close());

const town = (): InstanceType<Harness['db']['Geo']['Point']> => new h.db.Geo.Point(107.14, 34.65);
const ids = (list: { _id: string }[]): string[] => list.map((d) => d._id);

describe('geoNear in where()', () => {
  it('returns points nearest first within the distance bounds, as the cloud does', async () => {
    const _ = h.db.command;
    const all = await h.db.collection('facilities').where({ loc: _.geoNear({ geometry: town() }) }).get();
    expect(ids(all.data)).toEqual(['near', 'mid', 'far']);
    const ring = await h.db.collection('facilities').where({ loc: _.geoNear({ geometry: town(), minDistance: 1000, maxDistance: 20000 }) }).get();
    expect(ids(ring.data)).toEqual(['mid']);
  });

  it('combines with other conditions and lets orderBy() override the distance order', async () => {
    const _ = h.db.command;
    const toilets = await h.db.collection('facilities').where({ kind: 'toilet', loc: _.geoNear({ geometry: town() }) }).get();
    expect(ids(toilets.data)).toEqual(['near', 'mid']);
    const sorted = await h.db.collection('facilities').where({ loc: _.geoNear({ geometry: town() }) }).orderBy('_id', 'asc').get();
    expect(ids(sorted.data)).toEqual(['far', 'mid', 'near']);
  });
});

describe('geo indexes', () => {
  it('refuses geoNear on a field without a geo index, as the cloud does', async () => {
    await h.db.collection('plain').add({ loc: new h.db.Geo.Point(107.14, 34.65) });
    const err = await rejectionOf(h.db.collection('plain').where({ loc: h.db.command.geoNear({ geometry: town() }) }).get());
    expect(err.code).toBe('DATABASE_REQUEST_FAILED');
    expect(err.message).toMatch(/unable to find index for \$geoNear query/);
    const agg = await rejectionOf(h.db.collection('plain').aggregate().geoNear({ near: town(), spherical: true, distanceField: 'd' }).end());
    expect(agg.message).toMatch(/unable to find index/);
  });

  it('answers geoWithin without a geo index, as MongoDB does', async () => {
    await h.db.collection('plain').add({ loc: new h.db.Geo.Point(107.14, 34.65) });
    const { data } = await h.db.collection('plain').where({ loc: h.db.command.geoWithin({ centerSphere: [town(), 0.001] }) }).get();
    expect(data).toHaveLength(1);
  });

  it('refuses a geo query that meets a stored shape other than a Point, which the cloud would test', async () => {
    const { Point, LineString } = geoOf(h.db);
    await h.db.collection('plain').add({ loc: new LineString([new Point(107, 34), new Point(108, 35)]) });
    const err = await rejectionOf(h.db.collection('plain').where({ loc: h.db.command.geoWithin({ centerSphere: [town(), 0.1] }) }).get());
    expect(err.code).toBe('INVALID_PARAM');
  });
});

describe('geoWithin in where()', () => {
  it('finds points inside a polygon, as the cloud does', async () => {
    const { Point, LineString, Polygon } = geoOf(h.db);
    const box = new Polygon([new LineString([new Point(107.1, 34.6), new Point(107.25, 34.6), new Point(107.25, 34.75), new Point(107.1, 34.75), new Point(107.1, 34.6)])]);
    const { data } = await h.db.collection('facilities').where({ loc: h.db.command.geoWithin({ geometry: box }) }).get();
    expect(ids(data)).toEqual(['near', 'mid']);
  });

  it('follows great-circle edges, not straight lines on the map, as the cloud does', async () => {
    // A long east-west edge at 60°N bows north: a point just north of the straight line is inside.
    const { Point, LineString, Polygon } = geoOf(h.db);
    await h.db.collection('arcs').add({ _id: 'bow', loc: new Point(15, 60.5) });
    const band = new Polygon([new LineString([new Point(0, 55), new Point(30, 55), new Point(30, 60), new Point(0, 60), new Point(0, 55)])]);
    const { data } = await h.db.collection('arcs').where({ loc: h.db.command.geoWithin({ geometry: band }) }).get();
    expect(ids(data)).toEqual(['bow']);
  });

  it('finds points inside a centerSphere given in radians, as the cloud does', async () => {
    const { data } = await h.db
      .collection('facilities')
      .where({ loc: h.db.command.geoWithin({ centerSphere: [town(), 10 / 6378.1] }) })
      .get();
    expect(ids(data)).toEqual(['near', 'mid']);
  });

  it('answers INVALID_PARAM for a centre off the globe that bypasses the SDK check', async () => {
    // The SDK refuses this before sending; a raw query reaches the engine, which refuses it too.
    const raw = h.db.collection('facilities').options({ raw: true });
    const err = await rejectionOf(raw.where({ loc: { $geoWithin: { $centerSphere: [[-288, 30], 0.1] } } }).get());
    expect(err.code).toBe('INVALID_PARAM');
  });
});

describe('the $geoNear aggregation stage', () => {
  it('adds the distance in metres, filters by query and sorts nearest first, as the cloud does', async () => {
    const { data } = await h.db
      .collection('facilities')
      .aggregate()
      .geoNear({ near: town(), spherical: true, distanceField: 'distance', query: { kind: 'toilet' }, key: 'loc', includeLocs: 'at' })
      .project({ distance: 1, at: 1 })
      .end();
    expect(ids(data as { _id: string }[])).toEqual(['near', 'mid']);
    const [near] = data as { distance: number; at: { coordinates: number[] } }[];
    expect(near?.distance).toBeCloseTo(143.7, 0);
    expect(near?.at.coordinates).toEqual([107.141, 34.651]);
  });

  it('computes the same distance as MongoDB to the last digit', async () => {
    await h.db.collection('attractions').add({ _id: 'baiyun', location: { type: 'Point', coordinates: [113.306789, 23.1564721] } });
    const { data } = await h.db
      .collection('attractions')
      .aggregate()
      .geoNear({ near: new h.db.Geo.Point(113.3089506, 23.0968251), spherical: true, distanceField: 'd' })
      .end();
    // The value CloudBase answers in the SDK's own test (aggregation.test.ts, geoNear).
    expect((data as { d: number }[])[0]?.d).toBe(6643.521654040738);
  });
});
