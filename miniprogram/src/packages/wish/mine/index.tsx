import { View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { WishListView } from '../../../components/WishListView';
import { useSignedInUser } from '../../../hooks/use-session';
import './index.scss';

const FILTERS = ['pending_review', 'open', 'claimed', 'fulfilled', 'completed'] as const;

export default function MyWishes() {
  const { user } = useSignedInUser();
  return (
    <PageShell>
      <View className='qy-title'>我的心愿</View>
      <View className='qy-muted list__lead'>我提交的心愿，点开可以看办理经过。</View>
      {user && <WishListView scope='mine' filters={FILTERS} emptyText='您还没有提交过心愿' />}
    </PageShell>
  );
}
