import { readFileSync } from 'node:fs';
import { execSync } from 'node:child_process';
import path from 'node:path';
import { render } from '@testing-library/react';
import { Button } from '../../../miniprogram/src/components/Button';

const root = path.resolve(__dirname, '../../..');

describe('Button', () => {
  it('leaves an enabled button without any disabled attribute, so no [disabled] style can fade it', () => {
    const { container } = render(<Button className='qy-btn qy-btn--plain' disabled={false}>不参加了</Button>);
    const host = container.querySelector('taro-button-core')!;
    expect(host.hasAttribute('disabled')).toBe(false);
    expect(host.getAttribute('aria-disabled')).toBe('false');
    expect(host.classList.contains('qy-btn--off')).toBe(false);
  });

  it('marks a really inactive button by class and aria-disabled, as well as disabled', () => {
    const { container } = render(<Button className='qy-btn' disabled>提交心愿</Button>);
    const host = container.querySelector('taro-button-core')!;
    expect(host.hasAttribute('disabled')).toBe(true);
    expect(host.getAttribute('aria-disabled')).toBe('true');
    expect(host.classList.contains('qy-btn--off')).toBe(true);
  });

  it('is the only button the pages use (no page imports Taro’s Button directly)', () => {
    const hits = execSync(`grep -rlE "import \\{[^}]*\\bButton\\b[^}]*\\} from '@tarojs/components'" miniprogram/src || true`, { cwd: root })
      .toString()
      .trim()
      .split('\n')
      .filter((f) => f && !f.includes('components/Button/'));
    expect(hits).toEqual([]);
  });

  it('has no style keyed on the host disabled attribute', () => {
    const css = readFileSync(path.join(root, 'miniprogram/src/app.scss'), 'utf8').replace(/\/\/.*$/gm, '');
    expect(css).not.toMatch(/\[disabled\]/);
  });
});
