import { Harness, openHarness } from './harness';

let h: Harness;
beforeEach(async () => {
  h = openHarness({ indexes: [{ collection: 'sales', fields: [{ field: 'town', direction: 'asc' }] }] });
  await h.db.collection('sales').add([
    { _id: 's1', town: 'A', amount: 10, items: ['x', 'y'] },
    { _id: 's2', town: 'A', amount: 5, items: ['x'] },
    { _id: 's3', town: 'B', amount: 7, items: [] },
    { _id: 's4', town: 'C', amount: 1, items: ['z'] },
    { _id: 's5', town: 'B', amount: 9, items: ['y'] },
  ]);
  await h.db.collection('towns').add([
    { _id: 'A', name: 'Alpha' },
    { _id: 'B', name: 'Beta' },
  ]);
});
afterEach(() => h.close());

describe('aggregate pipelines through collection().aggregate()...end()', () => {
  it('runs match, group, sort and limit', async () => {
    const _ = h.db.command;
    const $ = _.aggregate;
    const res = await h.db
      .collection('sales')
      .aggregate()
      .match({ amount: _.gt(1) })
      .group({ _id: '$town', total: $.sum('$amount'), n: $.sum(1) })
      .sort({ total: -1 })
      .limit(2)
      .end();
    expect(res.data).toEqual([
      { _id: 'B', total: 16, n: 2 },
      { _id: 'A', total: 15, n: 2 },
    ]);
  });

  it('projects computed fields and counts', async () => {
    const $ = h.db.command.aggregate;
    const projected = await h.db
      .collection('sales')
      .aggregate()
      .match({ town: 'A' })
      .project({ _id: 0, town: 1, double: $.multiply(['$amount', 2]) })
      .end();
    expect(projected.data).toEqual([
      { town: 'A', double: 20 },
      { town: 'A', double: 10 },
    ]);
    const counted = await h.db.collection('sales').aggregate().match({ town: 'B' }).count('n').end();
    expect(counted.data).toEqual([{ n: 2 }]);
  });

  it('unwinds arrays and groups by their elements', async () => {
    const $ = h.db.command.aggregate;
    const res = await h.db
      .collection('sales')
      .aggregate()
      .unwind('$items')
      .group({ _id: '$items', n: $.sum(1) })
      .sort({ _id: 1 })
      .end();
    expect(res.data).toEqual([
      { _id: 'x', n: 2 },
      { _id: 'y', n: 2 },
      { _id: 'z', n: 1 },
    ]);
  });

  it('joins another collection with lookup', async () => {
    const res = await h.db
      .collection('sales')
      .aggregate()
      .match({ _id: 's3' })
      .lookup({ from: 'towns', localField: 'town', foreignField: '_id', as: 'townDoc' })
      .end();
    expect(res.data).toEqual([{ _id: 's3', town: 'B', amount: 7, items: [], townDoc: [{ _id: 'B', name: 'Beta' }] }]);
  });
});
