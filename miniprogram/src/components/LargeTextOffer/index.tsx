import { View } from '@tarojs/components';
import { Button } from '../Button';
import { shouldOfferLargeText } from '../../client/large-text';
import { useLargeText } from '../../hooks/use-large-text';

/**
 * 大字模式 offered once, at first use: until the person answers (either way, remembered on the
 * device) or WeChat's font size already turned it on. The switch on 我的 stays for later.
 */
export function LargeTextOffer() {
  const [, setLarge] = useLargeText();
  if (!shouldOfferLargeText()) return null;
  return (
    <View className='qy-notice qy-offer' role='dialog' aria-label='大字模式'>
      <View className='qy-offer__text'>字太小看不清？可以打开大字模式，以后在「我的」里也能改。</View>
      <View className='qy-row qy-offer__buttons'>
        <Button className='qy-btn qy-offer__btn' onClick={() => setLarge(true)}>打开大字</Button>
        <Button className='qy-btn qy-btn--plain qy-offer__btn' onClick={() => setLarge(false)}>不用了</Button>
      </View>
    </View>
  );
}
