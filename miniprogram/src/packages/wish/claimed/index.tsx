import { View } from '@tarojs/components';
import { PageShell } from '../../../components/PageShell';
import { WishListView } from '../../../components/WishListView';
import { useSignedInUser } from '../../../hooks/use-session';
import './index.scss';

const FILTERS = ['claimed', 'fulfilled', 'completed'] as const;

export default function MyClaims() {
  const { user } = useSignedInUser();
  return (
    <PageShell>
      <View className='qy-title'>我认领的心愿</View>
      <View className='qy-muted list__lead'>帮忙完成后，请点开心愿填写完成情况。</View>
      {user && <WishListView scope='claimed' filters={FILTERS} emptyText='您还没有认领心愿，去心愿墙看看吧' />}
    </PageShell>
  );
}
