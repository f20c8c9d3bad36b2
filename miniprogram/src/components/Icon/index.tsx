import { Image } from '@tarojs/components';
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

/** One of the product's own icons (decorative: the tile next to it carries the words). */
export function Icon({ name, color = '#b3141b', className }: { name: IconName; color?: string; className?: string }) {
  return <Image className={className ?? 'qy-icon'} src={iconDataUri(name, color)} mode='aspectFit' aria-hidden />;
}
