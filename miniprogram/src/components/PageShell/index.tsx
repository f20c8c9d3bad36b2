import { type PropsWithChildren } from 'react';
import { View } from '@tarojs/components';
import { useLargeText } from '../../hooks/use-large-text';
import { PrivacyPrompt } from '../PrivacyPrompt';
import { LargeTextOffer } from '../LargeTextOffer';

/** Every page's root: carries the large-text switch so all sizes scale together. */
export function PageShell({ children, className }: PropsWithChildren<{ className?: string }>) {
  const [large] = useLargeText();
  const classes = ['qy-page', large ? 'qy-large' : '', className ?? ''].filter(Boolean).join(' ');
  return (
    <View className={classes}>
      <LargeTextOffer />
      {children}
      {process.env.TARO_ENV === 'weapp' && <PrivacyPrompt />}
    </View>
  );
}
