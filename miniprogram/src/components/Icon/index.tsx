import { View } from '@tarojs/components';
import ICONS from './icons.json';

export type IconName = keyof typeof ICONS;
export const ICON_NAMES = Object.keys(ICONS) as IconName[];

/** The whole SVG of an icon, drawn in one colour with round strokes on a 48 × 48 grid. */
export function iconSvg(name: IconName, color: string): string {
  return `<svg xmlns='http://www.w3.org/2000/svg' width='96' height='96' viewBox='0 0 48 48' fill='none' stroke='${color}' stroke-width='3.2' stroke-linecap='round' stroke-linejoin='round'>${ICONS[name]}</svg>`;
}

export function iconDataUri(name: IconName, color: string): string {
  return `data:image/svg+xml;charset=utf-8,${encodeURIComponent(iconSvg(name, color))}`;
}

/** One of the product's own icons (decorative: the tile next to it carries the words); size it by class. */
export function Icon({ name, color = '#b3141b', className }: { name: IconName; color?: string; className?: string }) {
  // A background, not Taro's <Image>: on h5 its inner <img> kept the SVG's own size inside the
  // grid tile; a box of the class's size with the SVG drawn to fit is the same on both targets.
  return <View className={className ?? 'qy-icon'} style={{ backgroundImage: `url("${iconDataUri(name, color)}")` }} aria-hidden />;
}
