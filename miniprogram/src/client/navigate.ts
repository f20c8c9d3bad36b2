import Taro from '@tarojs/taro';
import type { Route } from '../routes';

/** A tap handler that opens a page: `onClick={go(ROUTES.wish.mine.url())}`. */
export const go = (url: string) => (): void => {
  void Taro.navigateTo({ url });
};

/** A tap handler that switches to a tabBar page. */
export const goTab = (route: Route) => (): void => {
  void Taro.switchTab({ url: route.url() });
};
