import { Text, View } from '@tarojs/components';
import { Button } from '../Button';
import { useStore } from '../../hooks/use-store';
import { AGREE_BUTTON_ID, agreePrivacy, declinePrivacy, openPrivacyGuide, privacyPromptStore } from '../../client/privacy';

// Inline on purpose: this sits in the page shell of every page, and a stylesheet of its own would be
// ordered differently in each page's CSS chunk. Sizes come from the shell's variables (large text).
const overlay = { position: 'fixed', left: 0, right: 0, top: 0, bottom: 0, zIndex: 1000, display: 'flex', alignItems: 'flex-end', background: 'rgba(0, 0, 0, 0.55)' } as const;
const card = { width: '100%', boxSizing: 'border-box', padding: 'var(--qy-gap)', background: 'var(--qy-card)', borderRadius: 'var(--qy-radius) var(--qy-radius) 0 0' } as const;
const text = { lineHeight: 1.6, marginBottom: 'var(--qy-gap)' } as const;
const link = { color: 'var(--qy-focus)', textDecoration: 'underline' } as const;

/** The privacy agreement WeChat asks for before the first use of a declared item (weapp). */
export function PrivacyPrompt() {
  const open = useStore(privacyPromptStore);
  if (!open) return null;
  return (
    <View style={overlay} role='dialog' aria-label='用户隐私保护提示'>
      <View style={card}>
        <View className='qy-section-title'>用户隐私保护提示</View>
        <View style={text}>
          <Text>使用前请您阅读</Text>
          <Text style={link} onClick={openPrivacyGuide}>
            《千阳智治用户隐私保护指引》
          </Text>
          <Text>。我们只收集办事需要的信息，您可以随时查看和导出。</Text>
        </View>
        <View className='qy-actions'>
          <Button className='qy-btn qy-btn--plain' onClick={declinePrivacy}>
            不同意
          </Button>
          <Button className='qy-btn' id={AGREE_BUTTON_ID} openType='agreePrivacyAuthorization' onAgreePrivacyAuthorization={agreePrivacy}>
            同意并继续
          </Button>
        </View>
      </View>
    </View>
  );
}
