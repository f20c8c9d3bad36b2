import Taro, { useRouter } from '@tarojs/taro';
import type { Query, Route } from '../routes';

/** A tap handler that opens a page: `onClick={go(ROUTES.wish.mine.url())}`. */
export const go = (url: string) => (): void => {
  void Taro.navigateTo({ url });
};

/** A tap handler that switches to a tabBar page. */
export const goTab = (route: Route) => (): void => {
  void Taro.switchTab({ url: route.url() });
};

/** A tap handler for a URL that may be a tabBar page's (home tiles name the route's kind). */
export const goUrl = (url: string, tab: boolean) => (): void => {
  void (tab ? Taro.switchTab({ url }) : Taro.navigateTo({ url }));
};

/** The query a page was opened with, named as its route declares it (every value arrives as text). */
export function useRouteParams<Q extends Query>(_route: Route<Q>): { [K in keyof Q]?: string } {
  return useRouter().params as { [K in keyof Q]?: string };
}

/** True while `route` is the page on top (the one the person sees), not a page left under another. */
export function isCurrentPage(route: Route): boolean {
  const pages = Taro.getCurrentPages();
  const top = pages[pages.length - 1] as { route?: string; path?: string } | undefined;
  const path = (top?.route ?? top?.path ?? '').replace(/^\//, '').split('?')[0];
  return path === route.path;
}
