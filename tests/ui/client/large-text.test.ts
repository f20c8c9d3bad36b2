import Taro from '@tarojs/taro';

/** Loads client/large-text afresh as the weapp build would, with WeChat's font size at `px`. */
function loadOnWeapp(px: number) {
  const previous = process.env.TARO_ENV;
  process.env.TARO_ENV = 'weapp';
  jest.spyOn(Taro as unknown as { getAppBaseInfo: () => unknown }, 'getAppBaseInfo').mockReturnValue({ fontSizeSetting: px, fontSizeScaleFactor: px / 17 });
  let mod!: typeof import('../../../miniprogram/src/client/large-text');
  jest.isolateModules(() => {
    // The same Taro (and so the same device storage) as the test, as across restarts of the app.
    jest.doMock('@tarojs/taro', () => ({ __esModule: true, default: Taro, ...Taro }));
    mod = require('../../../miniprogram/src/client/large-text');
  });
  process.env.TARO_ENV = previous;
  return mod;
}

describe('large-text mode', () => {
  beforeEach(() => Taro.clearStorageSync());
  afterEach(() => jest.restoreAllMocks());

  it('follows a large WeChat font-size setting until the person chooses', () => {
    expect(loadOnWeapp(23.8).largeTextStore.get()).toBe(true);
    expect(loadOnWeapp(17).largeTextStore.get()).toBe(false);
  });

  it('keeps the choice made on the me page over WeChat’s setting, on and off', () => {
    loadOnWeapp(23.8).setLargeText(false);
    expect(loadOnWeapp(23.8).largeTextStore.get()).toBe(false);
    loadOnWeapp(17).setLargeText(true);
    expect(loadOnWeapp(17).largeTextStore.get()).toBe(true);
  });
});
