import Taro from '@tarojs/taro';
import { View } from '@tarojs/components';
import type { WishView } from '@shared/contracts/wishes';
import { PageShell } from '../../../components/PageShell';
import { SubmitWishForm } from '../../../components/SubmitWishForm';
import './index.scss';
import { ROUTES } from '../../../routes';
import { unitWordOf } from '../../../client/labels';
import { sessionStore } from '../../../client/session';
import { useSession } from '../../../hooks/use-session';

const submitted = (wish: WishView) => {
  void Taro.showToast({ title: `心愿已提交，等待${unitWordOf(sessionStore.get().user)}里审核`, icon: 'none' });
  void Taro.redirectTo({ url: ROUTES.wish.detail.url({ id: wish.id }) });
};

export default function SubmitWish() {
  const { user } = useSession();
  return (
    <PageShell>
      <View className='qy-title'>许个心愿</View>
      <View className='qy-muted submit__lead'>{unitWordOf(user)}里审核后，党员会认领并帮您实现。</View>
      <SubmitWishForm onSubmitted={submitted} />
    </PageShell>
  );
}
