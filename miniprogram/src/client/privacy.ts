import Taro from '@tarojs/taro';
import { createStore } from './store';
import { ROUTES } from '../routes';

type Resolve = (option: { event: 'exposureAuthorization' | 'agree' | 'disagree'; buttonId?: string }) => void;

/** The id of the agree button: WeChat checks that this very button was tapped. */
export const AGREE_BUTTON_ID = 'qy-privacy-agree';

/** True while a privacy prompt is waiting for the person's answer. */
export const privacyPromptStore = createStore<boolean>(false);
let pending: Resolve | null = null;

/**
 * weapp only: when the app first uses something the 用户隐私保护指引 declares, WeChat pauses that
 * call and asks us to show the guide; the page shell shows the prompt, the answer resumes the call.
 * On first launch the agreement is asked for at once.
 */
export function installPrivacyAuthorization(): void {
  if (process.env.TARO_ENV !== 'weapp' || typeof Taro.onNeedPrivacyAuthorization !== 'function') return;
  Taro.onNeedPrivacyAuthorization((resolve) => {
    pending = resolve as Resolve;
    privacyPromptStore.set(true);
    pending({ event: 'exposureAuthorization' });
  });
  Taro.getPrivacySetting({
    success: (res) => {
      if (res.needAuthorization) Taro.requirePrivacyAuthorize({ fail: () => undefined });
    },
  });
}

function answer(event: 'agree' | 'disagree'): void {
  pending?.(event === 'agree' ? { event, buttonId: AGREE_BUTTON_ID } : { event });
  pending = null;
  privacyPromptStore.set(false);
}

export const agreePrivacy = () => answer('agree');
export const declinePrivacy = () => answer('disagree');

/** The guide: WeChat's own page of the declared guide on weapp, ours everywhere else. */
export function openPrivacyGuide(): void {
  if (process.env.TARO_ENV === 'weapp' && typeof Taro.openPrivacyContract === 'function') {
    Taro.openPrivacyContract({ fail: () => void Taro.navigateTo({ url: ROUTES.account.privacy.url() }) });
  } else {
    void Taro.navigateTo({ url: ROUTES.account.privacy.url() });
  }
}
