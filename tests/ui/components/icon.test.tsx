import { render } from '@testing-library/react';
import { ICON_NAMES, Icon, iconDataUri, iconSvg } from '../../../miniprogram/src/components/Icon';

describe('Icon', () => {
  it('draws each of the product’s icons as an SVG in one colour', () => {
    for (const name of ICON_NAMES) {
      const svg = iconSvg(name, '#b3141b');
      expect(svg).toMatch(/^<svg xmlns='http:\/\/www.w3.org\/2000\/svg'.*viewBox='0 0 48 48'.*<\/svg>$/);
      expect(svg).toContain("stroke='#b3141b'");
    }
  });

  it('renders a sized box with the SVG as its background, hidden from screen readers', () => {
    const { container } = render(<Icon name='home' className='qy-tile__icon' />);
    const box = container.firstElementChild as HTMLElement;
    expect(box.className).toContain('qy-tile__icon');
    expect(box.getAttribute('aria-hidden')).toBe('true');
    // jsdom's CSS parser drops data: urls, so the background itself is checked through iconDataUri.
    expect(iconDataUri('home', '#b3141b')).toMatch(/^data:image\/svg\+xml;charset=utf-8,%3Csvg/);
  });
});
