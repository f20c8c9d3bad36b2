import { Button as TaroButton } from '@tarojs/components';
import type { ComponentProps } from 'react';

type Props = ComponentProps<typeof TaroButton>;

/**
 * Taro's <Button> with its state drawn from what the app decided, not from the host element.
 * React renders a custom element's props as attributes, so on h5 `disabled={false}` becomes
 * `disabled="false"` and every `[disabled]` selector (ours and Taro's own) matched enabled buttons.
 * Here `disabled` is passed only when true, and the state is also told by `aria-disabled` and the
 * `qy-btn--off` class, which the styles and the e2e checks read.
 */
export function Button({ disabled, className, ...rest }: Props) {
  const off = disabled === true;
  const cls = [className, off ? 'qy-btn--off' : ''].filter(Boolean).join(' ') || undefined;
  return <TaroButton {...rest} {...(off ? { disabled: true } : {})} className={cls} aria-disabled={off ? 'true' : 'false'} />;
}
